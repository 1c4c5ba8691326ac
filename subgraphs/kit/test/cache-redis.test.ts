import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Cache, createCache } from '../src/cache/index.ts';

// Real Redis, shared with other runs: each test uses its own cache name and deletes its prefix at the end.
const redisUrl = process.env.REDIS_URL;

/** Polls until `check` holds: waits for an expiry or a pub/sub message without a fixed sleep. */
async function eventually(check: () => Promise<boolean>, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.runIf(!!redisUrl)('cache on Redis', () => {
  let raw: Redis;
  let name = '';
  const opened: Cache[] = [];
  /** Another instance of the test's cache, as another process of the same subgraph would have. */
  async function instance(): Promise<Cache> {
    const cache = createCache({ redisUrl, name });
    opened.push(cache);
    await cache.ready();
    return cache;
  }

  beforeAll(() => {
    raw = new Redis(redisUrl as string);
  });
  afterAll(async () => {
    await raw.quit();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((c) => c.close()));
    if (!name) return;
    let cursor = '0';
    do {
      const [next, keys] = await raw.scan(cursor, 'MATCH', `meridian:${name}:*`, 'COUNT', 500);
      if (keys.length > 0) await raw.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    name = '';
  });
  /** A fresh cache name for the test, and two ready instances of it. */
  const named = async () => {
    name = `t-${randomBytes(5).toString('hex')}`;
    return { a: await instance(), b: await instance() };
  };

  it("stores under meridian:<name>:<tenant>:<key>; tenant A's key is not visible to tenant B", async () => {
    const { a, b } = await named();
    await a.set('ten_a', 'settings', { theme: 'dark' });
    expect(await raw.exists(`meridian:${name}:ten_a:settings`)).toBe(1);
    expect(await b.get('ten_b', 'settings')).toBeUndefined();
    expect(await b.get('ten_a', 'settings')).toEqual({ theme: 'dark' }); // from L2: b never set it
    expect(b.stats().l2).toEqual({ hits: 1, misses: 1 });
  });

  it('expires entries in Redis and in process memory after their TTL', async () => {
    const { a, b } = await named();
    await a.set('ten_a', 'short', 'v', { ttlSeconds: 0.2 });
    const pttl = await raw.pttl(`meridian:${name}:ten_a:short`);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(200);
    expect(await b.get('ten_a', 'short')).toBe('v');
    await eventually(async () => (await a.get('ten_a', 'short')) === undefined);
    await eventually(async () => (await b.get('ten_a', 'short')) === undefined);
    expect(await raw.exists(`meridian:${name}:ten_a:short`)).toBe(0);
  });

  it('invalidates a tag for every instance, cold or warm', async () => {
    const { a, b } = await named();
    await a.set('ten_a', 'product:1', { n: 1 }, { tags: ['product:1'] });
    await a.set('ten_a', 'product:2', { n: 2 }, { tags: ['product:2'] });
    await b.invalidateTags('ten_a', ['product:1']);
    const cold = await instance();
    expect(await cold.get('ten_a', 'product:1')).toBeUndefined();
    expect(await cold.get('ten_a', 'product:2')).toEqual({ n: 2 });
    await eventually(async () => (await a.get('ten_a', 'product:1')) === undefined);
  });

  it('never resurrects a value loaded before an invalidation, even before its message arrives', async () => {
    const { a, b } = await named();
    // The tag's Redis side alone (no message yet, so `a` cannot know): the entry is written with the old token.
    const value = await a.getOrLoad(
      'ten_a',
      'p',
      async () => {
        await raw.del(`meridian:${name}:ten_a:tag:product:1`);
        return 'old';
      },
      { tags: ['product:1'] },
    );
    expect(value).toBe('old');
    expect(await raw.exists(`meridian:${name}:ten_a:p`)).toBe(1);
    expect(await b.get('ten_a', 'p')).toBeUndefined();

    // A real invalidation from another instance while `a` loads: stale nowhere, whichever arrives first.
    await a.getOrLoad(
      'ten_a',
      'q',
      async () => {
        await b.invalidateTags('ten_a', ['product:2']);
        return 'old';
      },
      { tags: ['product:2'] },
    );
    expect(await (await instance()).get('ten_a', 'q')).toBeUndefined();
    await eventually(async () => (await a.get('ten_a', 'q')) === undefined);
    expect(await b.getOrLoad('ten_a', 'q', async () => 'new', { tags: ['product:2'] })).toBe('new');
    expect(await a.get('ten_a', 'q')).toBe('new');
  });

  it('coalesces 20 concurrent loads into one loader call and one Redis entry', async () => {
    const { a, b } = await named();
    const loader = vi.fn(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { id: 'prd_1' };
    });
    const results = await Promise.all(Array.from({ length: 20 }, () => a.getOrLoad('ten_a', 'prd_1', loader)));
    expect(loader).toHaveBeenCalledTimes(1);
    expect(new Set(results.map((r) => JSON.stringify(r)))).toEqual(new Set(['{"id":"prd_1"}']));
    expect(a.stats().l2).toEqual({ hits: 0, misses: 1 });
    expect(await b.getOrLoad('ten_a', 'prd_1', loader)).toEqual({ id: 'prd_1' });
    expect(loader).toHaveBeenCalledTimes(1);
  });

  it("evicts instance B's warm L1 when instance A invalidates a tag or deletes a key (pub/sub)", async () => {
    const { a, b } = await named();
    await a.set('ten_a', 'p', 'v1', { tags: ['product:1'] });
    await a.set('ten_a', 'q', 'v1');
    for (const key of ['p', 'q']) {
      expect(await a.get('ten_a', key)).toBe('v1');
      expect(await b.get('ten_a', key)).toBe('v1'); // L2 hit, fills B's L1
    }
    // Proof that B now answers from L1: the Redis entry is gone, B still has it.
    await raw.del(`meridian:${name}:ten_a:p`);
    const hitsBefore = b.stats().l1.hits;
    expect(await b.get('ten_a', 'p')).toBe('v1');
    expect(b.stats().l1.hits).toBe(hitsBefore + 1);

    await a.invalidateTags('ten_a', ['product:1']);
    expect(await a.get('ten_a', 'p')).toBeUndefined(); // the invalidating instance: at once
    await eventually(async () => (await b.get('ten_a', 'p')) === undefined);

    await a.delete('ten_a', 'q');
    await eventually(async () => (await b.get('ten_a', 'q')) === undefined);
    expect(await raw.exists(`meridian:${name}:ten_a:q`)).toBe(0);
  });

  it('counts hits and misses per level', async () => {
    const { a, b } = await named();
    expect(await a.get('ten_a', 'k')).toBeUndefined();
    await a.set('ten_a', 'k', 1);
    expect(await a.get('ten_a', 'k')).toBe(1);
    expect(await b.get('ten_a', 'k')).toBe(1);
    expect(await b.get('ten_a', 'k')).toBe(1);
    expect(a.stats()).toEqual({ l1: { hits: 1, misses: 1 }, l2: { hits: 0, misses: 1 } });
    expect(b.stats()).toEqual({ l1: { hits: 1, misses: 1 }, l2: { hits: 1, misses: 0 } });
  });
});
