import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateContextKeys } from '../src/context/keys.ts';
import type { ContextClaims } from '../src/context/request-context.ts';
import { signContextToken, signNewContextToken, verifyContextToken } from '../src/context/token.ts';
import {
  type CheckedContextToken,
  createContextTokenSigner,
  createContextTokenVerifier,
} from '../src/context/token-reuse.ts';

const shopper: ContextClaims = {
  tenantId: 'ten_01J00000000000000000000000',
  actor: { kind: 'anonymous', permissions: [] },
  clientAddress: '203.0.113.7',
};
const payloadOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
const unauthenticated = { extensions: { code: 'UNAUTHENTICATED' } };

afterEach(() => {
  vi.useRealTimers();
});

describe('the gateway reusing a context token', () => {
  const counting = () => {
    const signed: ContextClaims[] = [];
    let n = 0;
    const signer = (options: Parameters<typeof createContextTokenSigner>[1] = {}) =>
      createContextTokenSigner(async (claims) => {
        signed.push(claims);
        return `token-${++n}`;
      }, options);
    return { signed, signer };
  };

  it('signs once for identical claims and shares that signature with concurrent requests', async () => {
    const { signed, signer } = counting();
    const s = signer();
    const withMore = { ...shopper, requestId: 'r2' };
    const tokens = await Promise.all([s.sign(shopper), s.sign({ ...shopper }), s.sign(withMore)]);
    expect(new Set(tokens).size).toBe(1);
    expect(signed).toEqual([shopper]);
  });

  it('signs anew for anything the claims hold: tenant, actor, permissions, customer group, client address', async () => {
    const { signed, signer } = counting();
    const s = signer();
    const variants: ContextClaims[] = [
      shopper,
      { ...shopper, tenantId: 'ten_01J00000000000000000000001' },
      { ...shopper, tenantId: null },
      { ...shopper, clientAddress: '203.0.113.8' },
      { tenantId: shopper.tenantId, actor: shopper.actor },
      { ...shopper, actor: { kind: 'user', userId: 'usr_1', permissions: [] } },
      { ...shopper, actor: { kind: 'user', userId: 'usr_2', permissions: [] } },
      { ...shopper, actor: { kind: 'user', userId: 'usr_1', permissions: ['catalog:write'] } },
      { ...shopper, actor: { kind: 'user', userId: 'usr_1', permissions: [], customerGroup: 'wholesale' } },
      { ...shopper, actor: { kind: 'user', userId: 'usr_1', permissions: [], mfa: true } },
    ];
    const tokens = [];
    for (const claims of variants) tokens.push(await s.sign(claims));
    expect(new Set(tokens).size).toBe(variants.length);
    expect(signed).toEqual(variants);
  });

  it('signs what it keyed on, not the caller object that may change afterwards', async () => {
    const { signed, signer } = counting();
    const s = signer();
    const actor = { kind: 'user' as const, userId: 'usr_1', permissions: ['catalog:read'] };
    const first = s.sign({ tenantId: null, actor });
    actor.permissions.push('catalog:write');
    await first;
    expect(signed[0]?.actor.permissions).toEqual(['catalog:read']);
    expect(await s.sign({ tenantId: null, actor })).not.toBe(await first);
  });

  it('re-signs after the reuse window, forgets a failed signature, and keeps at most maxEntries', async () => {
    let clock = 0;
    const { signed, signer } = counting();
    const s = signer({ reuseMs: 30_000, maxEntries: 2, now: () => clock });
    const first = await s.sign(shopper);
    clock = 29_999;
    expect(await s.sign(shopper)).toBe(first);
    clock = 30_000;
    expect(await s.sign(shopper)).not.toBe(first);

    const a = { ...shopper, clientAddress: '198.51.100.1' };
    const b = { ...shopper, clientAddress: '198.51.100.2' };
    const before = signed.length;
    await s.sign(a);
    await s.sign(b); // evicts the shopper's entry, the least recently used
    await s.sign(shopper);
    expect(signed.length).toBe(before + 3);

    let fail = true;
    const flaky = createContextTokenSigner(async () => {
      if (fail) throw new Error('no key');
      return 'ok';
    });
    await expect(flaky.sign(shopper)).rejects.toThrow('no key');
    fail = false;
    expect(await flaky.sign(shopper)).toBe('ok');
  });

  it('hands out a real token for 30 s of its 60, then a new one', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-27T12:00:00Z'));
    const keys = await generateContextKeys();
    const first = await signContextToken(keys, shopper);
    expect(payloadOf(first).exp - payloadOf(first).iat).toBe(60);
    vi.setSystemTime(new Date('2026-11-27T12:00:29Z'));
    expect(await signContextToken(keys, shopper)).toBe(first);
    vi.setSystemTime(new Date('2026-11-27T12:00:31Z'));
    const second = await signContextToken(keys, shopper);
    expect(second).not.toBe(first);
    expect(payloadOf(second).iat).toBe(payloadOf(first).iat + 31);
  });
});

describe('a subgraph remembering verified context tokens', () => {
  it('checks a token once and serves its frozen claims until shortly before it expires', async () => {
    let clock = 0;
    let checks = 0;
    const verifier = createContextTokenVerifier(
      async (): Promise<CheckedContextToken> => {
        checks++;
        return { claims: structuredClone(shopper), acceptUntilMs: 60_000 };
      },
      { marginMs: 2000, now: () => clock },
    );
    const claims = await verifier.verify('t1');
    expect(await verifier.verify('t1')).toBe(claims);
    expect(checks).toBe(1);
    expect(Object.isFrozen(claims.actor.permissions)).toBe(true);
    expect(() => (claims.actor.permissions as string[]).push('everything')).toThrow(TypeError);
    clock = 57_999;
    await verifier.verify('t1');
    expect(checks).toBe(1);
    clock = 58_000;
    await verifier.verify('t1');
    expect(checks).toBe(2); // checked again (and, past the token's expiry, the check refuses it)
  });

  it('never remembers a refusal, and keeps at most maxEntries', async () => {
    let checks = 0;
    let refuse = true;
    const verifier = createContextTokenVerifier(
      async (token): Promise<CheckedContextToken> => {
        checks++;
        if (refuse) throw new Error(`refused ${token}`);
        return { claims: shopper, acceptUntilMs: Date.now() + 60_000 };
      },
      { maxEntries: 1 },
    );
    await expect(verifier.verify('t1')).rejects.toThrow('refused');
    await expect(verifier.verify('t1')).rejects.toThrow('refused');
    refuse = false;
    await verifier.verify('t1');
    await verifier.verify('t2'); // evicts t1
    await verifier.verify('t1');
    expect(checks).toBe(5);
  });

  it('still refuses a token once it expires, though it verified before', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-27T12:00:00Z'));
    const keys = await generateContextKeys();
    const token = await signNewContextToken(keys, shopper);
    expect(await verifyContextToken(keys, token)).toEqual(shopper);
    vi.setSystemTime(new Date('2026-11-27T12:00:57Z'));
    expect(await verifyContextToken(keys, token)).toEqual(shopper);
    vi.setSystemTime(new Date('2026-11-27T12:01:01Z'));
    await expect(verifyContextToken(keys, token)).rejects.toMatchObject(unauthenticated);
  });

  it('refuses a forged or foreign token even while a good one for the same claims is remembered', async () => {
    const keys = await generateContextKeys();
    const other = await generateContextKeys();
    const good = await signContextToken(keys, shopper);
    await verifyContextToken(keys, good);
    const [h, , s] = good.split('.');
    const forgedPayload = { ...payloadOf(good), ctx: { ...shopper, actor: { kind: 'user', permissions: ['*'] } } };
    const forged = `${h}.${Buffer.from(JSON.stringify(forgedPayload)).toString('base64url')}.${s}`;
    await expect(verifyContextToken(keys, forged)).rejects.toMatchObject(unauthenticated);
    await expect(verifyContextToken(keys, forged)).rejects.toMatchObject(unauthenticated);
    const foreign = await signContextToken(other, shopper);
    await expect(verifyContextToken(keys, foreign)).rejects.toMatchObject(unauthenticated);
    expect(await verifyContextToken(keys, good)).toEqual(shopper);
  });
});
