import { cookies } from 'next/headers';
import { NextResponse } from 'next/server';
import { SignOutMutation } from '../../../../lib/account.ts';
import { clearedTokenCookies } from '../../../../lib/auth.ts';
import { isSecure, routeCall } from '../../../../lib/auth-route.ts';
import { COOKIE, cookieOptions } from '../../../../lib/cookies.ts';
import { execute } from '../../../../lib/graphql-client.ts';

/** POST /api/auth/sign-out: ends the session at identity (best effort) and forgets the tokens and the cart handle. */
export async function POST(request: Request) {
  const call = await routeCall();
  if (call.accessToken)
    await execute(call, SignOutMutation, { input: { allSessions: false } }, 'mutation').catch(() => undefined);
  const jar = await cookies();
  const secure = isSecure(request);
  for (const { name, value, options } of clearedTokenCookies(secure)) jar.set(name, value, options);
  jar.set(COOKIE.cart, '', cookieOptions(secure, 0));
  if ((request.headers.get('accept') ?? '').includes('application/json')) return NextResponse.json({ ok: true });
  return NextResponse.redirect(new URL('/', request.url), 303);
}
