import { LRUCache } from 'lru-cache';

/**
 * Decides whether an L1 entry may still be served, without an index from tags to entries.
 *
 * Every invalidation this process learns of (its own call, or a pub/sub message from another instance)
 * gets the next sequence number, stored against each physical key it names (a data key for `delete`, a
 * tag key for `invalidateTags`). An entry remembers the sequence number current when its read or load
 * *started* (`filledAt`); it is fresh only if none of its keys was invalidated after that. Starting
 * before the Redis round trip or the loader is what makes a read racing with an invalidation safe: a
 * message that overtakes the read's reply still marks the entry stale.
 *
 * Only the most recent invalidations are remembered (bounded memory). When one is forgotten, `floor`
 * rises to its number and every entry filled before it counts as stale: a few extra misses, never a
 * stale hit.
 */
export interface InvalidationClock {
  now(): number;
  record(keys: string[]): void;
  /** Trust nothing filled so far (after a gap in the pub/sub subscription). */
  forgetAll(): void;
  isFresh(keys: readonly string[], filledAt: number): boolean;
}

export function createInvalidationClock(remember = 50_000): InvalidationClock {
  let sequence = 0;
  let floor = 0;
  const recent = new LRUCache<string, number>({
    max: remember,
    dispose: (forgotten, _key, reason) => {
      if (reason === 'evict' && forgotten > floor) floor = forgotten;
    },
  });
  return {
    now: () => sequence,
    record(keys) {
      sequence++;
      for (const key of keys) recent.set(key, sequence);
    },
    forgetAll() {
      sequence++;
      floor = sequence;
    },
    isFresh(keys, filledAt) {
      if (floor > filledAt) return false;
      return keys.every((key) => (recent.peek(key) ?? 0) <= filledAt);
    },
  };
}
