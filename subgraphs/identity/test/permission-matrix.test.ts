import type { BuiltInRole } from '@meridian/kit';
import type { TestClient } from '@meridian/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdentityHarness, startIdentity } from './identity-harness.ts';

/**
 * Every built-in role × every identity operation, through real sign-ins: the operations a role may
 * run are not FORBIDDEN (they may still answer NOT_FOUND or userErrors for the harmless inputs used
 * here); every other one is FORBIDDEN.
 */
const roles: BuiltInRole[] = ['owner', 'admin', 'sales', 'warehouse', 'accountant', 'support', 'customer'];
const everyone = roles;
const managers: BuiltInRole[] = ['owner', 'admin'];
const nobody: BuiltInRole[] = [];

let h: IdentityHarness;
const clients = new Map<BuiltInRole, TestClient>();
const ids = { self: new Map<BuiltInRole, string>(), target: '', supportRole: '' };
const missing = {
  user: 'usr_01J0000000000000000000000',
  client: 'apc_01J0000000000000000000000',
  session: 'ses_01J0000000000000000000000',
  address: 'adr_01J0000000000000000000000',
};

beforeAll(async () => {
  h = await startIdentity();
  for (const role of roles) {
    const email = `${role}@matrix.test`;
    const id = await h.createUser({
      email,
      roles: role === 'customer' ? [] : [role],
      ...(role === 'customer' ? { kind: 'customer' } : {}),
    });
    ids.self.set(role, id);
    clients.set(role, await h.withToken((await h.signIn(email)).tokens!.accessToken));
  }
  ids.target = await h.createUser({ email: 'target@matrix.test', roles: ['sales'] });
  const listed = await h.t
    .asTenantAdmin()
    .request<{ roles: { edges: { node: { id: string; key: string } }[] } }>('{ roles { edges { node { id key } } } }');
  ids.supportRole = listed.data!.roles.edges.find((e) => e.node.key === 'support')!.node.id;
});
afterAll(async () => {
  await h?.close();
});

type Operation = { allowed: BuiltInRole[]; query: string; variables?: (role: BuiltInRole) => Record<string, unknown> };

const operations: Record<string, Operation> = {
  me: { allowed: everyone, query: '{ me { id email } }' },
  'user (self)': {
    allowed: everyone,
    query: 'query($id: ID!) { user(id: $id) { id } }',
    variables: (r) => ({ id: ids.self.get(r) }),
  },
  users: { allowed: managers, query: '{ users { edges { node { id } } } }' },
  roles: { allowed: managers, query: '{ roles { edges { node { id } } } }' },
  role: {
    allowed: managers,
    query: 'query($id: ID!) { role(id: $id) { key } }',
    variables: () => ({ id: ids.supportRole }),
  },
  permissionRegistry: { allowed: everyone, query: '{ permissionRegistry { domain } }' },
  sessions: { allowed: everyone, query: '{ sessions { edges { node { id } } } }' },
  securityPolicy: { allowed: managers, query: '{ securityPolicy { requireMfaForStaff } }' },
  apiClients: { allowed: managers, query: '{ apiClients { edges { node { id } } } }' },
  apiClient: { allowed: managers, query: `{ apiClient(id: "${missing.client}") { id } }` },
  auditLog: { allowed: managers, query: '{ auditLog(first: 1) { edges { node { action } } } }' },
  verifyAuditChain: { allowed: managers, query: '{ verifyAuditChain { ok } }' },
  tenants: { allowed: nobody, query: '{ tenants { edges { node { id } } } }' },
  inviteUser: {
    allowed: managers,
    query: 'mutation { inviteUser(input: { email: "not-an-email", roleIds: [] }) { userErrors { code } } }',
  },
  resendInvitation: {
    allowed: managers,
    query: 'mutation($id: ID!) { resendInvitation(input: { userId: $id }) { userErrors { code } } }',
    variables: () => ({ id: ids.target }),
  },
  updateUser: {
    allowed: managers,
    query: 'mutation($id: ID!) { updateUser(input: { id: $id, locale: "??" }) { userErrors { code } } }',
    variables: () => ({ id: ids.target }),
  },
  deactivateUser: {
    allowed: managers,
    query: 'mutation($id: ID!) { deactivateUser(input: { id: $id }) { userErrors { code } } }',
    variables: (r) => ({ id: ids.self.get(r) }),
  },
  reactivateUser: {
    allowed: managers,
    query: 'mutation($id: ID!) { reactivateUser(input: { id: $id }) { userErrors { code } } }',
    variables: () => ({ id: ids.target }),
  },
  setUserRoles: {
    allowed: managers,
    query: `mutation($id: ID!) { setUserRoles(input: { userId: $id, roleIds: ["rol_01J0000000000000000000000"] }) { userErrors { code } } }`,
    variables: () => ({ id: ids.target }),
  },
  setCustomerGroup: {
    allowed: managers,
    query: `mutation($id: ID!) { setCustomerGroup(input: { userId: $id, customerGroup: "Bad Group" }) { userErrors { code } } }`,
    variables: (r) => ({ id: ids.self.get(r) }),
  },
  resetUserMfa: {
    allowed: managers,
    query: `mutation { resetUserMfa(input: { userId: "${missing.user}" }) { userErrors { code } } }`,
  },
  createRole: {
    allowed: managers,
    query: 'mutation { createRole(input: { key: "Bad Key", name: "x", permissions: [] }) { userErrors { code } } }',
  },
  updateRole: {
    allowed: managers,
    query: 'mutation($id: ID!) { updateRole(input: { id: $id, name: "x" }) { userErrors { code } } }',
    variables: () => ({ id: ids.supportRole }),
  },
  deleteRole: {
    allowed: managers,
    query: 'mutation($id: ID!) { deleteRole(input: { id: $id }) { userErrors { code } } }',
    variables: () => ({ id: ids.supportRole }),
  },
  updateSecurityPolicy: {
    allowed: managers,
    query: 'mutation { updateSecurityPolicy(input: {}) { userErrors { code } } }',
  },
  createApiClient: {
    allowed: managers,
    query: 'mutation { createApiClient(input: { name: "", scopes: [] }) { userErrors { code } } }',
  },
  updateApiClient: {
    allowed: managers,
    query: `mutation { updateApiClient(input: { id: "${missing.client}", name: "x" }) { userErrors { code } } }`,
  },
  rotateApiClientSecret: {
    allowed: managers,
    query: `mutation { rotateApiClientSecret(input: { id: "${missing.client}" }) { userErrors { code } } }`,
  },
  revokeApiClient: {
    allowed: managers,
    query: `mutation { revokeApiClient(input: { id: "${missing.client}" }) { userErrors { code } } }`,
  },
  updateStorefrontSettings: {
    allowed: managers,
    query: 'mutation { updateStorefrontSettings(input: { currencies: [] }) { userErrors { code } } }',
  },
  currentTenant: { allowed: everyone, query: '{ currentTenant { storefront { currencies theme { radius } } } }' },
  myAddresses: { allowed: everyone, query: '{ myAddresses { id } }' },
  addMyAddress: {
    allowed: everyone,
    query: 'mutation { addMyAddress(input: { name: "", line1: "", city: "", country: "" }) { userErrors { code } } }',
  },
  updateMyAddress: {
    allowed: everyone,
    query: `mutation { updateMyAddress(id: "${missing.address}", input: { name: "A", line1: "1", city: "X", country: "IE" }) { userErrors { code } } }`,
  },
  deleteMyAddress: {
    allowed: everyone,
    query: `mutation { deleteMyAddress(id: "${missing.address}") { userErrors { code } } }`,
  },
  setDefaultAddress: {
    allowed: everyone,
    query: `mutation { setDefaultAddress(id: "${missing.address}") { userErrors { code } } }`,
  },
  updateMyProfile: { allowed: everyone, query: 'mutation { updateMyProfile(input: {}) { userErrors { code } } }' },
  updateMySettings: { allowed: everyone, query: 'mutation { updateMySettings(input: {}) { userErrors { code } } }' },
  changePassword: {
    allowed: everyone,
    query: 'mutation { changePassword(input: { currentPassword: "wrong", newPassword: "x" }) { userErrors { code } } }',
  },
  revokeSession: {
    allowed: everyone,
    query: `mutation { revokeSession(input: { id: "${missing.session}" }) { userErrors { code } } }`,
  },
  startMfaEnrolment: { allowed: everyone, query: 'mutation { startMfaEnrolment(input: {}) { userErrors { code } } }' },
  disableMfa: {
    allowed: everyone,
    query: 'mutation { disableMfa(input: { mfaCode: "000000" }) { userErrors { code } } }',
  },
  regenerateRecoveryCodes: {
    allowed: everyone,
    query: 'mutation { regenerateRecoveryCodes(input: { code: "000000" }) { userErrors { code } } }',
  },
  createTenant: {
    allowed: nobody,
    query: 'mutation { createTenant(input: { slug: "nope", name: "Nope" }) { userErrors { code } } }',
  },
  suspendTenant: {
    allowed: nobody,
    query: 'mutation { suspendTenant(input: { id: "ten_01J0000000000000000000000" }) { userErrors { code } } }',
  },
  reencryptMfaSecrets: { allowed: nobody, query: 'mutation { reencryptMfaSecrets(input: {}) { resealed } }' },
  rotateSigningKey: { allowed: nobody, query: 'mutation { rotateSigningKey(input: {}) { kid } }' },
};

const cases = roles.flatMap((role) =>
  Object.entries(operations).map(
    ([name, op]) => [role, name, op.allowed.includes(role) ? 'allowed' : 'FORBIDDEN'] as const,
  ),
);

describe('permission matrix of the built-in roles', () => {
  it.each(cases)('%s → %s: %s', async (role, name, verdict) => {
    const op = operations[name]!;
    const result = await clients.get(role)!.request(op.query, op.variables?.(role));
    const code = result.errors?.[0]?.extensions?.code;
    if (verdict === 'FORBIDDEN') expect(code).toBe('FORBIDDEN');
    else expect([undefined, 'NOT_FOUND'], JSON.stringify(result.errors)).toContain(code);
  });

  it('lets a customer see no other user, even by id', async () => {
    const result = await clients
      .get('customer')!
      .request('query($id: ID!) { user(id: $id) { email } }', { id: ids.target });
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
