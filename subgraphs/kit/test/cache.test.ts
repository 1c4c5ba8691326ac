import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Cache, type CacheOptions, createCache } from '../src/cache/index.ts';

// In-process only (no redisUrl): these run everywhere. cache-redis.test.ts runs the Redis ones.
const opened: Cache[] = [];
function open(options: CacheOptions = {}): Cache {
  const cache = createCache({ name: `t-${randomBytes(4).toString('hex')}`, ...options });
  opened.push(cache);
  return cache;
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

/** Polls until `check` holds: waits for an expiry or a message without a fixed sleep. */
async function eventually(check: () => Promise<boolean>, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('in-process cache', () => {
  it("scopes keys by tenant: tenant A's key is not visible to tenant B", async () => {
    const cache = open();
    await cache.set('ten_a', 'settings', { theme: 'dark' });
    expect(await cache.get('ten_a', 'settings')).toEqual({ theme: 'dark' });
    expect(await cache.get('ten_b', 'settings')).toBeUndefined();
    await cache.set('platform', 'settings', { theme: 'light' });
    expect(await cache.get('ten_a', 'settings')).toEqual({ theme: 'dark' });
  });

  it('refuses tenant ids and keys that could cross into another tenant or the tag space', async () => {
    const cache = open();
    await expect(cache.get('ten_a:x', 'k')).rejects.toThrow(/tenantId/);
    await expect(cache.get('', 'k')).rejects.toThrow(/tenantId/);
    await expect(cache.set('ten_a', 'tag:x', 1)).rejects.toThrow(/tag:/);
    await expect(cache.set('ten_a', 'k', undefined)).rejects.toThrow(/JSON/);
    await expect(cache.set('ten_a', 'k', 1, { ttlSeconds: 0 })).rejects.toThrow(/ttlSeconds/);
  });

  it('hands out copies: mutating a returned value does not change the cache', async () => {
    const cache = open();
    await cache.set('ten_a', 'k', { items: [1] });
    const first = await cache.get<{ items: number[] }>('ten_a', 'k');
    first?.items.push(2);
    expect(await cache.get('ten_a', 'k')).toEqual({ items: [1] });
  });

  it('expires entries after their TTL', async () => {
    const cache = open();
    await cache.set('ten_a', 'short', 'v', { ttlSeconds: 0.05 });
    await cache.set('ten_a', 'long', 'v', { ttlSeconds: 60 });
    expect(await cache.get('ten_a', 'short')).toBe('v');
    await eventually(async () => (await cache.get('ten_a', 'short')) === undefined);
    expect(await cache.get('ten_a', 'long')).toBe('v');
  });

  it('invalidates by tag, only within the tenant', async () => {
    const cache = open();
    await cache.set('ten_a', 'product:1', { n: 1 }, { tags: ['product:1', 'catalog'] });
    await cache.set('ten_a', 'product:2', { n: 2 }, { tags: ['product:2', 'catalog'] });
    await cache.set('ten_b', 'product:1', { n: 1 }, { tags: ['product:1'] });
    await cache.invalidateTags('ten_a', ['product:1']);
    expect(await cache.get('ten_a', 'product:1')).toBeUndefined();
    expect(await cache.get('ten_a', 'product:2')).toEqual({ n: 2 });
    expect(await cache.get('ten_b', 'product:1')).toEqual({ n: 1 });
    await cache.invalidateTags('ten_a', ['catalog']);
    expect(await cache.get('ten_a', 'product:2')).toBeUndefined();
    await cache.set('ten_a', 'product:2', { n: 3 }, { tags: ['catalog'] });
    expect(await cache.get('ten_a', 'product:2')).toEqual({ n: 3 });
  });

  it('does not store a load that an invalidation or delete overtook', async () => {
    const cache = open();
    const stale = await cache.getOrLoad(
      'ten_a',
      'p',
      async () => {
        await cache.invalidateTags('ten_a', ['product:1']); // the write lands while we were reading
        return 'old';
      },
      { tags: ['product:1'] },
    );
    expect(stale).toBe('old');
    expect(await cache.get('ten_a', 'p')).toBeUndefined();
    await cache.getOrLoad('ten_a', 'q', async () => {
      await cache.delete('ten_a', 'q');
      return 'old';
    });
    expect(await cache.get('ten_a', 'q')).toBeUndefined();
    expect(await cache.getOrLoad('ten_a', 'p', async () => 'new', { tags: ['product:1'] })).toBe('new');
    expect(await cache.get('ten_a', 'p')).toBe('new');
  });

  it('coalesces concurrent loads of one key: 20 callers, one loader call', async () => {
    const cache = open();
    const loader = vi.fn(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { id: 'prd_1' };
    });
    const results = await Promise.all(Array.from({ length: 20 }, () => cache.getOrLoad('ten_a', 'prd_1', loader)));
    expect(loader).toHaveBeenCalledTimes(1);
    expect(results).toEqual(Array.from({ length: 20 }, () => ({ id: 'prd_1' })));
    expect(results[0]).not.toBe(results[1]); // each caller its own copy
    await cache.getOrLoad('ten_b', 'prd_1', loader); // another tenant is another key
    expect(loader).toHaveBeenCalledTimes(2);
  });

  it('shares a failed load with every waiter and caches nothing', async () => {
    const cache = open();
    const loader = vi.fn(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      throw new Error('database down');
    });
    const calls = Array.from({ length: 5 }, () => cache.getOrLoad('ten_a', 'k', loader));
    for (const call of calls) await expect(call).rejects.toThrow('database down');
    expect(loader).toHaveBeenCalledTimes(1);
    expect(await cache.getOrLoad('ten_a', 'k', async () => 'ok')).toBe('ok');
  });

  it('counts hits and misses per level in stats() and the metrics sink', async () => {
    const recorded: string[] = [];
    const cache = open({ metrics: { record: (level, result) => recorded.push(`${level}:${result}`) } });
    expect(await cache.get('ten_a', 'k')).toBeUndefined();
    await cache.set('ten_a', 'k', 1);
    expect(await cache.get('ten_a', 'k')).toBe(1);
    expect(await cache.getOrLoad('ten_a', 'k', async () => 2)).toBe(1);
    expect(cache.stats()).toEqual({ l1: { hits: 2, misses: 1 }, l2: { hits: 0, misses: 0 } });
    expect(recorded).toEqual(['l1:miss', 'l1:hit', 'l1:hit']);
  });

  it('evicts the least recently used entry beyond l1Max', async () => {
    const cache = open({ l1Max: 2 });
    await cache.set('ten_a', 'a', 1);
    await cache.set('ten_a', 'b', 2);
    await cache.get('ten_a', 'a');
    await cache.set('ten_a', 'c', 3);
    expect(await cache.get('ten_a', 'b')).toBeUndefined();
    expect(await cache.get('ten_a', 'a')).toBe(1);
  });
});

describe('cache with an unreachable Redis', () => {
  it('serves from process memory, logs once, and surfaces invalidation failures', async () => {
    const log = { warn: vi.fn(), info: vi.fn() };
    const cache = open({ redisUrl: 'redis://127.0.0.1:1', log });
    expect(await cache.get('ten_a', 'k')).toBeUndefined();
    await cache.set('ten_a', 'k', 'v', { tags: ['t'] });
    expect(await cache.get('ten_a', 'k')).toBe('v');
    expect(await cache.getOrLoad('ten_a', 'other', async () => 'loaded')).toBe('loaded');
    // Once per outage and connection, never once per request: the command connection's warning and,
    // separately, the subscriber's.
    const warnings = log.warn.mock.calls.map((call) => String(call[1]));
    expect(warnings.filter((m) => m.includes('Redis unavailable'))).toHaveLength(1);
    expect(warnings.filter((m) => m.includes('not receiving invalidations')).length).toBeLessThanOrEqual(1);
    expect(warnings.length).toBeLessThanOrEqual(2);
    await expect(cache.invalidateTags('ten_a', ['t'])).rejects.toThrow();
    expect(await cache.get('ten_a', 'k')).toBeUndefined(); // this instance still dropped it
    await expect(cache.delete('ten_a', 'other')).rejects.toThrow();
    expect(cache.stats().l2).toEqual({ hits: 0, misses: 3 });
  });
});
