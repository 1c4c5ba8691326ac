import { randomFillSync } from 'node:crypto';
import { customType } from 'drizzle-orm/pg-core';
import { decodeTime, isValid, monotonicFactory } from 'ulid';
import { notFound } from './errors.ts';

/**
 * ULIDs generated in the app, stored as `uuid` (16 bytes, index friendly, time ordered),
 * shown as `<prefix>_<ULID>` so an id says what it names and can't be used for something else.
 */
const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

// ulid asks for one random number per character, 16 a ULID, and by default each is its own
// crypto.getRandomValues call: 2% of a busy checkout process's CPU. The same CSPRNG, a buffer at a time.
// A byte / 256 picks each of the 32 characters equally often (256 is a multiple of 32).
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;
function pooledRandom(): number {
  if (poolOffset >= pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  return (pool[poolOffset++] as number) / 256;
}

const nextUlid = monotonicFactory(pooledRandom);

export function newUlid(): string {
  return nextUlid();
}

export function ulidToUuid(ulid: string): string {
  let value = 0n;
  for (const char of ulid) value = value * 32n + BigInt(crockford.indexOf(char));
  const hex = value.toString(16).padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function uuidToUlid(uuid: string): string {
  let value = BigInt(`0x${uuid.replaceAll('-', '')}`);
  let out = '';
  for (let i = 0; i < 26; i++) {
    out = crockford[Number(value % 32n)] + out;
    value /= 32n;
  }
  return out;
}

const prefixPattern = /^[a-z]{2,5}$/;

/** Splits `prd_01J…` into its ULID, or returns null when the prefix or the ULID is wrong. */
export function parseId(prefix: string, id: string): string | null {
  if (typeof id !== 'string' || !id.startsWith(`${prefix}_`)) return null;
  const ulid = id.slice(prefix.length + 1).toUpperCase();
  if (ulid.length !== 26 || !isValid(ulid) || ulid > '7ZZZZZZZZZZZZZZZZZZZZZZZZZ') return null;
  return ulid;
}

/** The id as stored, or a NOT_FOUND error: an id of the wrong kind never reaches a query. */
export function idToUuid(prefix: string, id: string): string {
  const ulid = parseId(prefix, id);
  if (!ulid) throw notFound(prefixNames.get(prefix) ?? 'Resource');
  return ulidToUuid(ulid);
}

export function uuidToId(prefix: string, uuid: string): string {
  return `${prefix}_${uuidToUlid(uuid)}`;
}

export function newId(prefix: string): string {
  return `${prefix}_${newUlid()}`;
}

/** When the id was made (ULIDs carry their creation time). */
export function idTime(id: string): Date {
  const ulid = id.slice(id.indexOf('_') + 1);
  return new Date(decodeTime(ulid));
}

const prefixNames = new Map<string, string>();

/**
 * A drizzle column holding a prefixed ULID in a `uuid`. Values going in are checked:
 * `where(eq(products.id, 'cus_…'))` throws NOT_FOUND instead of querying.
 */
export function prefixedId(prefix: string, entityName: string) {
  if (!prefixPattern.test(prefix)) throw new Error(`id prefix must be 2-5 lowercase letters: ${prefix}`);
  prefixNames.set(prefix, entityName);
  return customType<{ data: string; driverData: string }>({
    dataType: () => 'uuid',
    toDriver: (value) => idToUuid(prefix, value),
    fromDriver: (value) => uuidToId(prefix, value),
  });
}
