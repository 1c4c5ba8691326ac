import { execFile } from 'node:child_process';
import { createHmac, createPublicKey, generateKeyPairSync, type JsonWebKey, sign, webcrypto } from 'node:crypto';

type CryptoKey = webcrypto.CryptoKey;

import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { newUlid, type Tenant } from '@meridian/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccessTokenCache } from '../src/gateway/edge.ts';
import { type GatewayResult, startTestSuite, type TestSuite } from '../src/testing/test-suite.ts';

/**
 * Access tokens at the gateway: every forged, stale or misdirected token is refused with 401
 * UNAUTHENTICATED (403 FORBIDDEN for a suspended tenant), no data, and nothing written. The forgeries
 * are built by hand (no JWT library) so that each differs from a good token in exactly one respect;
 * the first test proves a hand-built good token passes.
 */
let t: TestSuite;
let acme: Tenant;
let globex: Tenant;
let signingKey: CryptoKey;
let kid: string;

beforeAll(async () => {
  t = await startTestSuite();
  acme = await t.suite.platform.tenants.create({ slug: 'acme', name: 'Acme', hosts: ['shop.acme.test'] });
  globex = await t.suite.platform.tenants.create({ slug: 'globex', name: 'Globex', hosts: ['shop.globex.test'] });
  const active = await t.suite.signingKeys.active();
  if (!active.privateKey) throw new Error('the signing key store gave no private key');
  signingKey = active.privateKey as CryptoKey;
  kid = active.kid;
});
afterAll(async () => {
  await t?.close();
});

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

/** Claims of a platform operator token as identity issues them; `over` changes one thing. */
function operatorClaims(over: Record<string, unknown> = {}) {
  return {
    iss: 'meridian',
    aud: 'meridian-api',
    sub: 'usr_forger',
    tid: null,
    kind: 'user',
    perm: ['platform:tenants'],
    iat: now(),
    exp: now() + 300,
    ...over,
  };
}

async function signEdDsa(header: Record<string, unknown>, payload: unknown, key: CryptoKey = signingKey) {
  const input = `${b64(header)}.${b64(payload)}`;
  const signature = await webcrypto.subtle.sign('Ed25519', key, Buffer.from(input));
  return `${input}.${Buffer.from(signature).toString('base64url')}`;
}

const goodHeader = () => ({ alg: 'EdDSA', kid, typ: 'at+jwt' });
const createTenant = `mutation($input: CreateTenantInput!) {
  createTenant(input: $input) { tenant { id } userErrors { code } }
}`;

/** Tries to create tenant `slug` with `token`: a refused token must leave no tenant behind. */
async function attempt(slug: string, token: string, host?: string): Promise<GatewayResult> {
  return t.call(createTenant, {
    token,
    ...(host ? { host } : {}),
    variables: { input: { slug, name: slug } },
  });
}

async function expectRefused(slug: string, token: string, host?: string, code = 'UNAUTHENTICATED') {
  const result = await attempt(slug, token, host);
  expect(result.status).toBe(code === 'UNAUTHENTICATED' ? 401 : 403);
  expect(result.errors?.[0]?.extensions?.code).toBe(code);
  expect(result.errors?.[0]?.extensions?.requestId).toBe(result.headers['x-request-id']);
  expect(result.data).toBeUndefined();
  expect(await t.suite.platform.tenants.bySlug(slug)).toBeNull();
  return result;
}

describe('access tokens at the gateway', () => {
  it('accepts a hand-built token signed with the active key (so each refusal below is for its one flaw)', async () => {
    const token = await signEdDsa(goodHeader(), operatorClaims());
    const result = await t.call('{ tenants(first: 1) { edges { node { slug } } } }', { token });
    expect(result.errors).toBeUndefined();
    expect(result.data?.tenants.edges).toHaveLength(1);
  });

  it('refuses alg none', async () => {
    const unsigned = `${b64({ alg: 'none', kid, typ: 'at+jwt' })}.${b64(operatorClaims())}.`;
    await expectRefused('forged-none', unsigned);
    await expectRefused('forged-none2', unsigned.slice(0, -1));
  });

  it('refuses HS256 signed with the public key (algorithm confusion)', async () => {
    const jwks = (await t.suite.signingKeys.jwks()).keys;
    const jwk = jwks.find((k) => k.kid === kid);
    expect(jwk).toBeDefined();
    const pem = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    const raw = Buffer.from(String(jwk?.x), 'base64url');
    for (const [i, secret] of [pem, raw].entries()) {
      const input = `${b64({ alg: 'HS256', kid, typ: 'at+jwt' })}.${b64(operatorClaims())}`;
      const mac = createHmac('sha256', secret).update(input).digest('base64url');
      await expectRefused(`forged-hs256-${i}`, `${input}.${mac}`);
    }
  });

  it('refuses an unknown kid, and a known kid signed by another key', async () => {
    const other = generateKeyPairSync('ed25519');
    const sigOther = (header: Record<string, unknown>) => {
      const input = `${b64(header)}.${b64(operatorClaims())}`;
      return `${input}.${sign(null, Buffer.from(input), other.privateKey).toString('base64url')}`;
    };
    await expectRefused('forged-kid', sigOther({ alg: 'EdDSA', kid: 'attacker-key', typ: 'at+jwt' }));
    await expectRefused('forged-nokid', sigOther({ alg: 'EdDSA', typ: 'at+jwt' }));
    await expectRefused('forged-stolen-kid', sigOther(goodHeader()));
  });

  it('refuses an expired token and one not yet valid', async () => {
    await expectRefused(
      'stale',
      await signEdDsa(goodHeader(), operatorClaims({ iat: now() - 7200, exp: now() - 3600 })),
    );
    await expectRefused('early', await signEdDsa(goodHeader(), operatorClaims({ nbf: now() + 3600 })));
  });

  it('refuses a wrong audience or issuer, and a token of another type', async () => {
    await expectRefused('wrong-aud', await signEdDsa(goodHeader(), operatorClaims({ aud: 'someone-else' })));
    await expectRefused('wrong-iss', await signEdDsa(goodHeader(), operatorClaims({ iss: 'https://evil.test' })));
    await expectRefused(
      'wrong-typ',
      await signEdDsa({ ...goodHeader(), typ: 'meridian-context+jwt' }, operatorClaims()),
    );
  });

  it('refuses a token whose tenant (or permissions) claim was altered after signing', async () => {
    const token = await t.tokenFor(acme.id, { permissions: ['*'] });
    const [h, p, s] = token.split('.');
    const payload = JSON.parse(Buffer.from(p as string, 'base64url').toString());
    const toGlobex = `${h}.${b64({ ...payload, tid: globex.id })}.${s}`;
    const result = await t.call('{ currentTenant { slug } }', { token: toGlobex });
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const toPlatform = `${h}.${b64({ ...payload, tid: null, perm: ['platform:tenants'] })}.${s}`;
    await expectRefused('tampered', toPlatform);
  });

  it('refuses malformed Authorization headers and garbage tokens', async () => {
    for (const authorization of ['Bearer', 'Basic dXNlcjpwYXNz', 'Bearer a.b', 'Bearer x.y.z', 'Bearer ....']) {
      const result = await t.call('{ currentTenant { slug } }', { headers: { authorization } });
      expect(result.status, authorization).toBe(401);
      expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });
});

describe('tenant resolution with tokens', () => {
  it("serves a tenant's token on its own host and on the platform host", async () => {
    const token = await t.tokenFor(acme.id, { permissions: ['*'] });
    for (const host of ['shop.acme.test', 'localhost']) {
      const result = await t.call('{ currentTenant { slug } }', { token, host });
      expect(result.data?.currentTenant).toEqual({ slug: 'acme' });
    }
  });

  it("refuses tenant A's token on tenant B's host, and an operator token on a tenant host", async () => {
    const token = await t.tokenFor(acme.id, { permissions: ['*'] });
    const result = await t.call('{ currentTenant { slug } }', { token, host: 'shop.globex.test' });
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(result)).not.toContain('globex');
    await expectRefused('operator-on-tenant-host', await t.operatorToken(), 'shop.acme.test');
  });

  it("refuses a token of a tenant that does not exist, and a suspended tenant's token", async () => {
    const ghost = await t.tokenFor(`ten_${newUlid()}`, { permissions: ['*'] });
    expect((await t.call('{ currentTenant { slug } }', { token: ghost })).status).toBe(401);
    const initech = await t.suite.platform.tenants.create({ slug: 'initech', name: 'Initech' });
    const token = await t.tokenFor(initech.id, { permissions: ['*'] });
    expect((await t.call('{ currentTenant { slug } }', { token })).data?.currentTenant).toEqual({ slug: 'initech' });
    await t.suite.platform.tenants.setStatus(initech.id, 'suspended');
    const refused = await t.call('{ currentTenant { slug } }', { token });
    expect(refused.status).toBe(403);
    expect(refused.errors?.[0]).toMatchObject({ message: 'Tenant is suspended', extensions: { code: 'FORBIDDEN' } });
    expect(refused.data).toBeUndefined();
  });
});

describe('subgraphs behind the gateway', () => {
  it('refuses a direct call without the internal token, or with an access token in its place', async () => {
    const identity = t.suite.subgraphs.find((s) => s.name === 'identity');
    const token = await t.operatorToken();
    for (const headers of [{}, { authorization: `Bearer ${token}` }, { 'x-meridian-context': token }]) {
      const response = await fetch(identity!.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: createTenant, variables: { input: { slug: 'direct', name: 'Direct' } } }),
      });
      expect(response.status).toBe(401);
      const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
    }
    expect(await t.suite.platform.tenants.bySlug('direct')).toBeNull();
  });
});

describe('signing keys', () => {
  it('publishes the verification keys at /.well-known/jwks.json, public parts only', async () => {
    const response = await fetch(`http://127.0.0.1:${t.suite.gateway.port}/.well-known/jwks.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const { keys } = (await response.json()) as { keys: Record<string, unknown>[] };
    expect(keys.map((k) => k.kid)).toContain(kid);
    for (const key of keys) {
      expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
      expect(key).not.toHaveProperty('d');
    }
  });

  it('keeps tokens of the previous key valid through a rotation, and signs new ones with the new key', async () => {
    const before = await t.operatorToken();
    const { kid: next } = await t.suite.signingKeys.rotate({ overlapSeconds: 600 });
    expect(next).not.toBe(kid);
    const after = await t.operatorToken();
    expect(JSON.parse(Buffer.from(after.split('.')[0] as string, 'base64url').toString()).kid).toBe(next);
    for (const token of [before, after]) {
      const result = await t.call('{ tenants(first: 1) { edges { node { slug } } } }', { token });
      expect(result.errors).toBeUndefined();
    }
    const response = await fetch(`http://127.0.0.1:${t.suite.gateway.port}/.well-known/jwks.json`);
    const kids = ((await response.json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
    expect(kids).toEqual(expect.arrayContaining([kid, next]));
  });

  it("accepts the CLI's operator token: `meridian token --operator` signs with the same key store", async () => {
    const url = new URL(process.env.MERIDIAN_TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? '');
    url.pathname = `/${t.testDatabase.name}`;
    const cli = fileURLToPath(new URL('../src/cli/meridian.ts', import.meta.url));
    // Not spawnSync: the gateway and subgraphs under test run in this process and must keep serving.
    const run = await promisify(execFile)(process.execPath, [cli, 'token', '--operator'], {
      env: { ...process.env, DATABASE_URL: url.toString(), LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    // stdout is the token alone (progress goes to stderr), so `$(meridian token --operator)` works.
    expect(run.stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const result = await t.call('{ tenants(first: 1) { edges { node { slug } } } }', { token: run.stdout.trim() });
    expect(result.errors).toBeUndefined();
  });

  it('remembers a verified token only until it expires, at most a minute, and never a refusal', async () => {
    let lookups = 0;
    const store = t.suite.signingKeys;
    const counting = { ...store, publicKey: (id: string) => (lookups++, store.publicKey(id)) };
    let clock = Date.now();
    const cache = createAccessTokenCache(counting, { now: () => clock, maxEntries: 2 });
    const token = await t.tokenFor(acme.id, { permissions: ['catalog:read'] }, '10m');
    const claims = await cache.verify(token);
    expect(claims).toMatchObject({ tenantId: acme.id, actor: { kind: 'user', permissions: ['catalog:read'] } });
    expect(await cache.verify(token)).toEqual(claims);
    expect(lookups).toBe(1);
    clock += 61_000; // past the minute: verified again (a retired key would now be refused)
    await cache.verify(token);
    expect(lookups).toBe(2);
    // The least recently used token leaves first beyond maxEntries.
    const others = [
      await t.tokenFor(acme.id, { userId: 'usr_one', permissions: [] }),
      await t.tokenFor(acme.id, { userId: 'usr_two', permissions: [] }),
    ];
    for (const other of others) await cache.verify(other);
    await cache.verify(token);
    expect(lookups).toBe(5);
    const [h, p, sig] = token.split('.');
    const altered = `${h}.${b64({ ...JSON.parse(Buffer.from(p as string, 'base64url').toString()), tid: globex.id })}.${sig}`;
    for (let i = 0; i < 2; i++) await expect(cache.verify(altered)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it("puts a customer's group claim on the actor; tokens without it, or of API clients, price publicly", async () => {
    const cache = createAccessTokenCache(t.suite.signingKeys);
    const shopper = (over: Record<string, unknown>) =>
      signEdDsa(goodHeader(), { ...operatorClaims({ tid: acme.id, perm: [], sub: 'usr_shopper' }), ...over });
    expect((await cache.verify(await shopper({ grp: 'wholesale' }))).actor).toEqual({
      kind: 'user',
      userId: 'usr_shopper',
      permissions: [],
      customerGroup: 'wholesale',
    });
    // Tokens issued before groups existed, and odd values, carry no group.
    for (const over of [{}, { grp: '' }, { grp: ['wholesale'] }, { grp: null }])
      expect((await cache.verify(await shopper(over))).actor.customerGroup, JSON.stringify(over)).toBeUndefined();
    const client = await shopper({ kind: 'client', sub: 'apc_shop', grp: 'wholesale' });
    expect((await cache.verify(client)).actor.customerGroup).toBeUndefined();
    // A shopper cannot give themselves a group: the claim is under the signature.
    const [h, p, sig] = (await shopper({})).split('.');
    const promoted = `${h}.${b64({ ...JSON.parse(Buffer.from(p as string, 'base64url').toString()), grp: 'wholesale' })}.${sig}`;
    const result = await t.call('{ currentTenant { slug } }', { token: promoted, host: 'shop.acme.test' });
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a remembered token once it has expired', async () => {
    const token = await t.tokenFor(acme.id, { permissions: [] }, '2s');
    const query = '{ currentTenant { slug } }';
    expect((await t.call(query, { token, host: 'shop.acme.test' })).errors).toBeUndefined();
    expect((await t.call(query, { token, host: 'shop.acme.test' })).errors).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 3000 - (Date.now() % 1000)));
    const late = await t.call(query, { token, host: 'shop.acme.test' });
    expect(late.status).toBe(401);
    expect(late.errors?.[0]).toMatchObject({ message: 'Access token expired' });
  });
});
