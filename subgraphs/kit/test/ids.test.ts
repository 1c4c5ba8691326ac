import { describe, expect, it, vi } from 'vitest';
import { MeridianError } from '../src/errors.ts';
import { idTime, idToUuid, newId, newUlid, parseId, prefixedId, ulidToUuid, uuidToId, uuidToUlid } from '../src/ids.ts';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function expectNotFound(run: () => unknown, what = 'Resource') {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(MeridianError);
    expect((error as MeridianError).code).toBe('NOT_FOUND');
    expect((error as MeridianError).message).toBe(`${what} not found`);
    return;
  }
  throw new Error('expected NOT_FOUND');
}

describe('ids', () => {
  it('round-trips ULID <-> uuid, including the extremes', () => {
    for (const ulid of [
      newUlid(),
      '00000000000000000000000000',
      '7ZZZZZZZZZZZZZZZZZZZZZZZZZ',
      '01ARZ3NDEKTSV4RRFFQ69G5FAV',
    ]) {
      const uuid = ulidToUuid(ulid);
      expect(uuid).toMatch(uuidPattern);
      expect(uuidToUlid(uuid)).toBe(ulid);
    }
    expect(ulidToUuid('00000000000000000000000000')).toBe('00000000-0000-0000-0000-000000000000');
    expect(ulidToUuid('7ZZZZZZZZZZZZZZZZZZZZZZZZZ')).toBe('ffffffff-ffff-ffff-ffff-ffffffffffff');
  });

  it('round-trips prefixed ids through the stored uuid', () => {
    const id = newId('prd');
    expect(id).toMatch(/^prd_[0-9A-HJKMNP-TV-Z]{26}$/);
    const uuid = idToUuid('prd', id);
    expect(uuidToId('prd', uuid)).toBe(id);
    expect(idToUuid('prd', id.toLowerCase())).toBe(uuid); // Crockford base32 is case-insensitive
    expect(parseId('prd', id)).toBe(id.slice(4));
  });

  it('refuses an id of another kind as NOT_FOUND, naming the expected entity', () => {
    prefixedId('tstp', 'Test product'); // registers the entity name for the prefix
    const customer = newId('cus');
    expect(parseId('tstp', customer)).toBeNull();
    expectNotFound(() => idToUuid('tstp', customer), 'Test product');
    expectNotFound(() => idToUuid('tstp', `tstpx_${customer.slice(4)}`), 'Test product');
  });

  it('refuses garbage as NOT_FOUND', () => {
    const garbage = [
      '',
      'prd_',
      'prd',
      'prd_123',
      'prd_01ARZ3NDEKTSV4RRFFQ69G5FA',
      'prd_01ARZ3NDEKTSV4RRFFQ69G5FAVV',
      'prd_01ARZ3NDEKTSV4RRFFQ69G5FAU',
      "prd_' or 1=1 --xxxxxxxxxxxxx",
      'prd_8ZZZZZZZZZZZZZZZZZZZZZZZZZ',
    ];
    for (const id of garbage) expectNotFound(() => idToUuid('prd', id));
    expectNotFound(() => idToUuid('prd', undefined as unknown as string));
  });

  it('newId is strictly increasing, also within one millisecond, and so are the stored uuids', () => {
    const ids = Array.from({ length: 1000 }, () => newId('ord'));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    const uuids = ids.map((id) => idToUuid('ord', id));
    expect([...uuids].sort()).toEqual(uuids);
  });

  it('idTime reads the creation time back', () => {
    const before = Date.now();
    const id = newId('ord');
    expect(idTime(id).getTime()).toBeGreaterThanOrEqual(before);
    expect(idTime(id).getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('prefixedId refuses a malformed prefix', () => {
    expect(() => prefixedId('Prd', 'Product')).toThrow(/2-5 lowercase letters/);
    expect(() => prefixedId('p', 'Product')).toThrow(/2-5 lowercase letters/);
  });
});

describe('ids, randomness', () => {
  // Last in the file: the factory keeps the latest time it saw, so ids made after this carry tomorrow's.
  it('each new millisecond draws fresh randomness, every character equally likely', () => {
    // later than any id made so far (the factory only draws anew when time moves forward)
    vi.useFakeTimers({ now: Date.now() + 86_400_000, toFake: ['Date'] });
    try {
      const firsts = new Map<string, number>();
      const randomParts = new Set<string>();
      for (let i = 0; i < 3200; i++) {
        vi.advanceTimersByTime(1);
        const ulid = newUlid();
        randomParts.add(ulid.slice(10));
        firsts.set(ulid.charAt(10), (firsts.get(ulid.charAt(10)) ?? 0) + 1);
      }
      expect(randomParts.size).toBe(3200);
      // 3,200 draws over 32 characters: about 100 each; a biased source would leave some far off
      expect(firsts.size).toBe(32);
      for (const n of firsts.values()) expect(n).toBeGreaterThan(50);
    } finally {
      vi.useRealTimers();
    }
  });
});
