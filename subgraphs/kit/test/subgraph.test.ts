import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTEXT_HEADER, signContextToken } from '../src/context/token.ts';
import { startTestSubgraphs, type TestSubgraphs } from '../src/testing/graphql-client.ts';
import { createNotesSubgraph, referenceBatches } from './fixtures/notes.subgraph.ts';

let t: TestSubgraphs;
beforeAll(async () => {
  t = await startTestSubgraphs([createNotesSubgraph()]);
});
afterAll(async () => {
  await t?.close();
});

describe('a subgraph built with createSubgraph', () => {
  it('serves tenant data through the bound database handle', async () => {
    const added = await t
      .as({ permissions: ['notes:write'] })
      .request<{ addNote: { id: string } }>('mutation { addNote(body: "hello") { id body } }');
    expect(added.errors).toBeUndefined();
    expect(added.data?.addNote.id).toMatch(/^note_[0-9A-Z]{26}$/);
    const listed = await t.asAnonymous().request<{ notes: { body: string }[] }>('{ notes { body } }');
    expect(listed.data?.notes.map((n) => n.body)).toEqual(['welcome', 'hello']);
  });

  it('denies by default: a field without a rule is FORBIDDEN', async () => {
    const result = await t.asTenantAdmin().request('{ secret }');
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(result.data).toEqual({ secret: null });
  });

  it('denies a mutation without its permission and writes nothing', async () => {
    const result = await t.as({ permissions: ['notes:read'] }).request('mutation { addNote(body: "nope") { id } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const listed = await t.asAnonymous().request<{ notes: { body: string }[] }>('{ notes { body } }');
    expect(listed.data?.notes.map((n) => n.body)).not.toContain('nope');
  });

  it('keeps tenants apart: another tenant sees only its own notes', async () => {
    const other = await t.createTenant('other-tenant');
    const listed = await t.asAnonymous(other).request<{ notes: { body: string }[] }>('{ notes { body } }');
    expect(listed.data?.notes.map((n) => n.body)).toEqual(['welcome']);
  });

  it('batches entity references into one load per request, and refuses ids of another kind', async () => {
    const listed = await t.asAnonymous().request<{ notes: { id: string }[] }>('{ notes { id } }');
    const ids = listed.data!.notes.map((n) => n.id);
    referenceBatches.length = 0;
    const representations = ids.map((id) => ({ __typename: 'Note', id }));
    const result = await t
      .asAnonymous()
      .request<{ _entities: ({ body: string } | null)[] }>(
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on Note { body } } }',
        { r: representations },
      );
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities.map((e) => e?.body)).toEqual(['welcome', 'hello']);
    expect(referenceBatches).toEqual([2]);

    const wrongKind = await t
      .asAnonymous()
      .request('query($r: [_Any!]!) { _entities(representations: $r) { ... on Note { body } } }', {
        r: [{ __typename: 'Note', id: 'prd_01J0000000000000000000000' }],
      });
    expect(wrongKind.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('makes internal calls to another subgraph as a system actor with only the named permissions', async () => {
    const result = await t.asAnonymous().request<{ relayedWho: string }>('{ relayedWho }');
    expect(result.errors).toBeUndefined();
    const [kind, permissions, slug] = result.data!.relayedWho.split('|');
    expect([kind, permissions, slug]).toEqual(['system', 'notes:write', 'test-tenant']);
  });

  it('refuses calls without a valid context token', async () => {
    const result = await t.unsigned().request('{ notes { body } }');
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a suspended tenant', async () => {
    const suspended = await t.createTenant('gone-tenant');
    await t.platform.tenants.setStatus(suspended.id, 'suspended');
    const result = await t.asAnonymous(suspended).request('{ notes { body } }');
    expect(result.status).toBe(403);
    expect(result.errors?.[0]?.message).toBe('Tenant is suspended');
  });
});

describe('the request id of a subgraph request', () => {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  const call = async (query: string, requestId?: string) => {
    const token = await signContextToken(t.platform.keys, {
      tenantId: t.tenant.id,
      actor: { kind: 'anonymous', permissions: [] },
    });
    const response = await fetch(t.servers[0]!.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [CONTEXT_HEADER]: token,
        ...(requestId === undefined ? {} : { 'x-request-id': requestId }),
      },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as { data?: Record<string, string | null>; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    return { token, data: body.data ?? {} };
  };

  it('comes from x-request-id, so requests sharing one context token keep their own ids', async () => {
    const first = await call('{ requestId }', 'trace-0000000001');
    const second = await call('{ requestId }', 'trace-0000000002');
    expect(second.token).toBe(first.token);
    expect([first.data.requestId, second.data.requestId]).toEqual(['trace-0000000001', 'trace-0000000002']);
  });

  it('is a new one when the header is missing or malformed', async () => {
    const missing = (await call('{ requestId }')).data.requestId;
    const malformed = (await call('{ requestId }', 'bad id <script>')).data.requestId;
    expect(missing).toMatch(uuid);
    expect(malformed).toMatch(uuid);
    expect(malformed).not.toBe(missing);
  });

  it('is passed on to the callee of an internal call', async () => {
    const { data } = await call('{ relayedRequestId }', 'trace-internal-01');
    expect(data.relayedRequestId).toBe('trace-internal-01');
  });
});
