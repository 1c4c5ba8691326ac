import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import {
  type AccessClaims,
  type Actor,
  type ContextClaims,
  MeridianError,
  normaliseHost,
  type SigningKeyStore,
  type Tenant,
  type TenantDirectory,
  unauthenticated,
  verifyAccessTokenWith,
} from '@meridian/kit';

export interface EdgeDeps {
  /** Access tokens are verified with the platform's signing keys, looked up by the token's `kid`. */
  signingKeys: SigningKeyStore;
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

/**
 * The caller's address. Behind `trustedProxyHops` proxies (a load balancer, a storefront renderer) it is
 * the X-Forwarded-For entry that many hops from the right: entries further left are the client's to
 * forge, so they are never trusted.
 */
export function clientAddressOf(req: IncomingMessage, trustedProxyHops: number): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (trustedProxyHops <= 0) return peer;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  return forwarded[forwarded.length - trustedProxyHops] ?? forwarded[0] ?? peer;
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

/** The tenant the host name serves, or null on a platform host; an unknown host is NOT_FOUND. */
export async function hostTenantOf(req: IncomingMessage, deps: EdgeDeps): Promise<Tenant | null> {
  const host = normaliseHost(req.headers.host ?? '');
  if (host === '' || deps.platformHosts.includes(host)) return null;
  const tenant = await deps.tenants.byHost(host);
  if (!tenant) throw new MeridianError('NOT_FOUND', `No tenant is served at ${host}`);
  return tenant;
}

export interface Caller {
  claims: ContextClaims;
  /** The tenant served (from the token, else the host), or null for platform-level calls. */
  tenant: Tenant | null;
}

/**
 * Who is calling and for which tenant. The tenant comes from the verified access token, or, for
 * anonymous storefront traffic, from the host name; never from a bare header. A token of tenant A
 * used on tenant B's host is refused.
 */
export async function resolveCaller(
  req: IncomingMessage,
  deps: EdgeDeps,
  request: { requestId: string; clientAddress: string; hostTenant: Tenant | null },
): Promise<Caller> {
  const { requestId, clientAddress, hostTenant } = request;
  const token = bearerToken(req);
  let access: AccessClaims | null = null;
  if (token) access = await verifyAccessTokenWith(deps.signingKeys, token);

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
  return {
    tenant,
    claims: { requestId, tenantId: tenant?.id ?? null, actor: access?.actor ?? anonymous, clientAddress },
  };
}
