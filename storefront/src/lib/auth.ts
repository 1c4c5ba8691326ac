import { graphql } from '../__generated__/gql.ts';
import { COOKIE, cookieOptions, secondsUntil } from './cookies.ts';
import { execute } from './graphql-client.ts';

export const RefreshSessionMutation = graphql(`
  mutation RefreshSession($input: RefreshSessionInput!) {
    refreshSession(input: $input) {
      tokens {
        accessToken
        accessTokenExpiresAt
        refreshToken
        refreshTokenExpiresAt
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export interface Tokens {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
}

export type RefreshOutcome = { ok: true; tokens: Tokens } | { ok: false; reason: 'invalid' | 'unavailable' };

/**
 * Refresh tokens are single use and a reused one ends the whole session, so concurrent requests of one browser (a
 * page and its server action, two tabs) must not each spend the same token: the first call does the work and the
 * others share its answer for a short while. Per process; more app instances need sticky sessions or a shared store.
 */
const inFlight = new Map<string, { at: number; outcome: Promise<RefreshOutcome> }>();
const SHARE_MS = 30_000;

export function refreshTokens(
  host: string,
  refreshToken: string,
  forwardedFor?: string | null,
): Promise<RefreshOutcome> {
  const now = Date.now();
  for (const [key, entry] of inFlight) if (now - entry.at > SHARE_MS) inFlight.delete(key);
  const key = `${host} ${refreshToken}`;
  const existing = inFlight.get(key);
  if (existing) return existing.outcome;
  const outcome = (async (): Promise<RefreshOutcome> => {
    try {
      const result = await execute(
        { host, forwardedFor },
        RefreshSessionMutation,
        { input: { refreshToken } },
        'mutation',
      );
      // a rate-limit refusal is not a verdict on the token: keep it for the next request
      if (result.error)
        return {
          ok: false,
          reason: result.error.network || result.error.retryAfterSeconds ? 'unavailable' : 'invalid',
        };
      const tokens = result.data.refreshSession.tokens;
      return tokens ? { ok: true, tokens } : { ok: false, reason: 'invalid' };
    } catch {
      return { ok: false, reason: 'unavailable' };
    }
  })();
  inFlight.set(key, { at: now, outcome });
  return outcome;
}

/** What to write to the browser for a fresh pair of tokens. */
export function tokenCookies(tokens: Tokens, secure: boolean) {
  return [
    {
      name: COOKIE.access,
      value: tokens.accessToken,
      options: cookieOptions(secure, secondsUntil(tokens.accessTokenExpiresAt, 30)),
    },
    {
      name: COOKIE.refresh,
      value: tokens.refreshToken,
      options: cookieOptions(secure, secondsUntil(tokens.refreshTokenExpiresAt, 0)),
    },
  ];
}

export function clearedTokenCookies(secure: boolean) {
  return [
    { name: COOKIE.access, value: '', options: cookieOptions(secure, 0) },
    { name: COOKIE.refresh, value: '', options: cookieOptions(secure, 0) },
  ];
}
