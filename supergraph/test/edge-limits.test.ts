import type { Tenant } from '@meridian/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSuite, type TestSuite } from '../src/testing/test-suite.ts';

/**
 * Limits at the edge, with small budgets so the tests reach them quickly. The gateway trusts loopback
 * as a proxy (TRUSTED_PROXIES' default), so each test speaks from its own address through X-Forwarded-For.
 */
let t: TestSuite;
let acme: Tenant;
const limits = { maxDepth: 3, maxAliases: 5, maxCost: 200, maxTokens: 300 };

beforeAll(async () => {
  t = await startTestSuite({
    edge: {
      queryLimits: limits,
      rateLimits: {
        ip: { points: 30, durationSeconds: 60 },
        user: { points: 5, durationSeconds: 60 },
        client: { points: 5, durationSeconds: 60 },
        tenant: { points: 20, durationSeconds: 60 },
      },
    },
  });
  acme = await t.suite.platform.tenants.create({ slug: 'acme', name: 'Acme', hosts: ['shop.acme.test'] });
});
afterAll(async () => {
  await t?.close();
});

let nextOperator = 1;
/** A platform operator of its own per call site, so the small per-user budget is not shared. */
const operator = () => t.tokenFor(null, { userId: `usr_operator${nextOperator++}`, permissions: ['platform:tenants'] });

let nextAddress = 1;
/** A fresh client address per test, so IP budgets don't leak between tests. */
const fromAddress = () => ({ 'x-forwarded-for': `203.0.113.${nextAddress++}` });

describe('query limits', () => {
  it('refuses a query deeper than the limit before planning, and serves one at the limit', async () => {
    const token = await operator();
    const headers = fromAddress();
    const deep = await t.call('{ tenants(first: 1) { edges { node { schemaVersion { module } } } } }', {
      token,
      headers,
    });
    expect(deep.status).toBe(400);
    expect(deep.errors?.[0]).toMatchObject({
      message: 'Query depth 5 exceeds the limit of 3',
      extensions: { code: 'BAD_USER_INPUT', limit: 'depth', measured: 5, maximum: 3 },
    });
    expect(deep.errors?.[0]?.extensions).not.toHaveProperty('http');
    expect(deep.data).toBeUndefined();
    const ok = await t.call('{ tenants(first: 1) { edges { cursor } } }', { token, headers });
    expect(ok.errors).toBeUndefined();
  });

  it('refuses too many aliases, and writes nothing', async () => {
    const token = await operator();
    const fields = Array.from(
      { length: 6 },
      (_, i) => `a${i}: createTenant(input: { slug: "alias-${i}", name: "A" }) { tenant { id } }`,
    );
    const result = await t.call(`mutation { ${fields.join(' ')} }`, { token, headers: fromAddress() });
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.message).toBe('Query aliases 6 exceeds the limit of 5');
    for (let i = 0; i < 6; i++) expect(await t.suite.platform.tenants.bySlug(`alias-${i}`)).toBeNull();
  });

  it('refuses a query whose static cost (fields × page sizes) is over the limit, also through variables', async () => {
    const token = await operator();
    const headers = fromAddress();
    const query = 'query($n: Int) { tenants(first: $n) { edges { cursor } } }';
    const costly = await t.call(query, { token, headers, variables: { n: 100 } });
    expect(costly.status).toBe(400);
    expect(costly.errors?.[0]?.message).toBe('Query cost 201 exceeds the limit of 200');
    // No `first`: the connection's default page (50) is assumed, well under the limit here.
    expect((await t.call('{ tenants { edges { cursor } } }', { token, headers })).errors).toBeUndefined();
    expect((await t.call(query, { token, headers, variables: { n: 99 } })).errors).toBeUndefined();
  });

  it('refuses a document with more tokens than the parser allows', async () => {
    const result = await t.call(`{ ${'__typename '.repeat(400)}}`, { headers: fromAddress() });
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/Document contains more th[ae][nt] 300 tokens/);
  });

  it('refuses a body over 256 KiB with 413, and writes nothing', async () => {
    const token = await operator();
    const rawBody = JSON.stringify({
      query: 'mutation($input: CreateTenantInput!) { createTenant(input: $input) { tenant { id } } }',
      variables: { input: { slug: 'big', name: 'x'.repeat(300 * 1024) } },
    });
    const result = await t.call('', { token, rawBody, headers: fromAddress() });
    expect(result.status).toBe(413);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await t.suite.platform.tenants.bySlug('big')).toBeNull();
  });

  it('refuses introspection outside development', async () => {
    const result = await t.call('{ __schema { types { name } } }', { headers: fromAddress() });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/introspection/i);
    expect(result.data).toBeUndefined();
  });
});

async function burst(count: number, send: () => Promise<{ status: number }>) {
  const statuses: number[] = [];
  // One after the other: the budgets count requests, and the order of the refusal must be clear.
  for (let i = 0; i < count; i++) statuses.push((await send()).status);
  return statuses;
}

describe('rate limits', () => {
  it('limits each client address, answering 429 RATE_LIMITED with Retry-After; a forged X-Forwarded-For does not help', async () => {
    const headers = fromAddress();
    const address = headers['x-forwarded-for'];
    const statuses = await burst(30, () => t.call('{ currentTenant { slug } }', { headers }));
    expect(statuses.every((s) => s === 200)).toBe(true);
    const refused = await t.call('{ currentTenant { slug } }', { headers });
    expect(refused.status).toBe(429);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'ip' });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.errors?.[0]?.extensions?.retryAfter).toBe(retryAfter);
    // Only the entry our trusted proxy appended counts; what the client put before it is ignored.
    const spoofed = await t.call('{ currentTenant { slug } }', {
      headers: { 'x-forwarded-for': `198.51.100.7, ${address}` },
    });
    expect(spoofed.status).toBe(429);
    expect((await t.call('{ currentTenant { slug } }', { headers: fromAddress() })).status).toBe(200);
  });

  it('limits each signed-in user, whoever else shares the address', async () => {
    const headers = fromAddress();
    const user = await t.tokenFor(acme.id, { userId: 'usr_busy', permissions: [] });
    const other = await t.tokenFor(acme.id, { userId: 'usr_calm', permissions: [] });
    expect(await burst(5, () => t.call('{ currentTenant { slug } }', { token: user, headers }))).toEqual([
      200, 200, 200, 200, 200,
    ]);
    const refused = await t.call('{ currentTenant { slug } }', { token: user, headers });
    expect(refused.status).toBe(429);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'user' });
    expect(refused.headers['retry-after']).toBeDefined();
    expect((await t.call('{ currentTenant { slug } }', { token: other, headers })).status).toBe(200);
  });

  it('limits each API client', async () => {
    const headers = fromAddress();
    const client = await t.tokenFor(acme.id, {
      kind: 'client',
      userId: undefined,
      clientId: 'apc_busy',
      permissions: [],
    });
    const other = await t.tokenFor(acme.id, {
      kind: 'client',
      userId: undefined,
      clientId: 'apc_calm',
      permissions: [],
    });
    await burst(5, () => t.call('{ currentTenant { slug } }', { token: client, headers }));
    const refused = await t.call('{ currentTenant { slug } }', { token: client, headers });
    expect(refused.status).toBe(429);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'client' });
    expect((await t.call('{ currentTenant { slug } }', { token: other, headers })).status).toBe(200);
  });

  it('limits each tenant across all its callers, without touching other tenants', async () => {
    await t.suite.platform.tenants.create({ slug: 'busy', name: 'Busy', hosts: ['shop.busy.test'] });
    const statuses = await burst(20, () =>
      t.call('{ currentTenant { slug } }', { host: 'shop.busy.test', headers: fromAddress() }),
    );
    expect(statuses.every((s) => s === 200)).toBe(true);
    const refused = await t.call('{ currentTenant { slug } }', { host: 'shop.busy.test', headers: fromAddress() });
    expect(refused.status).toBe(429);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'tenant' });
    const elsewhere = await t.call('{ currentTenant { slug } }', { host: 'shop.acme.test', headers: fromAddress() });
    expect(elsewhere.data?.currentTenant).toEqual({ slug: 'acme' });
  });
});
