import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSuite, type TestSuite } from '../src/testing/test-suite.ts';

let t: TestSuite;
beforeAll(async () => {
  t = await startTestSuite();
});
afterAll(async () => {
  await t?.close();
});

const createCategory = `mutation($title: String!) {
  createCategory(input: { title: $title }) { category { id } userErrors { code } }
}`;

describe('the context token shared by a caller’s requests (ADR 0017)', () => {
  it('still audits each mutation under its own request id', async () => {
    const operator = await t.operatorToken();
    const created = await t.call(
      'mutation { createTenant(input: { slug: "ctxtok", name: "Ctx" }) { tenant { id } userErrors { code } } }',
      { token: operator },
    );
    const tenantId = created.data?.createTenant.tenant.id as string;
    const admin = await t.tokenFor(tenantId, { permissions: ['*'] });
    // Same caller within seconds: the gateway hands both requests one context token.
    const chosen = await t.call(createCategory, {
      token: admin,
      variables: { title: 'Boots' },
      headers: { 'x-request-id': 'trace-category-0001' },
    });
    const generated = await t.call(createCategory, { token: admin, variables: { title: 'Hats' } });
    expect(chosen.errors ?? chosen.data?.createCategory.userErrors).toEqual([]);
    expect(generated.errors ?? generated.data?.createCategory.userErrors).toEqual([]);
    expect(chosen.headers['x-request-id']).toBe('trace-category-0001');

    const audit = await t.call<{ auditLog: { edges: { node: { entityId: string; requestId: string } }[] } }>(
      '{ auditLog(action: "category.create", first: 10) { edges { node { entityId requestId } } } }',
      { token: admin },
    );
    const requestIdOf = new Map(audit.data?.auditLog.edges.map((e) => [e.node.entityId, e.node.requestId]));
    expect(requestIdOf.get(chosen.data?.createCategory.category.id)).toBe('trace-category-0001');
    expect(requestIdOf.get(generated.data?.createCategory.category.id)).toBe(generated.headers['x-request-id']);
  });
});
