import { cookies } from 'next/headers';
import { NextResponse } from 'next/server';
import { clearedTokenCookies, refreshTokens, tokenCookies } from '../../../../lib/auth.ts';
import { isSecure, routeCall } from '../../../../lib/auth-route.ts';
import { COOKIE } from '../../../../lib/cookies.ts';

/**
 * POST /api/auth/refresh: renews the tokens from the refresh cookie. The proxy already does this before any request
 * whose access token has expired; this endpoint is for a page that stays open a long time (checkout) and wants to
 * renew before submitting. Answers whether the shopper is (still) signed in.
 */
export async function POST(request: Request) {
  const call = await routeCall();
  const jar = await cookies();
  const refresh = jar.get(COOKIE.refresh)?.value;
  if (!refresh) return NextResponse.json({ signedIn: Boolean(call.accessToken) });
  const outcome = await refreshTokens(call.host, refresh, call.forwardedFor);
  const secure = isSecure(request);
  if (outcome.ok) {
    for (const { name, value, options } of tokenCookies(outcome.tokens, secure)) jar.set(name, value, options);
    return NextResponse.json({ signedIn: true });
  }
  if (outcome.reason === 'invalid') {
    for (const { name, value, options } of clearedTokenCookies(secure)) jar.set(name, value, options);
    return NextResponse.json({ signedIn: false });
  }
  return NextResponse.json({ signedIn: Boolean(call.accessToken), error: 'unavailable' }, { status: 503 });
}
