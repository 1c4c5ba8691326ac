import { isIPv4, isIPv6 } from 'node:net';
import { flexibleLimiter, retryAfter } from './rate-limit.ts';

/**
 * Guessing defences for password (and second-factor) checks, per account and per client address:
 * - account: from the 3rd failure on, the next attempt waits 1 s, then 2, 4 … (doubling); the 10th failure
 *   within an hour locks the account for 15 minutes. A success clears the account's count.
 * - address: 100 failures in 15 minutes refuse every attempt from it until the window ends.
 * Only failures count, so a user who signs in normally never meets a limit.
 */
export interface LoginThrottle {
  check(attempt: LoginAttempt): Promise<LoginCheck>;
  recordFailure(attempt: LoginAttempt): Promise<void>;
  recordSuccess(attempt: LoginAttempt): Promise<void>;
  close(): Promise<void>;
}

/** `account` should name the tenant too (`ten_…:alice@example.com`): the same email in two tenants is two accounts. */
export interface LoginAttempt {
  account: string;
  ip: string;
}

export type LoginCheck =
  | { allowed: true }
  | { allowed: false; retryAfterSeconds: number; reason: 'ACCOUNT_LOCKED' | 'TOO_MANY_ATTEMPTS' };

export const loginThrottlePolicy = {
  backoffAfterFailures: 3,
  lockAfterFailures: 10,
  failureWindowSeconds: 3600,
  lockSeconds: 15 * 60,
  ipFailures: 100,
  ipWindowSeconds: 15 * 60,
} as const;

/**
 * An IPv6 client usually holds a whole /64, so it counts as one address; IPv4-mapped IPv6 counts as
 * the IPv4 address it maps.
 */
export function addressKey(ip: string): string {
  const address = ip
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped?.[1] && isIPv4(mapped[1])) return mapped[1];
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') && tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

export function createLoginThrottle(
  options: { redisUrl?: string | undefined; keyPrefix?: string } = {},
): LoginThrottle {
  const prefix = options.keyPrefix ?? 'meridian:login';
  const policy = loginThrottlePolicy;
  const redisUrl = options.redisUrl;
  // Failures per account within the window; penalty() counts without ever refusing.
  const failures = flexibleLimiter({
    redisUrl,
    keyPrefix: `${prefix}:fail`,
    points: policy.lockAfterFailures,
    durationSeconds: policy.failureWindowSeconds,
  });
  // block() marks a key for a while: consumed points above `points` mean "blocked".
  const locks = flexibleLimiter({ redisUrl, keyPrefix: `${prefix}:lock`, points: 1, durationSeconds: 1 });
  const backoff = flexibleLimiter({ redisUrl, keyPrefix: `${prefix}:wait`, points: 1, durationSeconds: 1 });
  const addresses = flexibleLimiter({
    redisUrl,
    keyPrefix: `${prefix}:ip`,
    points: policy.ipFailures,
    durationSeconds: policy.ipWindowSeconds,
  });
  const accountKey = (account: string) => account.trim().toLowerCase();

  return {
    async check({ account, ip }) {
      const key = accountKey(account);
      const [lock, address, wait] = await Promise.all([
        locks.limiter.get(key),
        addresses.limiter.get(addressKey(ip)),
        backoff.limiter.get(key),
      ]);
      if (lock && lock.consumedPoints > 1 && lock.msBeforeNext > 0) {
        return { allowed: false, retryAfterSeconds: retryAfter(lock), reason: 'ACCOUNT_LOCKED' };
      }
      if (address && address.consumedPoints >= policy.ipFailures && address.msBeforeNext > 0) {
        return { allowed: false, retryAfterSeconds: retryAfter(address), reason: 'TOO_MANY_ATTEMPTS' };
      }
      if (wait && wait.consumedPoints > 1 && wait.msBeforeNext > 0) {
        return { allowed: false, retryAfterSeconds: retryAfter(wait), reason: 'TOO_MANY_ATTEMPTS' };
      }
      return { allowed: true };
    },

    async recordFailure({ account, ip }) {
      const key = accountKey(account);
      const [count] = await Promise.all([
        failures.limiter.penalty(key, 1),
        addresses.limiter.penalty(addressKey(ip), 1),
      ]);
      const n = count.consumedPoints;
      if (n >= policy.lockAfterFailures) {
        // The lock replaces the count: once it ends the account starts afresh (and locks again after 10).
        await locks.limiter.block(key, policy.lockSeconds);
        await Promise.all([failures.limiter.delete(key), backoff.limiter.delete(key)]);
      } else if (n >= policy.backoffAfterFailures) {
        await backoff.limiter.block(key, 2 ** (n - policy.backoffAfterFailures));
      }
    },

    async recordSuccess({ account }) {
      const key = accountKey(account);
      await Promise.all([failures.limiter.delete(key), backoff.limiter.delete(key)]);
    },

    async close() {
      await Promise.all([failures.close(), locks.close(), backoff.close(), addresses.close()]);
    },
  };
}
