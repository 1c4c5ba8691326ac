import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { type Actor, createRateLimiter, type RateLimiter } from '@meridian/kit';

/** `points` requests per `durationSeconds` window, per key. */
export interface RateLimitRule {
  points: number;
  durationSeconds: number;
}

/**
 * One budget per caller IP, per signed-in user, per API client and per tenant. The IP budget is spent
 * before the token is even verified (it shields the verification itself); the others once the caller is
 * known. A storefront renderer that calls from one address must forward the shopper's address and be
 * listed in TRUSTED_PROXIES, or the IP budget is everyone's.
 */
export interface EdgeRateLimits {
  ip: RateLimitRule;
  user: RateLimitRule;
  client: RateLimitRule;
  tenant: RateLimitRule;
}

export const defaultRateLimits: EdgeRateLimits = {
  ip: { points: 1200, durationSeconds: 60 },
  user: { points: 600, durationSeconds: 60 },
  client: { points: 1200, durationSeconds: 60 },
  tenant: { points: 12_000, durationSeconds: 60 },
};

export type RateLimitScope = keyof EdgeRateLimits;

export interface RateLimitRefusal {
  scope: RateLimitScope;
  retryAfterSeconds: number;
}

export interface EdgeRateLimiter {
  /** Spends one point of the caller address's budget; a refusal says how long to wait. */
  consumeIp(address: string): Promise<RateLimitRefusal | null>;
  /** Spends one point of the actor's budget (user or API client), then the tenant's. */
  consumeCaller(tenantId: string | null, actor: Actor): Promise<RateLimitRefusal | null>;
  close(): Promise<void>;
}

/**
 * The kit's limiter per scope: Redis when `redisUrl` is set (every gateway instance shares the budget),
 * in process otherwise. `namespace` keeps parallel installations (and test runs) on one Redis apart.
 */
export function createEdgeRateLimiter(options: {
  limits: EdgeRateLimits;
  redisUrl: string | undefined;
  namespace: string;
}): EdgeRateLimiter {
  const make = (scope: RateLimitScope): RateLimiter =>
    createRateLimiter({
      ...(options.redisUrl ? { redisUrl: options.redisUrl } : {}),
      keyPrefix: `${options.namespace}:edge:${scope}`,
      points: options.limits[scope].points,
      durationSeconds: options.limits[scope].durationSeconds,
    });
  const limiters: Record<RateLimitScope, RateLimiter> = {
    ip: make('ip'),
    user: make('user'),
    client: make('client'),
    tenant: make('tenant'),
  };
  const consume = async (scope: RateLimitScope, key: string): Promise<RateLimitRefusal | null> => {
    const outcome = await limiters[scope].consume(key);
    if (outcome.allowed) return null;
    return { scope, retryAfterSeconds: Math.max(1, Math.ceil(outcome.retryAfterSeconds)) };
  };
  return {
    consumeIp: (address) => consume('ip', address),
    consumeCaller: async (tenantId, actor) => {
      if (actor.kind === 'user' && actor.userId) {
        const refused = await consume('user', `${tenantId ?? 'platform'}:${actor.userId}`);
        if (refused) return refused;
      } else if (actor.kind === 'client' && actor.clientId) {
        const refused = await consume('client', actor.clientId);
        if (refused) return refused;
      }
      return tenantId ? consume('tenant', tenantId) : null;
    },
    close: async () => {
      await Promise.all(Object.values(limiters).map((l) => l.close()));
    },
  };
}

/**
 * A budget spent inside a subgraph (identity's sign-in throttle) surfaces as a RATE_LIMITED GraphQL error
 * with `retryAfter`; the response then carries `Retry-After` like an edge refusal, and 429 when the
 * refusal left no data at all.
 */
export function retryAfterPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          const result = response.body.kind === 'single' ? response.body.singleResult : response.body.initialResult;
          const waits = (result.errors ?? [])
            .filter((e) => e.extensions?.code === 'RATE_LIMITED')
            .map((e) => Number(e.extensions?.retryAfter))
            .filter((s) => Number.isFinite(s) && s > 0);
          if (waits.length === 0) return;
          response.http.headers.set('retry-after', String(Math.ceil(Math.max(...waits))));
          const data = result.data;
          if (data === undefined || data === null || Object.values(data).every((v) => v === null)) {
            response.http.status = 429;
          }
        },
      };
    },
  };
}
