import type { Logger } from 'pino';
import type { TenantCache } from '../cache/tenant-cache.ts';
import type { InternalClient } from '../internal/internal-client.ts';
import type { TenantDirectory } from '../tenancy/directory.ts';
import type { Tenant } from '../tenancy/tenant.ts';
import type { TenantTx } from '../tenancy/with-tenant.ts';

/** Who is calling. Permissions are strings like `catalog:write`; `platform:*` is the platform operator. */
export interface Actor {
  kind: 'anonymous' | 'user' | 'client' | 'system';
  userId?: string;
  clientId?: string;
  sessionId?: string;
  permissions: string[];
  /** The user proved a second factor in this session. */
  mfa?: boolean;
  /** A signed-in customer's price group (e.g. `wholesale`), as of their access token; absent = public prices. */
  customerGroup?: string;
}

/**
 * What the gateway signs into the internal context token: who calls, for which tenant, from where. Nothing
 * about one request, so one token serves all of a caller's requests for a while (ADR 0017); the request
 * id travels in the `x-request-id` header.
 */
export interface ContextClaims {
  /** `ten_…`, or null for platform-level calls. */
  tenantId: string | null;
  actor: Actor;
  clientAddress?: string;
}

/** Work bound to the request's tenant: one transaction per call, schema and role set by the kit. */
export interface TenantDb {
  transaction<T>(work: (tx: TenantTx) => Promise<T>): Promise<T>;
}

/** What every resolver receives. Business code reads `tenant`, `actor` and uses `db`; nothing else. */
export interface RequestContext {
  requestId: string;
  subgraph: string;
  tenant: Tenant | null;
  actor: Actor;
  clientAddress: string | undefined;
  log: Logger;
  /** Present only when the request is bound to an active tenant: no tenant, no database handle. */
  db: TenantDb | null;
  /** The shared cache, scoped to this request's tenant (or the platform when there is none). */
  cache: TenantCache;
  /** Synchronous commands to other subgraphs for this tenant and request (e.g. reserve stock). */
  internal: InternalClient;
  /** Per-request memo for DataLoaders (see loaders.ts). */
  loaders: Map<string, unknown>;
  /** The control plane (tenant lookups and operator actions); guarded by permission rules. */
  tenants: TenantDirectory;
}
