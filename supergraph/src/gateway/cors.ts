import type { IncomingMessage, ServerResponse } from 'node:http';
import { normaliseHost, type Tenant } from '@meridian/kit';

/**
 * CORS from the tenants' own hosts, not from a static list: a browser page may call the graph when its
 * origin is a host of the tenant being served (its storefront, its back-office), or, in development, a
 * platform host (the local apps on localhost). Tokens travel in the Authorization header, never in
 * cookies, so credentials are not allowed.
 */
export interface CorsPolicy {
  platformHosts: string[];
  development: boolean;
  /** Production accepts https origins only. */
  production: boolean;
  byHost(host: string): Promise<Tenant | null>;
}

const allowedMethods = 'GET, POST, OPTIONS';
const allowedHeaders = [
  'authorization',
  'content-type',
  'x-request-id',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'apollographql-client-name',
  'apollographql-client-version',
].join(', ');
const exposedHeaders = 'x-request-id, retry-after';
const preflightMaxAgeSeconds = 600;

/** The origin's host name (no port, no brackets), or null when it is not an http(s) origin. */
export function originHostOf(origin: string, production: boolean): string | null {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && (production || url.protocol !== 'http:')) return null;
  return normaliseHost(url.hostname.replace(/^\[(.*)\]$/, '$1'));
}

/** A request from a page on the gateway's own host and port is same-origin: CORS does not apply. */
function isSameOrigin(req: IncomingMessage, origin: string): boolean {
  try {
    return new URL(origin).host.toLowerCase() === (req.headers.host ?? '').toLowerCase();
  } catch {
    return false;
  }
}

/**
 * Whether `origin` may call on behalf of `tenant` (null: a platform-level call). Same-origin may; a
 * tenant's origins are its hosts; platform hosts are origins in development only; production takes
 * https origins only, whatever the host.
 */
export function originAllowed(
  req: IncomingMessage,
  origin: string,
  tenant: Tenant | null,
  policy: CorsPolicy,
): boolean {
  const host = originHostOf(origin, policy.production);
  if (!host) return false;
  if (isSameOrigin(req, origin)) return true;
  if (policy.development && policy.platformHosts.includes(host)) return true;
  return tenant?.hosts.includes(host) ?? false;
}

/**
 * A preflight carries no Authorization header, so the tenant is the host's; on a platform host (where the
 * token will name the tenant) the origin must be a host of some tenant that is being served.
 */
export async function preflightAllowed(
  req: IncomingMessage,
  origin: string,
  hostTenant: Tenant | null,
  policy: CorsPolicy,
): Promise<boolean> {
  if (originAllowed(req, origin, hostTenant, policy)) return true;
  if (hostTenant) return false;
  const host = originHostOf(origin, policy.production);
  if (!host) return false;
  const tenant = await policy.byHost(host);
  return tenant?.status === 'active';
}

/** Headers of an allowed cross-origin response (actual request or preflight). */
export function setCorsHeaders(res: ServerResponse, origin: string, preflight: boolean): void {
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('access-control-expose-headers', exposedHeaders);
  if (preflight) {
    res.setHeader('access-control-allow-methods', allowedMethods);
    res.setHeader('access-control-allow-headers', allowedHeaders);
    res.setHeader('access-control-max-age', String(preflightMaxAgeSeconds));
  }
}
