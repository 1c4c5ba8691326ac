import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { generateContextKeys, loadContextKeys } from '../src/context/keys.ts';
import { signContextToken, verifyContextToken } from '../src/context/token.ts';

const claims = {
  tenantId: 'ten_01J00000000000000000000000',
  actor: { kind: 'user' as const, permissions: ['catalog:read'] },
};

describe('internal context token', () => {
  it('round-trips the claims', async () => {
    const keys = await generateContextKeys();
    expect(await verifyContextToken(keys, await signContextToken(keys, claims))).toEqual(claims);
    const withAddress = { ...claims, clientAddress: '203.0.113.7' };
    expect(await verifyContextToken(keys, await signContextToken(keys, withAddress))).toEqual(withAddress);
  });

  it('signs nothing about one request: extra fields of the object given (a request id, say) are left out', async () => {
    const keys = await generateContextKeys();
    const first = { ...claims, requestId: 'req-1' };
    const second = { ...claims, requestId: 'req-2' };
    const token = await signContextToken(keys, first);
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
    expect(payload.ctx).toEqual(claims);
    expect(await signContextToken(keys, second)).toBe(token);
  });

  it('refuses a missing token, another key, garbage and a tampered payload', async () => {
    const keys = await generateContextKeys();
    const other = await generateContextKeys();
    const token = await signContextToken(other, claims);
    await expect(verifyContextToken(keys, undefined)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
    await expect(verifyContextToken(keys, token)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    await expect(verifyContextToken(keys, 'a.b.c')).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    const good = await signContextToken(keys, claims);
    const [h, , s] = good.split('.');
    const forged = Buffer.from(JSON.stringify({ ctx: { ...claims, tenantId: 'ten_other' } })).toString('base64url');
    await expect(verifyContextToken(keys, `${h}.${forged}.${s}`)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('refuses an expired token and one with the wrong audience', async () => {
    const keys = await generateContextKeys();
    const expired = await new SignJWT({ ctx: claims })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'meridian-context+jwt' })
      .setIssuer('meridian-gateway')
      .setAudience('meridian-subgraph')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 540)
      .sign(keys.privateKey!);
    await expect(verifyContextToken(keys, expired)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    const wrongAudience = await new SignJWT({ ctx: claims })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'meridian-context+jwt' })
      .setIssuer('meridian-gateway')
      .setAudience('someone-else')
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(keys.privateKey!);
    await expect(verifyContextToken(keys, wrongAudience)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('generates a development key pair once in the data folder and reuses it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meridian-keys-'));
    const env = {
      NODE_ENV: 'development' as const,
      MERIDIAN_DATA_DIR: dir,
      CONTEXT_PRIVATE_KEY: undefined,
      CONTEXT_PUBLIC_KEY: undefined,
    };
    const [first, second] = await Promise.all([loadContextKeys(env), loadContextKeys(env)]);
    const third = await loadContextKeys(env);
    expect(second.kid).toBe(first.kid);
    expect(third.kid).toBe(first.kid);
    await expect(loadContextKeys({ ...env, NODE_ENV: 'production' })).rejects.toThrow(/required in production/);
  });
});
