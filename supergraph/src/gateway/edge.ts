import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import {
  type AccessClaims,
  type Actor,
  type ContextClaims,
  type ContextKeys,
  MeridianError,
  normaliseHost,
  type Tenant,
  type TenantDirectory,
  unauthenticated,
  verifyAccessToken,
} from '@meridian/kit';

export interface EdgeDeps {
  accessKeys: ContextKeys;
  tenants: TenantDirectory;
  platformHosts: string[];
}

const anonymous: Actor = { kind: 'anonymous', permissions: [] };
const requestIdPattern = /^[A-Za-z0-9._-]{8,128}$/;

/** A caller-supplied request id is kept when it looks sane (tracing across systems), else a new one. */
export function requestIdOf(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && requestIdPattern.test(incoming) ? incoming : randomUUID();
}

function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw unauthenticated('Authorization header must be `Bearer <token>`');
  return match[1];
}

function assertServable(tenant: Tenant): void {
  if (tenant.status === 'suspended') throw new MeridianError('FORBIDDEN', 'Tenant is suspended');
  if (tenant.status !== 'active') throw new MeridianError('FORBIDDEN', 'Tenant is not ready');
}

/**
 * Who is calling and for which tenant. The tenant comes from the verified access token, or, for
 * anonymous storefront traffic, from the host name; never from a bare header. A token of tenant A
 * used on tenant B's host is refused.
 */
export async function resolveCaller(req: IncomingMessage, deps: EdgeDeps, requestId: string): Promise<ContextClaims> {
  const host = normaliseHost(req.headers.host ?? '');
  const onPlatformHost = host === '' || deps.platformHosts.includes(host);
  const hostTenant = onPlatformHost ? null : await deps.tenants.byHost(host);
  if (!onPlatformHost && !hostTenant) throw new MeridianError('NOT_FOUND', `No tenant is served at ${host}`);

  const token = bearerToken(req);
  let access: AccessClaims | null = null;
  if (token) access = await verifyAccessToken(deps.accessKeys, token);

  let tenant: Tenant | null = hostTenant;
  if (access) {
    if (access.tenantId === null) {
      // Platform operators work on the platform host only.
      if (hostTenant) throw unauthenticated('This token is not valid for this tenant');
    } else {
      if (hostTenant && hostTenant.id !== access.tenantId)
        throw unauthenticated('This token is not valid for this tenant');
      tenant = hostTenant ?? (await deps.tenants.byId(access.tenantId));
      if (!tenant) throw unauthenticated('Unknown tenant');
    }
  }
  if (tenant) assertServable(tenant);
  const address = req.socket.remoteAddress;
  return {
    requestId,
    tenantId: tenant?.id ?? null,
    actor: access?.actor ?? anonymous,
    ...(address ? { clientAddress: address } : {}),
  };
}
