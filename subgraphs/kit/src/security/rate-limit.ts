import { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { connectionOptions, quit } from '../cache/invalidation-subscriber.ts';

export interface RateLimitOptions {
  /** Redis shares the counts between processes; without it each process counts alone, in memory. */
  redisUrl?: string | undefined;
  /** Names the limit; keys of different limits never meet. */
  keyPrefix: string;
  points: number;
  durationSeconds: number;
  /** Once the points are spent, refuse for this long (default: until the window ends). */
  blockDurationSeconds?: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** 0 when allowed; otherwise whole seconds until a retry can succeed (for `Retry-After`). */
  retryAfterSeconds: number;
  remaining: number;
}

export interface RateLimiter {
  consume(key: string, points?: number): Promise<RateLimitDecision>;
  reset(key: string): Promise<void>;
  /** Releases the Redis connection (shared with other limiters of the same URL). */
  close(): Promise<void>;
}

// One Redis connection per URL for all limiters of the process, closed when the last one closes.
const connections = new Map<string, { client: Redis; users: number }>();

function acquireRedis(url: string): Redis {
  const existing = connections.get(url);
  if (existing) {
    existing.users++;
    return existing.client;
  }
  const client = new Redis(url, { ...connectionOptions, connectionName: 'meridian-rate-limit' });
  // Errors are answered by the in-memory insurance limiter; ioredis reconnects on its own.
  client.on('error', () => {});
  connections.set(url, { client, users: 1 });
  return client;
}

async function releaseRedis(url: string): Promise<void> {
  const entry = connections.get(url);
  if (!entry) return;
  entry.users--;
  if (entry.users > 0) return;
  connections.delete(url);
  await quit(entry.client);
}

/** A rate-limiter-flexible limiter on Redis (falling back to memory while Redis fails) or in memory. */
export function flexibleLimiter(options: RateLimitOptions): { limiter: RateLimiterAbstract; close(): Promise<void> } {
  const base = {
    keyPrefix: options.keyPrefix,
    points: options.points,
    duration: options.durationSeconds,
    blockDuration: options.blockDurationSeconds ?? 0,
  };
  const memory = new RateLimiterMemory(base);
  const url = options.redisUrl;
  if (!url) return { limiter: memory, close: async () => {} };
  const limiter = new RateLimiterRedis({
    ...base,
    // Commands sent while the connection opens wait for it (ioredis' offline queue), so counts never
    // split between memory and Redis at start; a failing command falls back to the insurance limiter.
    storeClient: acquireRedis(url),
    // Counting per process while Redis is away beats refusing everyone or letting everything through.
    insuranceLimiter: memory,
  });
  let closed = false;
  return {
    limiter,
    close: async () => {
      if (closed) return;
      closed = true;
      await releaseRedis(url);
    },
  };
}

export function retryAfter(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  if (!(options.points > 0) || !(options.durationSeconds > 0)) {
    throw new Error('a rate limit needs positive points and durationSeconds');
  }
  const { limiter, close } = flexibleLimiter(options);
  return {
    async consume(key, points = 1) {
      try {
        const res = await limiter.consume(key, points);
        return { allowed: true, retryAfterSeconds: 0, remaining: res.remainingPoints };
      } catch (error) {
        if (error instanceof RateLimiterRes) {
          return { allowed: false, retryAfterSeconds: retryAfter(error), remaining: 0 };
        }
        throw error;
      }
    },
    async reset(key) {
      await limiter.delete(key);
    },
    close,
  };
}
