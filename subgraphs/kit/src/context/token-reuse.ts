import type { ContextClaims } from './request-context.ts';

/**
 * An Ed25519 signature or verification costs more than the rest of a request's edge work (~0.4 ms on
 * the bench machine), and the context token carries nothing about one request (ADR 0017): the gateway
 * signs one per caller and reuses it, and a subgraph verifies each token string once.
 */

export interface ContextTokenSigner {
  sign(claims: ContextClaims): Promise<string>;
}

export interface ContextTokenVerifier {
  /** Resolves the token's claims; rejects exactly as the underlying check does. */
  verify(token: string): Promise<ContextClaims>;
}

export interface CheckedContextToken {
  claims: ContextClaims;
  /** When a verifier must stop accepting the token (its `exp`, or its maximum age), in ms. */
  acceptUntilMs: number;
}

interface ReuseOptions {
  maxEntries?: number;
  now?: () => number;
}

/**
 * Only what the token holds (a caller's object may carry more, e.g. a whole context), so a caller's tokens
 * are alike whatever request they serve.
 */
export function tokenClaimsOf(claims: ContextClaims): ContextClaims {
  return {
    tenantId: claims.tenantId,
    actor: claims.actor,
    ...(claims.clientAddress === undefined ? {} : { clientAddress: claims.clientAddress }),
  };
}

/** A Map kept in least-recently-used order: a read moves the entry last, the first one goes beyond `max`. */
function touch<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value as K);
}

/**
 * Reuses the token signed for the same claims for `reuseMs` (well inside the token's lifetime, so a token
 * handed out always has at least lifetime - reuseMs left for the request's fan-out). The key is the JSON of
 * exactly what gets signed, and what gets signed is parsed back from that key: a token can only be reused
 * for claims identical to its own, whatever fields an actor gains later. Concurrent first requests share
 * one signature; a failed signature is forgotten.
 */
export function createContextTokenSigner(
  signNew: (claims: ContextClaims) => Promise<string>,
  options: ReuseOptions & { reuseMs?: number } = {},
): ContextTokenSigner {
  const reuseMs = options.reuseMs ?? 30_000;
  const maxEntries = options.maxEntries ?? 1000;
  const now = options.now ?? (() => Date.now());
  const entries = new Map<string, { token: Promise<string>; renewAt: number }>();
  return {
    sign(claims) {
      const key = JSON.stringify(tokenClaimsOf(claims));
      const hit = entries.get(key);
      if (hit && hit.renewAt > now()) {
        touch(entries, key, hit, maxEntries);
        return hit.token;
      }
      const entry = { token: signNew(JSON.parse(key) as ContextClaims), renewAt: now() + reuseMs };
      entry.token.catch(() => {
        if (entries.get(key) === entry) entries.delete(key);
      });
      touch(entries, key, entry, maxEntries);
      return entry.token;
    },
  };
}

/**
 * Remembers tokens that verified, until `marginMs` before the verifier would refuse them, so the gateway's
 * reused token costs one verification per subgraph process rather than one per request. Refusals are never
 * remembered (each costs a check; only the gateway's key can make an entry). The claims are frozen: one
 * object serves many requests, and none may change what another sees.
 */
export function createContextTokenVerifier(
  check: (token: string) => Promise<CheckedContextToken>,
  options: ReuseOptions & { marginMs?: number } = {},
): ContextTokenVerifier {
  const maxEntries = options.maxEntries ?? 5000;
  const marginMs = options.marginMs ?? 2000;
  const now = options.now ?? (() => Date.now());
  const entries = new Map<string, { claims: ContextClaims; until: number }>();
  return {
    async verify(token) {
      const hit = entries.get(token);
      if (hit) {
        if (hit.until > now()) {
          touch(entries, token, hit, maxEntries);
          return hit.claims;
        }
        entries.delete(token);
      }
      const { claims, acceptUntilMs } = await check(token);
      const frozen = deepFreeze(claims);
      const until = acceptUntilMs - marginMs;
      if (until > now()) touch(entries, token, { claims: frozen, until }, maxEntries);
      return frozen;
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
