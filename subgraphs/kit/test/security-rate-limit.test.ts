import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { addressKey, createLoginThrottle, type LoginThrottle } from '../src/security/login-throttle.ts';
import { createRateLimiter, type RateLimiter } from '../src/security/rate-limit.ts';

const redisUrl = process.env.REDIS_URL;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The same behaviour in memory and on Redis (shared with other runs: every test uses its own prefix).
describe('rate limiter in memory', () => rateLimiterSuite(undefined));
describe.runIf(!!redisUrl)('rate limiter on Redis', () => rateLimiterSuite(redisUrl));
describe('login throttle in memory', () => loginThrottleSuite(undefined));
describe.runIf(!!redisUrl)('login throttle on Redis', () => loginThrottleSuite(redisUrl));

function rateLimiterSuite(url: string | undefined): void {
  const opened: { close(): Promise<void> }[] = [];
  const prefixes: string[] = [];
  const limiter = (options: { points: number; durationSeconds: number; blockDurationSeconds?: number }) => {
    const keyPrefix = `test-rl-${randomBytes(6).toString('hex')}`;
    prefixes.push(keyPrefix);
    const made: RateLimiter = createRateLimiter({ redisUrl: url, keyPrefix, ...options });
    opened.push(made);
    return made;
  };
  afterAll(async () => {
    await Promise.all(opened.map((l) => l.close()));
    if (!url) return;
    const raw = new Redis(url);
    for (const prefix of prefixes) {
      const keys = await raw.keys(`${prefix}:*`);
      if (keys.length) await raw.del(...keys);
    }
    await raw.quit();
  });

  it('allows the points, then refuses with a retry time', async () => {
    const l = limiter({ points: 3, durationSeconds: 60 });
    expect(await l.consume('ip:1')).toEqual({ allowed: true, retryAfterSeconds: 0, remaining: 2 });
    expect((await l.consume('ip:1')).remaining).toBe(1);
    expect((await l.consume('ip:1')).remaining).toBe(0);
    const refused = await l.consume('ip:1');
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(59);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect((await l.consume('ip:2')).allowed).toBe(true);
    expect((await l.consume('ip:2', 5)).allowed).toBe(false);
    await l.reset('ip:1');
    expect((await l.consume('ip:1')).allowed).toBe(true);
  });

  it('the window ends, and a block outlasts it', async () => {
    const l = limiter({ points: 1, durationSeconds: 1 });
    expect((await l.consume('k')).allowed).toBe(true);
    expect((await l.consume('k')).allowed).toBe(false);
    await sleep(1_050);
    expect((await l.consume('k')).allowed).toBe(true);
    const blocking = limiter({ points: 1, durationSeconds: 1, blockDurationSeconds: 30 });
    await blocking.consume('k');
    const blocked = await blocking.consume('k');
    expect(blocked.allowed).toBe(false);
    expect(blocked.retryAfterSeconds).toBeGreaterThan(25);
  });

  it('200 concurrent consumes allow exactly the points', async () => {
    const l = limiter({ points: 50, durationSeconds: 60 });
    const results = await Promise.all(Array.from({ length: 200 }, () => l.consume('burst')));
    expect(results.filter((r) => r.allowed)).toHaveLength(50);
    expect(new Set(results.filter((r) => r.allowed).map((r) => r.remaining)).size).toBe(50);
  });

  it('limits with different prefixes never share counts', async () => {
    const a = limiter({ points: 1, durationSeconds: 60 });
    const b = limiter({ points: 1, durationSeconds: 60 });
    expect((await a.consume('same')).allowed).toBe(true);
    expect((await b.consume('same')).allowed).toBe(true);
  });

  it.runIf(!!url)('two limiters on one Redis (two processes) share the count', async () => {
    const keyPrefix = `test-rl-${randomBytes(6).toString('hex')}`;
    prefixes.push(keyPrefix);
    const a = createRateLimiter({ redisUrl: url, keyPrefix, points: 2, durationSeconds: 60 });
    const b = createRateLimiter({ redisUrl: url, keyPrefix, points: 2, durationSeconds: 60 });
    opened.push(a, b);
    expect((await a.consume('shared')).allowed).toBe(true);
    expect((await b.consume('shared')).allowed).toBe(true);
    expect((await a.consume('shared')).allowed).toBe(false);
    await b.reset('shared');
    expect((await a.consume('shared')).allowed).toBe(true);
  });
}

function loginThrottleSuite(url: string | undefined): void {
  const throttles: LoginThrottle[] = [];
  const prefixes: string[] = [];
  const throttle = () => {
    const keyPrefix = `test-login-${randomBytes(6).toString('hex')}`;
    prefixes.push(keyPrefix);
    const made = createLoginThrottle({ redisUrl: url, keyPrefix });
    throttles.push(made);
    return made;
  };
  afterAll(async () => {
    await Promise.all(throttles.map((t) => t.close()));
    if (!url) return;
    const raw = new Redis(url);
    for (const prefix of prefixes) {
      const keys = await raw.keys(`${prefix}:*`);
      if (keys.length) await raw.del(...keys);
    }
    await raw.quit();
  });
  const ip = '203.0.113.7';

  it('backs off from the 3rd failure, doubling, and a success clears it', async () => {
    const t = throttle();
    const attempt = { account: 'ten_A:ada@example.com', ip };
    await t.recordFailure(attempt);
    await t.recordFailure(attempt);
    expect(await t.check(attempt)).toEqual({ allowed: true });
    await t.recordFailure(attempt);
    expect(await t.check(attempt)).toEqual({ allowed: false, retryAfterSeconds: 1, reason: 'TOO_MANY_ATTEMPTS' });
    // The same account in another case is the same account.
    expect(await t.check({ ...attempt, account: 'TEN_A:Ada@Example.com' })).toMatchObject({ allowed: false });
    // Another account from the same address is not slowed down.
    expect(await t.check({ account: 'ten_A:bob@example.com', ip })).toEqual({ allowed: true });
    await sleep(1_050);
    expect(await t.check(attempt)).toEqual({ allowed: true });
    await t.recordFailure(attempt);
    expect(await t.check(attempt)).toMatchObject({ allowed: false, retryAfterSeconds: 2 });
    await t.recordFailure(attempt);
    expect(await t.check(attempt)).toMatchObject({ allowed: false, retryAfterSeconds: 4 });
    await t.recordSuccess(attempt);
    expect(await t.check(attempt)).toEqual({ allowed: true });
    await t.recordFailure(attempt);
    expect(await t.check(attempt)).toEqual({ allowed: true });
  });

  it('locks the account for 15 minutes at the 10th failure', async () => {
    const t = throttle();
    const attempt = { account: 'ten_A:eve@example.com', ip };
    for (let i = 0; i < 9; i++) await t.recordFailure(attempt);
    expect(await t.check(attempt)).toMatchObject({
      allowed: false,
      reason: 'TOO_MANY_ATTEMPTS',
      retryAfterSeconds: 64,
    });
    await t.recordFailure(attempt);
    const locked = await t.check(attempt);
    expect(locked).toMatchObject({ allowed: false, reason: 'ACCOUNT_LOCKED' });
    if (!locked.allowed) expect(locked.retryAfterSeconds).toBeGreaterThanOrEqual(899);
    // From anywhere: the lock is on the account, not the address.
    expect(await t.check({ ...attempt, ip: '198.51.100.1' })).toMatchObject({ reason: 'ACCOUNT_LOCKED' });
    expect(await t.check({ account: 'ten_B:eve@example.com', ip })).toEqual({ allowed: true });
  });

  it('refuses an address after 100 failures, for every account', async () => {
    const t = throttle();
    const v6 = '2001:db8:1:2::17';
    await Promise.all(
      Array.from({ length: 100 }, (_, i) => t.recordFailure({ account: `ten_A:user${i}@example.com`, ip: v6 })),
    );
    const refused = await t.check({ account: 'ten_A:new@example.com', ip: v6 });
    expect(refused).toMatchObject({ allowed: false, reason: 'TOO_MANY_ATTEMPTS' });
    if (!refused.allowed) expect(refused.retryAfterSeconds).toBeGreaterThan(800);
    // Same /64: same client.
    expect(await t.check({ account: 'ten_A:new@example.com', ip: '2001:db8:1:2:ffff::1' })).toMatchObject({
      allowed: false,
    });
    expect(await t.check({ account: 'ten_A:new@example.com', ip: '2001:db8:1:3::17' })).toEqual({ allowed: true });
  });
}

describe('rate limiter with Redis unreachable', () => {
  it('counts in memory instead of failing or letting everything through', async () => {
    const l = createRateLimiter({ redisUrl: 'redis://127.0.0.1:1', keyPrefix: 'down', points: 2, durationSeconds: 60 });
    try {
      expect((await l.consume('k')).allowed).toBe(true);
      expect((await l.consume('k')).allowed).toBe(true);
      expect((await l.consume('k')).allowed).toBe(false);
    } finally {
      await l.close();
    }
  });
});

describe('addressKey', () => {
  it('keeps IPv4, unwraps IPv4-mapped IPv6, and reduces IPv6 to its /64', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('2001:DB8:0001:0002:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('[2001:db8::1]')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });
});
