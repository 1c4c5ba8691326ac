import { LRUCache } from 'lru-cache';
import { createLogger } from '../log.ts';
import { recordCacheRequest } from '../metrics.ts';
import type { Cache, CacheLevel, CacheOptions, CacheResult, CacheStats, SetOptions } from './cache.types.ts';
import { checkCacheName, dataKey, tagKey, ttlMilliseconds } from './cache-keys.ts';
import { createInvalidationClock } from './invalidation-clock.ts';
import { createRedisLevel } from './redis-level.ts';

/** An L1 entry keeps the JSON text, so every reader gets its own copy and no caller can mutate the cache. */
interface L1Entry {
  valueText: string;
  /** Its own data key and its tag keys: an invalidation of any of them makes it stale. */
  keys: string[];
  /** The invalidation clock when the read or load that produced it started. */
  filledAt: number;
}

/**
 * The kit's two-level cache (ARCHITECTURE §7): L1 in process memory (lru-cache), L2 in Redis when
 * `redisUrl` is given. Redis errors on reads and writes are logged once and count as misses, so an outage
 * slows requests down instead of failing them; `delete` and `invalidateTags` reject instead, because an
 * invalidation lost in silence would serve stale data until the TTL.
 */
export function createCache(options: CacheOptions = {}): Cache {
  const name = checkCacheName(options.name ?? 'default');
  const defaultTtlMs = ttlMilliseconds(options.defaultTtlSeconds ?? 300);
  const l1 = new LRUCache<string, L1Entry>({ max: options.l1Max ?? 10_000 });
  const clock = createInvalidationClock();
  const counts: CacheStats = { l1: { hits: 0, misses: 0 }, l2: { hits: 0, misses: 0 } };
  const loading = new Map<string, Promise<string | undefined>>();
  const l2 = options.redisUrl
    ? createRedisLevel(options.redisUrl, name, options.log ?? createLogger({ name: 'cache' }), {
        onInvalidated(keys) {
          clock.record(keys);
          for (const key of keys) l1.delete(key);
        },
        onMessagesMissed() {
          // Invalidations sent while we were not listening are lost to us: drop everything we hold.
          clock.forgetAll();
          l1.clear();
        },
      })
    : undefined;

  function count(level: CacheLevel, result: CacheResult): void {
    counts[level][result === 'hit' ? 'hits' : 'misses']++;
    // Every cache reports to the process metrics (meridian_cache_requests_total) unless given its own sink.
    if (options.metrics) options.metrics.record(level, result);
    else recordCacheRequest(name, level, result);
  }

  function entryOptions(tenantId: string, set: SetOptions = {}): { ttlMs: number; tagKeys: string[] } {
    return {
      ttlMs: set.ttlSeconds === undefined ? defaultTtlMs : ttlMilliseconds(set.ttlSeconds),
      tagKeys: [...new Set(set.tags ?? [])].map((tag) => tagKey(name, tenantId, tag)),
    };
  }

  function readL1(key: string): string | undefined {
    const entry = l1.get(key);
    if (entry && clock.isFresh(entry.keys, entry.filledAt)) {
      count('l1', 'hit');
      return entry.valueText;
    }
    if (entry) l1.delete(key);
    count('l1', 'miss');
    return undefined;
  }

  function fillL1(key: string, valueText: string, tagKeys: string[], filledAt: number, ttlMs: number): void {
    const keys = [key, ...tagKeys];
    if (ttlMs > 0 && clock.isFresh(keys, filledAt)) l1.set(key, { valueText, keys, filledAt }, { ttl: ttlMs });
  }

  async function readL2(key: string): Promise<string | undefined> {
    if (!l2) return undefined;
    const filledAt = clock.now();
    const entry = await l2.read(key);
    count('l2', entry ? 'hit' : 'miss');
    if (entry) fillL1(key, entry.valueText, entry.tagKeys, filledAt, entry.expiresAt - Date.now());
    return entry?.valueText;
  }

  /** Tokens were captured after `startedAt`, before the value was produced (see redis-level.ts). */
  async function store(
    key: string,
    valueText: string,
    tagKeys: string[],
    tokens: Record<string, string> | null,
    startedAt: number,
    ttlMs: number,
  ): Promise<void> {
    // Invalidated here while the value was produced: hand it to the caller, keep it nowhere. For tags the
    // tokens would catch this too; for `delete` (no token) this check is what stops a resurrection.
    if (!clock.isFresh([key, ...tagKeys], startedAt)) return;
    if (l2 && tokens) await l2.write(key, valueText, tokens, ttlMs);
    fillL1(key, valueText, tagKeys, startedAt, ttlMs);
  }

  async function load(
    key: string,
    tenantId: string,
    loader: () => Promise<unknown>,
    set: SetOptions | undefined,
  ): Promise<string | undefined> {
    const startedAt = clock.now();
    const cached = await readL2(key);
    if (cached !== undefined) return cached;
    const { ttlMs, tagKeys } = entryOptions(tenantId, set);
    const tokens = l2 ? await l2.captureTags(tagKeys, ttlMs) : null;
    const valueText = JSON.stringify(await loader()) as string | undefined;
    if (valueText !== undefined) await store(key, valueText, tagKeys, tokens, startedAt, ttlMs);
    return valueText;
  }

  const parse = <T>(text: string | undefined): T | undefined =>
    text === undefined ? undefined : (JSON.parse(text) as T);

  return {
    name,

    async get<T>(tenantId: string, key: string): Promise<T | undefined> {
      const physical = dataKey(name, tenantId, key);
      return parse<T>(readL1(physical) ?? (await readL2(physical)));
    },

    async set(tenantId, key, value, set) {
      const physical = dataKey(name, tenantId, key);
      const { ttlMs, tagKeys } = entryOptions(tenantId, set);
      const valueText = JSON.stringify(value) as string | undefined;
      if (valueText === undefined) throw new Error(`cache: value for '${key}' is not JSON-serialisable`);
      const startedAt = clock.now();
      const tokens = l2 ? await l2.captureTags(tagKeys, ttlMs) : null;
      await store(physical, valueText, tagKeys, tokens, startedAt, ttlMs);
    },

    async getOrLoad<T>(tenantId: string, key: string, loader: () => Promise<T>, set?: SetOptions): Promise<T> {
      const physical = dataKey(name, tenantId, key);
      const hit = readL1(physical);
      if (hit !== undefined) return JSON.parse(hit) as T;
      // One load per key in this process; later callers share it (and its loader and options).
      let pending = loading.get(physical);
      if (!pending) {
        pending = load(physical, tenantId, loader, set).finally(() => loading.delete(physical));
        loading.set(physical, pending);
      }
      return parse<T>(await pending) as T;
    },

    async delete(tenantId, key) {
      const physical = dataKey(name, tenantId, key);
      clock.record([physical]);
      l1.delete(physical);
      await l2?.invalidate([physical]);
    },

    async invalidateTags(tenantId, tags) {
      const keys = [...new Set(tags)].map((tag) => tagKey(name, tenantId, tag));
      if (keys.length === 0) return;
      clock.record(keys); // this instance's L1 at once, before Redis is even asked
      await l2?.invalidate(keys);
    },

    ready: () => l2?.ready() ?? Promise.resolve(),

    stats: () => structuredClone(counts),

    async close() {
      l1.clear();
      await l2?.close();
    },
  };
}
