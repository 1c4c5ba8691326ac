import 'server-only';
import { cookies, headers } from 'next/headers';
import { COOKIE } from './cookies.ts';
import type { GatewayCall } from './gateway.ts';
import { tenantHostOf } from './site.ts';

/**
 * The current shopper's way to the graph, for dynamic pages, server actions and route handlers: the store's host, the
 * access token from the httpOnly cookie (already renewed by the proxy when it had expired) and the shopper's address.
 */
export async function shopperCall(): Promise<GatewayCall & { signedIn: boolean }> {
  const [jar, head] = await Promise.all([cookies(), headers()]);
  const host = tenantHostOf(head.get('host'));
  if (!host) throw new Error('request without a valid host');
  const accessToken = jar.get(COOKIE.access)?.value ?? null;
  return {
    host,
    accessToken,
    signedIn: Boolean(accessToken),
    forwardedFor: head.get('x-forwarded-for'),
    requestId: head.get('x-request-id'),
  };
}

export async function isSecureRequest(): Promise<boolean> {
  const head = await headers();
  return head.get('x-forwarded-proto') === 'https';
}
