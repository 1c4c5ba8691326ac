import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';
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
  /** Remembers verified tokens; without it every request verifies its token. */
  accessTokens?: AccessTokenCache;
}

export interface AccessTokenCache {
  /** The token's claims: verified once, then remembered until it expires (refusals are not remembered). */
  verify(token: string): Promise<AccessClaims>;
}

/**
 * A client sends the same access token with every request for its ten minutes, and an Ed25519
 * verification costs more than the rest of the edge: verify it once. An entry lives until the token's
 * `exp`, and at most `maxAgeMs`, so a signing key retired from the store stops working within that
 * time, as it would for a verifier caching the JWKS. Least recently used tokens go first beyond
 * `maxEntries` (an attacker's fresh tokens cost a verification each, which the IP budget bounds).
 */
export function createAccessTokenCache(
  signingKeys: SigningKeyStore,
  options: { maxEntries?: number; maxAgeMs?: number; now?: () => number } = {},
): AccessTokenCache {
  const maxEntries = options.maxEntries ?? 5000;
  const maxAgeMs = options.maxAgeMs ?? 60_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { claims: AccessClaims; until: number }>();
  return {
    async verify(token) {
      const hit = entries.get(token);
      if (hit) {
        entries.delete(token);
        if (hit.until > now()) {
          entries.set(token, hit); // most recently used last
          return hit.claims;
        }
      }
      const claims = await verifyAccessTokenWith(signingKeys, token);
      entries.set(token, { claims, until: Math.min(now() + maxAgeMs, expiryOf(token)) });
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
      return claims;
    },
  };
}

/** `exp` of a token that has just been verified, in ms (a token without one is not remembered). */
function expiryOf(token: string): number {
  try {
    const exp = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')).exp;
    return typeof exp === 'number' ? exp * 1000 : 0;
  } catch {
    return 0;
  }
}

const anonymous: Actor = { kind: 'anonymous', permissions: [] };
const requestIdPattern = /^[A-Za-z0-9._-]{8,128}$/;

/** A caller-supplied request id is kept when it looks sane (tracing across systems), else a new one. */
export function requestIdOf(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && requestIdPattern.test(incoming) ? incoming : randomUUID();
}

/** Which peers may tell the gateway who the client is: the addresses and ranges of TRUSTED_PROXIES. */
export interface ProxyTrust {
  trusts(address: string): boolean;
}

/** `entries`: IP addresses and CIDR ranges (checked by the env parser); an empty list trusts no one. */
export function proxyTrust(entries: string[]): ProxyTrust {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/');
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return {
    trusts: (address) => {
      const family = isIP(address);
      return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
    },
  };
}

/** `::ffff:10.0.0.1` → `10.0.0.1`, `[::1]:443` → `::1`, `10.0.0.1:80` → `10.0.0.1`; anything else as is. */
function plainAddress(value: string): string {
  let address = value.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed?.[1]) address = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(':'));
  const mapped = /^::ffff:([\d.]+)$/i.exec(address);
  return mapped?.[1] && isIP(mapped[1]) === 4 ? mapped[1] : address;
}

/**
 * The caller's address. X-Forwarded-For is believed only when the peer is a trusted proxy, and then read
 * from the right: each entry was appended by the hop after it, so the first entry (from the right) not
 * itself a trusted proxy is the client. Entries further left are the client's own to forge and never
 * count. A malformed entry stops the walk at the last hop known to be trusted.
 */
export function clientAddressOf(req: IncomingMessage, trust: ProxyTrust): string {
  const peer = plainAddress(req.socket.remoteAddress ?? '');
  if (!trust.trusts(peer)) return peer || 'unknown';
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',');
  let client = peer;
  for (let i = forwarded.length - 1; i >= 0; i--) {
    const entry = plainAddress(forwarded[i] ?? '');
    if (isIP(entry) === 0) break;
    client = entry;
    if (!trust.trusts(entry)) break;
  }
  return client;
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
  request: {
    clientAddress: string;
    hostTenant: Tenant | null;
  },
): Promise<Caller> {
  const { clientAddress, hostTenant } = request;
  const token = bearerToken(req);
  let access: AccessClaims | null = null;
  if (token)
    access = deps.accessTokens
      ? await deps.accessTokens.verify(token)
      : await verifyAccessTokenWith(deps.signingKeys, token);

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
    claims: { tenantId: tenant?.id ?? null, actor: access?.actor ?? anonymous, clientAddress },
  };
}
