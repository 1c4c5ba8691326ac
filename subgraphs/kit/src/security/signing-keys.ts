import { and, eq, gt, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import {
  calculateJwkThumbprint,
  exportJWK,
  exportPKCS8,
  generateKeyPair,
  importJWK,
  importPKCS8,
  type JWK,
} from 'jose';
import type { ContextKeys } from '../context/keys.ts';
import type { Database } from '../db/connect.ts';
import { signingKeys } from '../tenancy/control.schema.ts';
import type { SecretBox } from './secret-box.ts';

type CryptoKey = ContextKeys['publicKey'];

/**
 * The platform's access-token signing keys (table `control.signing_keys`), shared by every process
 * through the database: identity signs with the active key, the gateway verifies with any key that is
 * active or retiring. Keys are read through a short cache, so a rotation reaches every process within
 * `cacheSeconds` (and an unknown kid triggers an early reload, at most every 250 ms).
 */
export interface SigningKeyStore {
  /** The key to sign with (private key included); creates the first key when there is none. */
  active(): Promise<ContextKeys>;
  /**
   * A new key becomes active; the previous one keeps verifying for `overlapSeconds` (default 15 min,
   * longer than an access token lives), then retires. Retired keys lose their private key.
   */
  rotate(options?: { overlapSeconds?: number }): Promise<{ kid: string }>;
  /** The public keys that verify (active + retiring), for `/.well-known/jwks.json`. */
  jwks(): Promise<{ keys: JWK[] }>;
  /** The verifying key for a kid, or null when unknown or retired. */
  publicKey(kid: string): Promise<CryptoKey | null>;
}

const alg = 'EdDSA';
const lockKey = 'meridian.signing_keys';
const defaultOverlapSeconds = 15 * 60;
/** An unknown kid reloads the key set at most this often: a fresh key is seen soon, random kids cost little. */
const unknownKidReloadMs = 250;

interface VerifyingKey {
  jwk: JWK;
  key: CryptoKey;
  /** Epoch ms after which it no longer verifies; null for the active key. */
  retireAt: number | null;
}

export function createSigningKeyStore(
  database: Database,
  box: SecretBox,
  options: { cacheSeconds?: number } = {},
): SigningKeyStore {
  const cacheMs = (options.cacheSeconds ?? 5) * 1000;
  let activeCache: { keys: ContextKeys; at: number } | undefined;
  let verifying: { keys: Map<string, VerifyingKey>; at: number } | undefined;
  let loading: Promise<Map<string, VerifyingKey>> | undefined;

  async function newKeyRow(): Promise<typeof signingKeys.$inferInsert & { kid: string }> {
    const pair = await generateKeyPair(alg, { crv: 'Ed25519', extractable: true });
    const publicJwk = await exportJWK(pair.publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    return {
      kid,
      publicJwk: { ...publicJwk, kid, alg, use: 'sig' },
      privateKey: box.seal(await exportPKCS8(pair.privateKey)),
      status: 'active',
    };
  }

  async function readActive(): Promise<ContextKeys | null> {
    const [row] = await database.db.select().from(signingKeys).where(eq(signingKeys.status, 'active'));
    if (!row?.privateKey) return null;
    const pem = box.open(row.privateKey);
    if (box.needsRotation(row.privateKey)) {
      // Re-seal under the current secret key, so the old one can be dropped once every value moved.
      await database.db
        .update(signingKeys)
        .set({ privateKey: box.seal(pem) })
        // Only while it still signs: a rotation in between has dropped the private key for good.
        .where(and(eq(signingKeys.kid, row.kid), eq(signingKeys.status, 'active')));
    }
    return {
      kid: row.kid,
      privateKey: await importPKCS8(pem, alg),
      publicKey: (await importJWK(row.publicJwk as JWK, alg)) as CryptoKey,
    };
  }

  async function loadVerifying(): Promise<Map<string, VerifyingKey>> {
    const rows = await database.db
      .select()
      .from(signingKeys)
      .where(
        and(
          inArray(signingKeys.status, ['active', 'retiring']),
          or(isNull(signingKeys.retireAt), gt(signingKeys.retireAt, sql`now()`)),
        ),
      );
    const keys = new Map<string, VerifyingKey>();
    for (const row of rows) {
      const jwk = row.publicJwk as JWK;
      keys.set(row.kid, {
        jwk,
        key: (await importJWK(jwk, alg)) as CryptoKey,
        retireAt: row.status === 'active' ? null : (row.retireAt?.getTime() ?? 0),
      });
    }
    verifying = { keys, at: Date.now() };
    return keys;
  }

  // One load at a time: a burst of requests after the cache expires makes one query.
  function reload(): Promise<Map<string, VerifyingKey>> {
    loading ??= loadVerifying().finally(() => {
      loading = undefined;
    });
    return loading;
  }

  async function verifyingKeys(kid?: string): Promise<Map<string, VerifyingKey>> {
    const age = verifying ? Date.now() - verifying.at : Number.POSITIVE_INFINITY;
    if (verifying && age < cacheMs && (kid === undefined || verifying.keys.has(kid) || age < unknownKidReloadMs)) {
      return verifying.keys;
    }
    try {
      return await reload();
    } catch (error) {
      // The database is briefly away: keep verifying with the keys we had (retirement times still apply).
      if (verifying) return verifying.keys;
      throw error;
    }
  }

  const stillVerifies = (entry: VerifyingKey) => entry.retireAt === null || entry.retireAt > Date.now();

  return {
    async active() {
      if (activeCache && Date.now() - activeCache.at < cacheMs) return activeCache.keys;
      let keys = await readActive();
      if (!keys) {
        await database.db.transaction(async (tx) => {
          await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${lockKey}))`);
          const [row] = await tx.select().from(signingKeys).where(eq(signingKeys.status, 'active'));
          if (!row) await tx.insert(signingKeys).values(await newKeyRow());
        });
        keys = await readActive();
        if (!keys) throw new Error('no active signing key after creating one');
      }
      activeCache = { keys, at: Date.now() };
      return keys;
    },

    async rotate(rotateOptions = {}) {
      const overlap = Math.max(0, rotateOptions.overlapSeconds ?? defaultOverlapSeconds);
      const result = await database.db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${lockKey}))`);
        await tx
          .update(signingKeys)
          .set({ status: 'retired', privateKey: null })
          .where(and(eq(signingKeys.status, 'retiring'), lte(signingKeys.retireAt, sql`now()`)));
        await tx
          .update(signingKeys)
          .set({
            status: 'retiring',
            privateKey: null,
            retireAt: sql`now() + make_interval(secs => ${overlap})`,
          })
          .where(eq(signingKeys.status, 'active'));
        const row = await newKeyRow();
        await tx.insert(signingKeys).values(row);
        return { kid: row.kid };
      });
      activeCache = undefined;
      verifying = undefined;
      return result;
    },

    async jwks() {
      const keys = await verifyingKeys();
      return { keys: [...keys.values()].filter(stillVerifies).map((entry) => entry.jwk) };
    },

    async publicKey(kid) {
      if (typeof kid !== 'string' || kid.length === 0 || kid.length > 100) return null;
      const entry = (await verifyingKeys(kid)).get(kid);
      return entry && stillVerifies(entry) ? entry.key : null;
    },
  };
}
