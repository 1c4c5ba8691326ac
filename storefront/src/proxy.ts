import { type NextRequest, NextResponse } from 'next/server';
import { clearedTokenCookies, refreshTokens, tokenCookies } from './lib/auth.ts';
import { COOKIE } from './lib/cookies.ts';
import { encodeMarket, isCurrencyCode, negotiateLocale, tenantHostOf } from './lib/site.ts';

/**
 * Runs before every page, server action and route handler:
 * 1. the store: the Host header's name (`acme.localhost:3000` → `acme.localhost`), refused when it is not a DNS name;
 * 2. the session: an expired access token is renewed with the refresh token here, invisibly, so pages and actions
 *    always see a valid one (and the new cookies go back to the browser);
 * 3. pages are rewritten to `/<host>/<locale>_<currency>/<path>`, the segments app/[host]/[market] reads, so every
 *    tenant, locale and currency has its own cached (ISR) pages. Route handlers under /api keep their path.
 */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  const host = tenantHostOf(request.headers.get('host'));
  if (!host) return new NextResponse('Unknown host', { status: 400 });
  const secure = request.nextUrl.protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https';

  // the shopper's address for the gateway's rate limits (the last hop is ours)
  const requestHeaders = new Headers(request.headers);
  const setCookies: { name: string; value: string; options: object }[] = [];
  const access = request.cookies.get(COOKIE.access)?.value;
  const refresh = request.cookies.get(COOKIE.refresh)?.value;
  if (!access && refresh) {
    const outcome = await refreshTokens(host, refresh, request.headers.get('x-forwarded-for'));
    if (outcome.ok) {
      setCookies.push(...tokenCookies(outcome.tokens, secure));
      request.cookies.set(COOKIE.access, outcome.tokens.accessToken);
      request.cookies.set(COOKIE.refresh, outcome.tokens.refreshToken);
      requestHeaders.set('cookie', request.cookies.toString());
    } else if (outcome.reason === 'invalid') {
      // signed out elsewhere or expired: the shopper browses as a guest (the cart cookie stays)
      setCookies.push(...clearedTokenCookies(secure));
      request.cookies.delete(COOKIE.refresh);
      requestHeaders.set('cookie', request.cookies.toString());
    }
    // unavailable: keep the refresh token for the next request
  }

  const { pathname, search } = request.nextUrl;
  let response: NextResponse;
  if (pathname.startsWith('/api/')) {
    response = NextResponse.next({ request: { headers: requestHeaders } });
  } else {
    const currencyCookie = request.cookies.get(COOKIE.currency)?.value;
    const market = encodeMarket({
      locale: negotiateLocale(request.headers.get('accept-language')),
      currency: isCurrencyCode(currencyCookie) ? currencyCookie : 'default',
    });
    // nextUrl keeps Next's own idea of this server, so the rewrite stays in process (a URL built from the Host
    // would be fetched over HTTP as an external rewrite)
    const target = request.nextUrl.clone();
    target.pathname = `/${host}/${market}${pathname === '/' ? '' : pathname}`;
    target.search = search;
    response = NextResponse.rewrite(target, { request: { headers: requestHeaders } });
  }
  for (const { name, value, options } of setCookies) response.cookies.set(name, value, options);
  return response;
}

export const config = {
  // everything but Next's own assets and files with an extension (sitemap.xml and robots.txt are pages here)
  matcher: ['/((?!_next/|favicon.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico|css|js|map|woff2?)$).*)'],
};
