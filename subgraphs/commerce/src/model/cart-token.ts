import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { parseId } from '@meridian/kit';

/**
 * A guest reaches a cart with its token `crt_<ULID>.<key>`: the id alone is not enough, because ULIDs
 * made in the same millisecond differ by one and could be guessed. The key (192 random bits) is
 * stored as its sha256 only.
 */
export function newCartKey(): { key: string; keyHash: string } {
  const key = randomBytes(24).toString('base64url');
  return { key, keyHash: hashKey(key) };
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function cartToken(id: string, key: string): string {
  return `${id}.${key}`;
}

/** `crt_….<key>` or a plain `crt_…` (for the cart's signed-in owner and staff); null when malformed. */
export function parseCartHandle(handle: string): { id: string; key: string | null } | null {
  if (typeof handle !== 'string') return null;
  const [id = '', key, ...rest] = handle.split('.');
  if (rest.length > 0 || !parseId('crt', id)) return null;
  if (key === undefined) return { id, key: null };
  return /^[A-Za-z0-9_-]{32}$/.test(key) ? { id, key } : null;
}

export function keyMatches(key: string, keyHash: string): boolean {
  const given = Buffer.from(hashKey(key), 'hex');
  const stored = Buffer.from(keyHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}
