import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSuite, type TestSuite } from '../src/testing/test-suite.ts';

let t: TestSuite;
beforeAll(async () => {
  t = await startTestSuite();
});
afterAll(async () => {
  await t?.close();
});

const createTenant = `mutation($input: CreateTenantInput!) {
  createTenant(input: $input) { tenant { id slug status hosts } userErrors { field code message } }
}`;

describe('gateway on the composed supergraph', () => {
  it('lets a platform operator create, list, suspend and resume tenants', async () => {
    const token = await t.operatorToken();
    const created = await t.call(createTenant, { token, variables: { input: { slug: 'globex', name: 'Globex' } } });
    expect(created.errors).toBeUndefined();
    expect(created.data?.createTenant.tenant).toMatchObject({
      slug: 'globex',
      status: 'ACTIVE',
      hosts: ['globex.localhost'],
    });

    const listed = await t.call(
      '{ tenants(first: 10) { edges { node { slug status schemaVersion { module migration } } } pageInfo { hasNextPage } } }',
      { token },
    );
    expect(listed.data?.tenants.edges.map((e: any) => e.node.slug)).toContain('globex');

    const id = created.data?.createTenant.tenant.id;
    const suspended = await t.call(
      'mutation($id: ID!) { suspendTenant(input: { id: $id }) { tenant { status } userErrors { code } } }',
      { token, variables: { id } },
    );
    expect(suspended.data?.suspendTenant.tenant.status).toBe('SUSPENDED');
  });

  it('resolves the current tenant from the storefront host', async () => {
    const token = await t.operatorToken();
    await t.call(createTenant, {
      token,
      variables: { input: { slug: 'initech', name: 'Initech', hosts: ['shop.initech.test'] } },
    });
    const result = await t.call('{ currentTenant { slug name } }', { host: 'shop.initech.test:4000' });
    expect(result.errors).toBeUndefined();
    expect(result.data?.currentTenant).toEqual({ slug: 'initech', name: 'Initech' });
  });

  it('refuses a suspended tenant with FORBIDDEN and serves nothing', async () => {
    const result = await t.call('{ currentTenant { slug } }', { host: 'globex.localhost' });
    expect(result.status).toBe(403);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(result.data).toBeUndefined();
  });

  it('answers NOT_FOUND for a host that belongs to no tenant', async () => {
    const result = await t.call('{ currentTenant { slug } }', { host: 'nobody.localhost' });
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('denies operator fields to anonymous callers with FORBIDDEN', async () => {
    const result = await t.call('{ tenants { edges { node { slug } } } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('does not let a tenant admin act as platform operator', async () => {
    const token = await t.operatorToken();
    const created = await t.call(createTenant, { token, variables: { input: { slug: 'umbrella', name: 'Umbrella' } } });
    const admin = await t.tokenFor(created.data?.createTenant.tenant.id, { permissions: ['*'] });
    const result = await t.call('{ tenants { edges { node { slug } } } }', { token: admin });
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('returns userErrors for invalid input and creates nothing', async () => {
    const token = await t.operatorToken();
    const result = await t.call(createTenant, { token, variables: { input: { slug: 'Bad Slug', name: '' } } });
    expect(result.data?.createTenant.tenant).toBeNull();
    expect(result.data?.createTenant.userErrors.map((e: any) => e.field.join('.'))).toEqual([
      'input.slug',
      'input.name',
    ]);
  });

  it('refuses a direct call to a subgraph without the internal token', async () => {
    const identity = t.suite.subgraphs.find((s) => s.name === 'identity');
    const response = await fetch(identity!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ currentTenant { slug } }' }),
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a tampered access token', async () => {
    const token = await t.operatorToken();
    const [h, p, s] = token.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    payload.perm = ['*', 'platform:tenants', 'everything'];
    const forged = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    const result = await t.call('{ tenants { edges { node { slug } } } }', { token: forged });
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('gateway error shape', () => {
  it('turns an invalid query into BAD_USER_INPUT without a stack trace', async () => {
    const result = await t.call('{ nope }');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(result.errors)).not.toContain('stacktrace');
    expect(result.errors?.[0]?.extensions?.requestId).toBe(result.headers['x-request-id']);
  });
});

describe('operations endpoints', () => {
  it('serves health, readiness (subgraphs up) and Prometheus metrics', async () => {
    const base = `http://127.0.0.1:${t.suite.gateway.port}`;
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/ready`)).status).toBe(200);
    await t.call('{ currentTenant { slug } }', { host: 'shop.initech.test' });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('meridian_graphql_request_duration_seconds_bucket');
    expect(metrics).toMatch(/meridian_graphql_request_duration_seconds_count\{[^}]*subgraph="identity"/);
  });
});

describe('tenants that are not ready', () => {
  it('does not serve a tenant whose provisioning failed until it completes', async () => {
    await expect(
      t.suite.platform.tenants.create(
        { slug: 'halfway', name: 'Halfway', hosts: ['halfway.localhost'] },
        {
          beforeStep: (step) => {
            if (step === 'defaults') throw new Error('crash');
          },
        },
      ),
    ).rejects.toThrow('crash');
    const refused = await t.call('{ currentTenant { slug } }', { host: 'halfway.localhost' });
    expect(refused.errors?.[0]).toMatchObject({ message: 'Tenant is not ready', extensions: { code: 'FORBIDDEN' } });

    await t.suite.platform.tenants.create({ slug: 'halfway', name: 'Halfway' });
    const served = await t.call('{ currentTenant { slug } }', { host: 'halfway.localhost' });
    expect(served.data?.currentTenant).toEqual({ slug: 'halfway' });
  });
});
