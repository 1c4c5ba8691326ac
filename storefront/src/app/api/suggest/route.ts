import { NextResponse } from 'next/server';
import { routeCall } from '../../../lib/auth-route.ts';
import { suggestionQuery, suggestProducts } from '../../../lib/suggest.ts';

/**
 * GET /api/suggest?q=: the header search box's product suggestions while the shopper types. Public catalog data,
 * asked anonymously (the shopper's token is not needed), briefly cacheable by the browser.
 */
export async function GET(request: Request) {
  const query = suggestionQuery(new URL(request.url).searchParams.get('q'));
  if (!query) return NextResponse.json({ suggestions: [] });
  const call = await routeCall();
  const { suggestions, error } = await suggestProducts({ ...call, accessToken: null, timeoutMs: 3_000 }, query);
  if (error) {
    const retryAfter = error.retryAfterSeconds;
    return NextResponse.json(
      { suggestions: [] },
      { status: retryAfter ? 429 : 502, headers: retryAfter ? { 'retry-after': String(retryAfter) } : {} },
    );
  }
  return NextResponse.json({ suggestions }, { headers: { 'cache-control': 'private, max-age=60' } });
}
