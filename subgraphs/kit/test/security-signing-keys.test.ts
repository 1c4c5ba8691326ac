import { createHmac, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { exportSPKI, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AccessClaims,
  signAccessToken,
  signAccessTokenWith,
  verifyAccessTokenWith,
} from '../src/auth/access-token.ts';
import { generateContextKeys } from '../src/context/keys.ts';
import { createSecretBox } from '../src/security/secret-box.ts';
import { createSigningKeyStore, type SigningKeyStore } from '../src/security/signing-keys.ts';
import { signingKeys } from '../src/tenancy/control.schema.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/database.ts';

const k1 = { id: 'k1', key: randomBytes(32) };
const box = createSecretBox([k1], 'k1');
const claims: AccessClaims = {
  tenantId: 'ten_01J00000000000000000000000',
  actor: {
    kind: 'user',
    userId: 'usr_01J00000000000000000000000',
    sessionId: 'ses_1',
    permissions: ['orders:read'],
    mfa: true,
  },
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const unauthenticated = { extensions: { code: 'UNAUTHENTICATED' } };
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

describe('signing key store', () => {
  let identity: SigningKeyStore;
  let gateway: SigningKeyStore;

  it('creates one first key, even when several processes ask at once, sealed at rest', async () => {
    const stores = Array.from({ length: 5 }, () => createSigningKeyStore(t.database, box));
    const actives = await Promise.all(stores.map((s) => s.active()));
    expect(new Set(actives.map((a) => a.kid)).size).toBe(1);
    const rows = await t.database.db.select().from(signingKeys);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.status).toBe('active');
    expect(rows[0]?.privateKey).toMatch(/^v1\.k1\./);
    expect(rows[0]?.publicJwk).not.toHaveProperty('d');
    identity = stores[0] as SigningKeyStore;
    gateway = createSigningKeyStore(t.database, box);
  });

  it('signs in identity and verifies in another process with the claims intact', async () => {
    const token = await signAccessTokenWith(identity, claims);
    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString());
    expect(header).toEqual({ alg: 'EdDSA', kid: (await identity.active()).kid, typ: 'at+jwt' });
    expect(await verifyAccessTokenWith(gateway, token)).toEqual(claims);
  });

  it('publishes the active key as a JWKS without private parts', async () => {
    const { keys } = await gateway.jwks();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toEqual({
      kty: 'OKP',
      crv: 'Ed25519',
      x: expect.any(String),
      kid: (await identity.active()).kid,
      alg: 'EdDSA',
      use: 'sig',
    });
  });

  it('rotation: old tokens verify during the overlap, then are refused; JWKS lists both, then one', async () => {
    const oldKid = (await identity.active()).kid;
    const oldToken = await signAccessTokenWith(identity, claims);
    await gateway.jwks(); // the gateway has the key set cached from before the rotation
    const { kid: newKid } = await identity.rotate({ overlapSeconds: 1 });
    expect(newKid).not.toBe(oldKid);
    const newToken = await signAccessTokenWith(identity, claims);
    expect(JSON.parse(Buffer.from(newToken.split('.')[0] ?? '', 'base64url').toString()).kid).toBe(newKid);
    await sleep(250); // gateway reloads on an unknown kid at most once every 250 ms
    expect(await verifyAccessTokenWith(gateway, newToken)).toEqual(claims);
    expect(await verifyAccessTokenWith(gateway, oldToken)).toEqual(claims);
    expect((await gateway.jwks()).keys.map((k) => k.kid).sort()).toEqual([oldKid, newKid].sort());
    const [retiring] = await t.database.db.select().from(signingKeys).where(eq(signingKeys.kid, oldKid));
    expect(retiring).toMatchObject({ status: 'retiring', privateKey: null });

    await sleep(1_100);
    await expect(verifyAccessTokenWith(gateway, oldToken)).rejects.toMatchObject(unauthenticated);
    await expect(verifyAccessTokenWith(createSigningKeyStore(t.database, box), oldToken)).rejects.toMatchObject(
      unauthenticated,
    );
    expect(await verifyAccessTokenWith(gateway, newToken)).toEqual(claims);
    expect((await gateway.jwks()).keys.map((k) => k.kid)).toEqual([newKid]);
    // The next rotation marks it retired for good.
    await identity.rotate({ overlapSeconds: 60 });
    const [retired] = await t.database.db.select().from(signingKeys).where(eq(signingKeys.kid, oldKid));
    expect(retired?.status).toBe('retired');
    expect(await t.database.db.select().from(signingKeys).where(eq(signingKeys.status, 'active'))).toHaveLength(1);
  });

  describe('refuses, with UNAUTHENTICATED', () => {
    async function signed(
      payload: Record<string, unknown>,
      header: Record<string, unknown> = {},
      build: (jwt: SignJWT) => SignJWT = (jwt) => jwt,
    ): Promise<string> {
      const keys = await identity.active();
      const jwt = new SignJWT({ tid: claims.tenantId, kind: 'user', perm: ['orders:read'], ...payload })
        .setProtectedHeader({ alg: 'EdDSA', kid: keys.kid, typ: 'at+jwt', ...header })
        .setIssuer('meridian')
        .setAudience('meridian-api')
        .setSubject('usr_01J00000000000000000000000')
        .setIssuedAt()
        .setExpirationTime('5m');
      return build(jwt).sign(keys.privateKey!);
    }

    it('a well-formed token (control)', async () => {
      expect((await verifyAccessTokenWith(gateway, await signed({}))).actor.userId).toBe(
        'usr_01J00000000000000000000000',
      );
    });

    it('an unknown kid, and no kid at all', async () => {
      const stranger = await generateContextKeys();
      await expect(verifyAccessTokenWith(gateway, await signAccessToken(stranger, claims))).rejects.toMatchObject(
        unauthenticated,
      );
      const keys = await identity.active();
      const noKid = await new SignJWT({ tid: null, kind: 'user', perm: [] })
        .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt' })
        .setIssuer('meridian')
        .setAudience('meridian-api')
        .setSubject('usr_x')
        .setExpirationTime('5m')
        .sign(keys.privateKey!);
      await expect(verifyAccessTokenWith(gateway, noKid)).rejects.toMatchObject(unauthenticated);
    });

    it('alg none', async () => {
      const kid = (await identity.active()).kid;
      const body = {
        tid: claims.tenantId,
        kind: 'user',
        perm: ['*'],
        sub: 'usr_x',
        iss: 'meridian',
        aud: 'meridian-api',
        exp: now() + 300,
      };
      const token = `${b64({ alg: 'none', typ: 'at+jwt', kid })}.${b64(body)}.`;
      await expect(verifyAccessTokenWith(gateway, token)).rejects.toMatchObject(unauthenticated);
    });

    it('HS256 signed with the public key as the HMAC secret', async () => {
      const keys = await identity.active();
      const body = {
        tid: claims.tenantId,
        kind: 'user',
        perm: ['*'],
        sub: 'usr_x',
        iss: 'meridian',
        aud: 'meridian-api',
        exp: now() + 300,
      };
      const input = `${b64({ alg: 'HS256', typ: 'at+jwt', kid: keys.kid })}.${b64(body)}`;
      for (const secret of [await exportSPKI(keys.publicKey), JSON.stringify((await gateway.jwks()).keys[0])]) {
        const token = `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
        await expect(verifyAccessTokenWith(gateway, token)).rejects.toMatchObject(unauthenticated);
      }
    });

    it('expired, and not yet valid', async () => {
      const expired = await signed({}, {}, (jwt) => jwt.setIssuedAt(now() - 900).setExpirationTime(now() - 300));
      await expect(verifyAccessTokenWith(gateway, expired)).rejects.toMatchObject({
        ...unauthenticated,
        message: 'Access token expired',
      });
      const early = await signed({}, {}, (jwt) => jwt.setNotBefore(now() + 300));
      await expect(verifyAccessTokenWith(gateway, early)).rejects.toMatchObject(unauthenticated);
    });

    it('the wrong audience, issuer or type', async () => {
      for (const token of [
        await signed({}, {}, (jwt) => jwt.setAudience('another-api')),
        await signed({}, {}, (jwt) => jwt.setIssuer('someone-else')),
        await signed({}, { typ: 'JWT' }),
      ]) {
        await expect(verifyAccessTokenWith(gateway, token)).rejects.toMatchObject(unauthenticated);
      }
    });

    it('a tampered tenant claim, garbage, and malformed claims', async () => {
      const [h, p, s] = (await signed({})).split('.');
      const payload = JSON.parse(Buffer.from(p ?? '', 'base64url').toString());
      const forged = `${h}.${b64({ ...payload, tid: 'ten_01JZZZZZZZZZZZZZZZZZZZZZZZ' })}.${s}`;
      await expect(verifyAccessTokenWith(gateway, forged)).rejects.toMatchObject(unauthenticated);
      for (const garbage of ['', 'a.b.c', 'not a token', `${h}.${p}`]) {
        await expect(verifyAccessTokenWith(gateway, garbage)).rejects.toMatchObject(unauthenticated);
      }
      for (const bad of [{ kind: 'system' }, { perm: 'orders:read' }, { tid: 42 }]) {
        await expect(verifyAccessTokenWith(gateway, await signed(bad))).rejects.toMatchObject(unauthenticated);
      }
    });
  });

  // Last: from here on, processes that only know k1 can no longer open the signing key (hence the order
  // of a rollout: add k2 everywhere, then make it active).
  it('re-seals the private key when the secret key rotates', async () => {
    const k2 = { id: 'k2', key: randomBytes(32) };
    const rotatedBox = createSecretBox([k1, k2], 'k2');
    const store = createSigningKeyStore(t.database, rotatedBox);
    const token = await signAccessTokenWith(store, claims);
    expect(await verifyAccessTokenWith(gateway, token)).toEqual(claims);
    const [active] = await t.database.db.select().from(signingKeys).where(eq(signingKeys.status, 'active'));
    expect(active?.privateKey).toMatch(/^v1\.k2\./);
  });
});
