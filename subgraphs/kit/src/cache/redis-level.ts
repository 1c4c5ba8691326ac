import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { CacheOptions } from './cache.types.ts';
import { invalidationChannel } from './cache-keys.ts';
import {
  connectionOptions,
  type InvalidationListener,
  quit,
  subscribeToInvalidations,
} from './invalidation-subscriber.ts';

/**
 * L2: one Redis string per entry, `<header JSON>\n<value JSON>` (JSON never contains a raw newline),
 * header `{ t: { <tag key>: <token> }, e: <expires at, epoch ms> }`.
 *
 * Tags use versions, not sets of keys. Each tag key holds a random token; an entry records the tokens of
 * its tags as they were *before* its value was loaded, and is stale when any differs from the current
 * one; invalidating a tag deletes its token. A set of keys per tag cannot stop a load that read the
 * database before an invalidation from adding its key after the invalidation emptied the set, which
 * would resurrect a stale value; with tokens that late write carries the old token and is never served.
 * Missing token = stale, so an expired or evicted tag key costs misses, never stale hits, and a fresh
 * random token cannot repeat an old one (a counter restarting from 0 after eviction could).
 */
export interface RedisEntry {
  valueText: string;
  tagKeys: string[];
  expiresAt: number;
}

export interface RedisLevel {
  /** undefined on a miss, a stale entry, or a Redis error (logged once). */
  read(key: string): Promise<RedisEntry | undefined>;
  /** Current tokens of the tag keys, creating missing ones; null on a Redis error (then nothing is written). */
  captureTags(tagKeys: string[], ttlMs: number): Promise<Record<string, string> | null>;
  write(key: string, valueText: string, tokens: Record<string, string>, ttlMs: number): Promise<void>;
  /** Deletes the keys (data keys or tag keys) and tells every instance. Throws on a Redis error. */
  invalidate(keys: string[]): Promise<void>;
  ready(): Promise<void>;
  close(): Promise<void>;
}

// Set a token where there is none, extend (never shorten) the tag key's life to outlive the entry being
// written, and return the token; atomic, one round trip.
const captureScript = `
local tokens = {}
for i, key in ipairs(KEYS) do
  redis.call('SET', key, ARGV[1], 'NX', 'PX', ARGV[2])
  redis.call('PEXPIRE', key, ARGV[2], 'GT')
  tokens[i] = redis.call('GET', key)
end
return tokens`;

function parseHeader(text: string): { t: Record<string, string>; e: number } | undefined {
  const newline = text.indexOf('\n');
  if (newline < 0) return undefined;
  try {
    const header = JSON.parse(text.slice(0, newline));
    return header?.t && typeof header.t === 'object' && typeof header.e === 'number' ? header : undefined;
  } catch {
    return undefined;
  }
}

// A tag key must outlive entries written after a slow loader; a tag key that dies early only costs misses.
const tagLifeMarginMs = 3_600_000;

export function createRedisLevel(
  url: string,
  name: string,
  log: NonNullable<CacheOptions['log']>,
  listener: InvalidationListener,
): RedisLevel {
  const origin = randomUUID();
  const channel = invalidationChannel(name);
  const subscription = subscribeToInvalidations(url, name, origin, log, listener);
  const redis = new Redis(url, { ...connectionOptions, connectionName: `meridian-cache-${name}` });
  let failing = false;
  let closed = false;

  function failed(error: unknown): void {
    if (failing || closed) return;
    failing = true; // log the outage once, not once per request
    log.warn({ err: error, cache: name }, 'cache: Redis unavailable, serving from process memory only');
  }
  function succeeded(): void {
    if (!failing) return;
    failing = false;
    log.info({ cache: name }, 'cache: Redis available again');
  }
  // Once an outage is known, skip Redis until the connection is ready again instead of making every
  // request wait for a timeout; before the first connection commands wait in ioredis' offline queue.
  const down = () => redis.status === 'end' || (failing && redis.status !== 'ready');
  async function guarded<T>(operation: () => Promise<T>, fallback: T): Promise<T> {
    if (down()) return fallback;
    try {
      const result = await operation();
      succeeded();
      return result;
    } catch (error) {
      failed(error);
      return fallback;
    }
  }

  redis.on('error', failed);
  redis.on('ready', succeeded);
  return {
    read: (key) =>
      guarded(async () => {
        const text = await redis.get(key);
        if (text === null) return undefined;
        const header = parseHeader(text);
        if (!header) return undefined; // not ours or corrupt: a miss, and the next write replaces it
        const newline = text.indexOf('\n');
        const tagKeys = Object.keys(header.t);
        if (tagKeys.length > 0) {
          const current = await redis.mget(...tagKeys);
          if (tagKeys.some((tag, i) => current[i] !== header.t[tag])) return undefined;
        }
        return { valueText: text.slice(newline + 1), tagKeys, expiresAt: header.e };
      }, undefined),

    captureTags: async (tagKeys, ttlMs) => {
      // No tags, no round trip (and no false "Redis is back" from a call that never reached it).
      if (tagKeys.length === 0) return {};
      return guarded(async () => {
        const token = randomBytes(12).toString('base64url');
        const life = String(ttlMs + tagLifeMarginMs);
        const tokens = (await redis.eval(captureScript, tagKeys.length, ...tagKeys, token, life)) as string[];
        return Object.fromEntries(tagKeys.map((tag, i) => [tag, tokens[i] ?? '']));
      }, null);
    },

    write: (key, valueText, tokens, ttlMs) =>
      guarded(async () => {
        const header = JSON.stringify({ t: tokens, e: Date.now() + ttlMs });
        await redis.set(key, `${header}\n${valueText}`, 'PX', ttlMs);
      }, undefined),

    async invalidate(keys) {
      if (down()) throw new Error(`cache '${name}': Redis unavailable, invalidation not delivered`);
      // One MULTI: the deletion and the message succeed or fail together, so a retry redoes both.
      const results = await redis
        .multi()
        .del(...keys)
        .publish(channel, JSON.stringify({ origin, keys }))
        .exec();
      const error = results?.find(([e]) => e)?.[0];
      if (!results || error) throw error ?? new Error('cache: invalidation transaction aborted');
      succeeded();
    },

    ready: () => subscription.ready,

    async close() {
      closed = true;
      await Promise.all([subscription.close(), quit(redis)]);
    },
  };
}
