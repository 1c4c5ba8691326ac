import type { Logger } from 'pino';

export type CacheLevel = 'l1' | 'l2';
export type CacheResult = 'hit' | 'miss';

/** Where hit/miss counts go; the kit's prom-client counter `meridian_cache_requests_total` implements it. */
export interface CacheMetrics {
  record(level: CacheLevel, result: CacheResult): void;
}

export interface CacheStats {
  l1: { hits: number; misses: number };
  l2: { hits: number; misses: number };
}

export interface CacheOptions {
  /** Redis for the shared level (L2) and the invalidation channel; without it the cache is in-process only. */
  redisUrl?: string;
  /** Part of every key (`meridian:<name>:…`), so caches of different subgraphs never collide. Default 'default'. */
  name?: string;
  /** Most entries held in process memory (L1). Default 10 000. */
  l1Max?: number;
  /** TTL when a call gives none. Default 300 s. */
  defaultTtlSeconds?: number;
  metrics?: CacheMetrics;
  /** Receives the one warning when Redis becomes unavailable (and the note when it is back). */
  log?: Pick<Logger, 'warn' | 'info'>;
}

export interface SetOptions {
  /** Seconds; fractions allowed (milliseconds precision). Default: the cache's defaultTtlSeconds. */
  ttlSeconds?: number;
  /** Names that `invalidateTags` can later clear this entry by, e.g. `product:prd_01J…`. */
  tags?: string[];
}

/**
 * The kit's cache. Every call names the tenant: the physical key is `meridian:<name>:<tenantId>:<key>`
 * (`tenantId` may be 'platform' for control-plane data). Values must be JSON-serialisable and come back
 * as fresh copies of their JSON form (a Date comes back as its ISO string), in both levels alike.
 */
export interface Cache {
  readonly name: string;
  /** The cached value, or undefined on a miss. */
  get<T>(tenantId: string, key: string): Promise<T | undefined>;
  /**
   * Stores a value the caller knows to be current. For read-through caching prefer `getOrLoad`, which
   * records the tag versions before loading and so can never store a value older than an invalidation.
   */
  set(tenantId: string, key: string, value: unknown, options?: SetOptions): Promise<void>;
  /**
   * The cached value, else `loader()`'s result, stored with `options`. Concurrent calls for the same key in
   * this process share one load. A loader result of undefined is returned but not stored.
   */
  getOrLoad<T>(tenantId: string, key: string, loader: () => Promise<T>, options?: SetOptions): Promise<T>;
  /** Removes one key on every instance. Rejects when Redis cannot be told (see invalidateTags). */
  delete(tenantId: string, key: string): Promise<void>;
  /**
   * Makes every entry carrying any of the tags stale on every instance. Rejects when Redis cannot be told:
   * a lost invalidation would serve stale data, so the caller (an at-least-once event handler) must retry.
   */
  invalidateTags(tenantId: string, tags: string[]): Promise<void>;
  /** Resolves once this instance listens for other instances' invalidations (at once without Redis). */
  ready(): Promise<void>;
  stats(): CacheStats;
  close(): Promise<void>;
}
