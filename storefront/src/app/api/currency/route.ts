import { NextResponse } from 'next/server';
import { COOKIE, cookieOptions } from '../../../lib/cookies.ts';

/** POST /api/currency: the shopper's currency (a cookie the proxy turns into the page's market), then back. */
export async function POST(request: Request) {
  const form = await request.formData();
  const currency = String(form.get('currency') ?? '');
  const back = request.headers.get('referer');
  const target = back && new URL(back).host === new URL(request.url).host ? back : '/';
  const response = NextResponse.redirect(new URL(target, request.url), 303);
  const secure = new URL(request.url).protocol === 'https:';
  if (/^[A-Z]{3}$/.test(currency))
    response.cookies.set(COOKIE.currency, currency, { ...cookieOptions(secure, 60 * 60 * 24 * 365), httpOnly: false });
  else response.cookies.set(COOKIE.currency, '', cookieOptions(secure, 0));
  return response;
}
