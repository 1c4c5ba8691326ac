import 'server-only';
import { cookies, headers } from 'next/headers';
import { NextResponse } from 'next/server';
import { type Tokens, tokenCookies } from './auth.ts';
import { mergeGuestCart } from './cart.ts';
import { COOKIE } from './cookies.ts';
import type { GatewayCall } from './gateway.ts';
import { tenantHostOf } from './site.ts';

/** What a sign-in or sign-up form sends: JSON from the enhanced form, or a plain form post without JavaScript. */
export async function readForm(request: Request): Promise<{ fields: Record<string, string>; json: boolean }> {
  const type = request.headers.get('content-type') ?? '';
  if (type.includes('application/json')) {
    const body = (await request.json().catch(() => ({}))) as Record<string, unknown>;
    return {
      json: true,
      fields: Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : ''])),
    };
  }
  const form = await request.formData();
  return {
    json: false,
    fields: Object.fromEntries([...form.entries()].map(([k, v]) => [k, typeof v === 'string' ? v : ''])),
  };
}

export async function routeCall(): Promise<GatewayCall> {
  const head = await headers();
  const host = tenantHostOf(head.get('host'));
  if (!host) throw new Error('request without a valid host');
  const jar = await cookies();
  return { host, accessToken: jar.get(COOKIE.access)?.value ?? null, forwardedFor: head.get('x-forwarded-for') };
}

export function isSecure(request: Request): boolean {
  return new URL(request.url).protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https';
}

/** A local path to return to after signing in; anything else (another site, `//evil`) becomes the account page. */
export function safeNext(value: string | undefined, fallback = '/account'): string {
  return value && /^\/(?!\/)[^\s\\]*$/.test(value) ? value : fallback;
}

/** Stores fresh tokens, then merges the guest's cart into the customer's (a failure leaves the guest cookie for later). */
export async function signedIn(call: GatewayCall, tokens: Tokens, secure: boolean): Promise<void> {
  const jar = await cookies();
  for (const { name, value, options } of tokenCookies(tokens, secure)) jar.set(name, value, options);
  const guest = jar.get(COOKIE.cart)?.value;
  if (guest) await mergeGuestCart({ ...call, accessToken: tokens.accessToken }, guest).catch(() => undefined);
}

/** JSON for the enhanced form, a 303 back to a page for a plain form post. */
export function answer(
  json: boolean,
  request: Request,
  body: Record<string, unknown> & { ok: boolean },
  redirectTo: string,
): NextResponse {
  if (json) return NextResponse.json(body, { status: body.ok ? 200 : 422 });
  return NextResponse.redirect(new URL(redirectTo, request.url), 303);
}
