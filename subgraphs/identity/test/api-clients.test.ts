import { builtInRoles, verifyAccessTokenWith } from '@meridian/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdentityHarness, startIdentity } from './identity-harness.ts';

let h: IdentityHarness;
beforeAll(async () => {
  h = await startIdentity();
  await h.createUser({ email: 'someone@acme.test', roles: ['sales'] });
});
afterAll(async () => {
  await h?.close();
});

type SecretPayload = {
  apiClient: { id: string; name: string; scopes: string[]; status: string; secretHint: string } | null;
  clientSecret: string | null;
  userErrors: { field: string[]; code: string }[];
};
const createClient = (input: Record<string, unknown>, client = h.t.asTenantAdmin()) =>
  client.request<{ createApiClient: SecretPayload }>(
    'mutation($input: CreateApiClientInput!) { createApiClient(input: $input) { apiClient { id name scopes status secretHint } clientSecret userErrors { field code } } }',
    { input },
  );
const issue = (clientId: string, clientSecret: string, tenant = h.tenant) =>
  h.t.asAnonymous(tenant).request<{
    issueClientToken: { token: { accessToken: string; scopes: string[] } | null; userErrors: { code: string }[] };
  }>(
    'mutation($input: IssueClientTokenInput!) { issueClientToken(input: $input) { token { tokenType accessToken expiresAt scopes } userErrors { code } } }',
    { input: { clientId, clientSecret } },
  );

describe('API clients', () => {
  it('creates a client whose secret is shown once and exchanges it for a scoped client token', async () => {
    const created = await createClient({ name: 'Shipping app', scopes: ['orders:read', 'users:read'] });
    const { apiClient, clientSecret } = created.data!.createApiClient;
    expect(clientSecret).toMatch(/^mcs_/);
    expect(apiClient?.secretHint).toBe(clientSecret!.slice(-4));
    const issued = await issue(apiClient!.id, clientSecret!);
    const token = issued.data!.issueClientToken.token!;
    const claims = await verifyAccessTokenWith(h.services.signingKeys, token.accessToken);
    expect(claims).toMatchObject({
      tenantId: h.tenant.id,
      actor: { kind: 'client', clientId: apiClient!.id, permissions: ['orders:read', 'users:read'] },
    });
    const asClient = await h.withToken(token.accessToken);
    const listed = await asClient.request<{ users: { edges: unknown[] } }>('{ users { edges { node { email } } } }');
    expect(listed.data?.users.edges.length).toBeGreaterThan(0);
    expect((await asClient.request('{ roles { edges { node { id } } } }')).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    const shown = await h.t
      .asTenantAdmin()
      .request<{ apiClient: Record<string, unknown> }>('query($id: ID!) { apiClient(id: $id) { name lastUsedAt } }', {
        id: apiClient!.id,
      });
    expect(shown.data?.apiClient.lastUsedAt).toBeTruthy();
  });

  it('refuses a wrong secret or unknown client with one generic error', async () => {
    const created = await createClient({ name: 'Other app', scopes: ['catalog:read'] });
    const { apiClient } = created.data!.createApiClient;
    const wrong = await issue(apiClient!.id, 'mcs_wrong');
    const unknown = await issue('apc_01J0000000000000000000000', 'mcs_wrong');
    const garbage = await issue('not-an-id', 'x');
    expect(wrong.data?.issueClientToken).toEqual({ token: null, userErrors: [{ code: 'INVALID_CLIENT' }] });
    expect(unknown.data).toEqual(wrong.data);
    expect(garbage.data).toEqual(wrong.data);
  });

  it('rotates (old secret dead, new one works) and revokes', async () => {
    const created = (await createClient({ name: 'Rotating app', scopes: ['catalog:read'] })).data!.createApiClient;
    const id = created.apiClient!.id;
    const rotated = await h.t
      .asTenantAdmin()
      .request<{ rotateApiClientSecret: SecretPayload }>(
        'mutation($id: ID!) { rotateApiClientSecret(input: { id: $id }) { apiClient { id } clientSecret userErrors { code } } }',
        { id },
      );
    const fresh = rotated.data!.rotateApiClientSecret.clientSecret!;
    expect(fresh).not.toBe(created.clientSecret);
    expect((await issue(id, created.clientSecret!)).data?.issueClientToken.token).toBeNull();
    expect((await issue(id, fresh)).data?.issueClientToken.token).toBeTruthy();
    const revoked = await h.t
      .asTenantAdmin()
      .request<{ revokeApiClient: { apiClient: { status: string } } }>(
        'mutation($id: ID!) { revokeApiClient(input: { id: $id }) { apiClient { status } userErrors { code } } }',
        { id },
      );
    expect(revoked.data?.revokeApiClient.apiClient.status).toBe('REVOKED');
    expect((await issue(id, fresh)).data?.issueClientToken.token).toBeNull();
  });

  it('checks scopes against the registry and the granter, writing nothing on bad input', async () => {
    const before = (
      await h.t
        .asTenantAdmin()
        .request<{ apiClients: { edges: unknown[] } }>('{ apiClients(first: 250) { edges { cursor } } }')
    ).data!.apiClients.edges.length;
    const unknown = await createClient({ name: 'x', scopes: ['orders:delete-everything'] });
    expect(unknown.data?.createApiClient.userErrors[0]).toMatchObject({
      field: ['input', 'scopes'],
      code: 'UNKNOWN_PERMISSION',
    });
    const none = await createClient({ name: 'x', scopes: [] });
    expect(none.data?.createApiClient.userErrors[0]?.code).toBe('REQUIRED');
    const escalate = await createClient(
      { name: 'x', scopes: ['accounting:post'] },
      h.t.as({ permissions: [...builtInRoles.admin] }),
    );
    expect(escalate.data?.createApiClient.userErrors[0]?.code).toBe('NOT_ALLOWED');
    const after = (
      await h.t
        .asTenantAdmin()
        .request<{ apiClients: { edges: unknown[] } }>('{ apiClients(first: 250) { edges { cursor } } }')
    ).data!.apiClients.edges.length;
    expect(after).toBe(before);
  });

  it('creates one client for 100 concurrent retries with the same idempotency key', async () => {
    const results = await Promise.all(
      Array.from({ length: 100 }, () =>
        createClient({ name: 'Retry app', scopes: ['catalog:read'], idempotencyKey: 'retry-1' }),
      ),
    );
    const ids = new Set(results.map((r) => r.data?.createApiClient.apiClient?.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.data?.createApiClient.clientSecret)).toHaveLength(1);
    const reused = await createClient({ name: 'Different app', scopes: ['catalog:read'], idempotencyKey: 'retry-1' });
    expect(reused.data?.createApiClient.userErrors[0]?.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});
