import type { Tenant } from '@meridian/kit';
import type { TestClient } from '@meridian/kit/testing';
import {
  buildASTSchema,
  type GraphQLField,
  GraphQLInputObjectType,
  type GraphQLNamedType,
  getNamedType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityTypeDefs } from '../src/index.ts';
import {
  type AuthResponse,
  authFields,
  type IdentityHarness,
  startIdentity,
  strongPassword,
  tokenIn,
} from './identity-harness.ts';

/**
 * Tenant B's owner, holding every tenant permission, uses tenant A's ids: each lookup is NOT_FOUND,
 * each secret of A is just as unknown on B's host, and nothing of A changes.
 */
let h: IdentityHarness;
let tenantB: Tenant;
let adminB: TestClient;
const a = {} as {
  userId: string;
  email: string;
  invitedId: string;
  inviteToken: string;
  resetToken: string;
  roleId: string;
  sessionId: string;
  refreshToken: string;
  clientId: string;
  clientSecret: string;
  userB: string;
  addressId: string;
};

beforeAll(async () => {
  h = await startIdentity();
  const admin = h.t.asTenantAdmin();
  a.email = 'alice@a.test';
  a.userId = await h.createUser({ email: a.email, roles: ['sales'] });
  const session = (await h.signIn(a.email)).tokens!;
  a.sessionId = session.sessionId;
  a.refreshToken = session.refreshToken;
  const added = await (await h.withToken(session.accessToken)).request<{ addMyAddress: { address: { id: string } } }>(
    'mutation { addMyAddress(input: { name: "Alice", line1: "1 Main St", city: "Dublin", country: "IE" }) { address { id } } }',
  );
  a.addressId = added.data!.addMyAddress.address.id;
  const role = await admin.request<{ createRole: { role: { id: string } } }>(
    'mutation { createRole(input: { key: "a-only", name: "A only", permissions: ["catalog:read"] }) { role { id } } }',
  );
  a.roleId = role.data!.createRole.role.id;
  const invited = await admin.request<{ inviteUser: { user: { id: string } } }>(
    'mutation { inviteUser(input: { email: "pending@a.test", roleIds: [] }) { user { id } } }',
  );
  a.invitedId = invited.data!.inviteUser.user.id;
  a.inviteToken = tokenIn((await h.smtp.waitForMessage((m) => m.to.includes('pending@a.test'))).text);
  await h.t.asAnonymous().request('mutation { requestPasswordReset(input: { email: "alice@a.test" }) { accepted } }');
  a.resetToken = tokenIn(
    (await h.smtp.waitForMessage((m) => m.to.includes(a.email) && m.subject.includes('Reset'))).text,
  );
  const client = await admin.request<{ createApiClient: { apiClient: { id: string }; clientSecret: string } }>(
    'mutation { createApiClient(input: { name: "A app", scopes: ["catalog:read"] }) { apiClient { id } clientSecret } }',
  );
  a.clientId = client.data!.createApiClient.apiClient.id;
  a.clientSecret = client.data!.createApiClient.clientSecret;

  tenantB = await h.t.createTenant('tenant-b');
  await h.createUser({ email: 'owner@b.test', roles: ['owner'], tenant: tenantB });
  a.userB = await h.createUser({ email: 'bob@b.test', roles: ['sales'], tenant: tenantB });
  adminB = await h.withToken((await h.signIn('owner@b.test', { tenant: tenantB })).tokens!.accessToken);
});
afterAll(async () => {
  await h?.close();
});

const entities = (typename: string, id: () => string) => ({
  query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${typename} { id } } }`,
  variables: () => ({ r: [{ __typename: typename, id: id() }] }),
});

/** Every id-taking field of identity's tenant-level API, with tenant A's ids. */
const lookups: Record<string, { query: string; variables: () => Record<string, unknown> }> = {
  user: { query: 'query($id: ID!) { user(id: $id) { id } }', variables: () => ({ id: a.userId }) },
  updateUser: {
    query: 'mutation($id: ID!) { updateUser(input: { id: $id, name: "x" }) { user { id } } }',
    variables: () => ({ id: a.userId }),
  },
  deactivateUser: {
    query: 'mutation($id: ID!) { deactivateUser(input: { id: $id }) { user { id } } }',
    variables: () => ({ id: a.userId }),
  },
  reactivateUser: {
    query: 'mutation($id: ID!) { reactivateUser(input: { id: $id }) { user { id } } }',
    variables: () => ({ id: a.userId }),
  },
  'setUserRoles.userId': {
    query: 'mutation($id: ID!) { setUserRoles(input: { userId: $id, roleIds: [] }) { user { id } } }',
    variables: () => ({ id: a.userId }),
  },
  setCustomerGroup: {
    query:
      'mutation($id: ID!) { setCustomerGroup(input: { userId: $id, customerGroup: "wholesale" }) { user { id } } }',
    variables: () => ({ id: a.userId }),
  },
  'setUserRoles.roleIds': {
    query: 'mutation($id: ID!, $role: ID!) { setUserRoles(input: { userId: $id, roleIds: [$role] }) { user { id } } }',
    variables: () => ({ id: a.userB, role: a.roleId }),
  },
  'inviteUser.roleIds': {
    query: 'mutation($role: ID!) { inviteUser(input: { email: "new@b.test", roleIds: [$role] }) { user { id } } }',
    variables: () => ({ role: a.roleId }),
  },
  resendInvitation: {
    query: 'mutation($id: ID!) { resendInvitation(input: { userId: $id }) { user { id } } }',
    variables: () => ({ id: a.invitedId }),
  },
  resetUserMfa: {
    query: 'mutation($id: ID!) { resetUserMfa(input: { userId: $id }) { user { id } } }',
    variables: () => ({ id: a.userId }),
  },
  sessions: {
    query: 'query($id: ID!) { sessions(userId: $id) { edges { cursor } } }',
    variables: () => ({ id: a.userId }),
  },
  revokeSession: {
    query: 'mutation($id: ID!) { revokeSession(input: { id: $id }) { session { id } } }',
    variables: () => ({ id: a.sessionId }),
  },
  role: { query: 'query($id: ID!) { role(id: $id) { id } }', variables: () => ({ id: a.roleId }) },
  updateRole: {
    query: 'mutation($id: ID!) { updateRole(input: { id: $id, name: "x" }) { role { id } } }',
    variables: () => ({ id: a.roleId }),
  },
  deleteRole: {
    query: 'mutation($id: ID!) { deleteRole(input: { id: $id }) { deletedRoleId } }',
    variables: () => ({ id: a.roleId }),
  },
  apiClient: { query: 'query($id: ID!) { apiClient(id: $id) { id } }', variables: () => ({ id: a.clientId }) },
  updateApiClient: {
    query: 'mutation($id: ID!) { updateApiClient(input: { id: $id, name: "x" }) { apiClient { id } } }',
    variables: () => ({ id: a.clientId }),
  },
  rotateApiClientSecret: {
    query: 'mutation($id: ID!) { rotateApiClientSecret(input: { id: $id }) { clientSecret } }',
    variables: () => ({ id: a.clientId }),
  },
  revokeApiClient: {
    query: 'mutation($id: ID!) { revokeApiClient(input: { id: $id }) { apiClient { id } } }',
    variables: () => ({ id: a.clientId }),
  },
  updateMyAddress: {
    query:
      'mutation($id: ID!) { updateMyAddress(id: $id, input: { name: "B", line1: "1", city: "X", country: "IE" }) { address { id } } }',
    variables: () => ({ id: a.addressId }),
  },
  deleteMyAddress: {
    query: 'mutation($id: ID!) { deleteMyAddress(id: $id) { deletedId } }',
    variables: () => ({ id: a.addressId }),
  },
  setDefaultAddress: {
    query: 'mutation($id: ID!) { setDefaultAddress(id: $id) { address { id } } }',
    variables: () => ({ id: a.addressId }),
  },
  '_entities.User': entities('User', () => a.userId),
  '_entities.Role': entities('Role', () => a.roleId),
  '_entities.ApiClient': entities('ApiClient', () => a.clientId),
};

// Operator fields name tenants, not tenant data; the platform operator is the only one who may call them.
const platformFields = new Set(['tenant', 'suspendTenant', 'resumeTenant', 'reencryptMfaSecrets']);

function takesId(field: GraphQLField<unknown, unknown>): boolean {
  const seen = new Set<string>();
  const hasId = (type: GraphQLNamedType): boolean => {
    if (type.name === 'ID') return true;
    if (!(type instanceof GraphQLInputObjectType) || seen.has(type.name)) return false;
    seen.add(type.name);
    return Object.values(type.getFields()).some((f) => hasId(getNamedType(f.type)));
  };
  return field.args.some((arg) => hasId(getNamedType(arg.type)));
}

describe('tenant isolation', () => {
  it('covers every identity field that takes an id', () => {
    const schema = buildASTSchema(identityTypeDefs, { assumeValidSDL: true });
    const idFields = [
      ...Object.values(schema.getQueryType()?.getFields() ?? {}),
      ...Object.values(schema.getMutationType()?.getFields() ?? {}),
    ]
      .filter((f) => takesId(f) && !platformFields.has(f.name))
      .map((f) => f.name);
    const covered = new Set(Object.keys(lookups).map((k) => k.split('.')[0]));
    expect(idFields.filter((name) => !covered.has(name))).toEqual([]);
  });

  it.each(Object.entries(lookups))(
    "answers NOT_FOUND to tenant B's owner for %s with tenant A's id",
    async (_name, op) => {
      const result = await adminB.request(op.query, op.variables());
      expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    },
  );

  it("treats tenant A's secrets on tenant B's host as unknown, and tells nothing", async () => {
    const anonB = h.t.asAnonymous(tenantB);
    const signIn = await anonB.request<{ signIn: AuthResponse }>(
      `mutation($input: SignInInput!) { signIn(input: $input) { ${authFields} } }`,
      { input: { email: a.email, password: strongPassword } },
    );
    expect(signIn.data?.signIn.userErrors[0]?.code).toBe('INVALID_CREDENTIALS');
    const refresh = await anonB.request(
      `mutation($t: String!) { refreshSession(input: { refreshToken: $t }) { ${authFields} } }`,
      { t: a.refreshToken },
    );
    expect(refresh.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const accept = await anonB.request<{ acceptInvitation: AuthResponse }>(
      `mutation($t: String!) { acceptInvitation(input: { token: $t, name: "Mallory", password: "${strongPassword}" }) { ${authFields} } }`,
      { t: a.inviteToken },
    );
    expect(accept.data?.acceptInvitation.userErrors[0]?.code).toBe('INVALID_TOKEN');
    const reset = await anonB.request<{ resetPassword: { userErrors: { code: string }[] } }>(
      `mutation($t: String!) { resetPassword(input: { token: $t, newPassword: "${strongPassword}!" }) { reset userErrors { code } } }`,
      { t: a.resetToken },
    );
    expect(reset.data?.resetPassword.userErrors[0]?.code).toBe('INVALID_TOKEN');
    const client = await anonB.request<{ issueClientToken: { userErrors: { code: string }[] } }>(
      'mutation($id: String!, $s: String!) { issueClientToken(input: { clientId: $id, clientSecret: $s }) { token { accessToken } userErrors { code } } }',
      { id: a.clientId, s: a.clientSecret },
    );
    expect(client.data?.issueClientToken.userErrors[0]?.code).toBe('INVALID_CLIENT');
    const audit = await adminB.request<{ auditLog: { edges: unknown[] } }>(
      'query($id: String!) { auditLog(entityId: $id) { edges { cursor } } }',
      { id: a.userId },
    );
    expect(audit.data?.auditLog.edges).toEqual([]);
  });

  it("left tenant A's data as it was", async () => {
    const admin = h.t.asTenantAdmin();
    const user = await admin.request<{ user: { status: string; name: string } }>(
      'query($id: ID!) { user(id: $id) { status name } }',
      { id: a.userId },
    );
    expect(user.data?.user).toEqual({ status: 'ACTIVE', name: 'Test User' });
    const role = await admin.request<{ role: { name: string } }>('query($id: ID!) { role(id: $id) { name } }', {
      id: a.roleId,
    });
    expect(role.data?.role.name).toBe('A only');
    const apiClient = await admin.request<{ apiClient: { status: string; name: string } }>(
      'query($id: ID!) { apiClient(id: $id) { status name } }',
      { id: a.clientId },
    );
    expect(apiClient.data?.apiClient).toEqual({ status: 'ACTIVE', name: 'A app' });
    // The session B tried to end still refreshes on A's host.
    const refreshed = await h.t
      .asAnonymous()
      .request<{ refreshSession: AuthResponse }>(
        `mutation($t: String!) { refreshSession(input: { refreshToken: $t }) { ${authFields} } }`,
        { t: a.refreshToken },
      );
    expect(refreshed.data?.refreshSession.tokens?.sessionId).toBe(a.sessionId);
  });
});
