import { builtInRoles } from '@meridian/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdentityHarness, startIdentity } from './identity-harness.ts';

let h: IdentityHarness;
beforeAll(async () => {
  h = await startIdentity();
});
afterAll(async () => {
  await h?.close();
});

type RolePayload = {
  role: { id: string; key: string; permissions: string[] } | null;
  userErrors: { field: string[]; code: string }[];
};
const createRole = (input: Record<string, unknown>, client = h.t.asTenantAdmin()) =>
  client.request<{ createRole: RolePayload }>(
    'mutation($input: CreateRoleInput!) { createRole(input: $input) { role { id key permissions builtIn } userErrors { field code message } } }',
    { input },
  );
const roleCount = async () =>
  (await h.t.asTenantAdmin().request<{ roles: { edges: unknown[] } }>('{ roles(first: 250) { edges { cursor } } }'))
    .data!.roles.edges.length;

describe('roles and permissions', () => {
  it('seeds the built-in roles with the registry permissions', async () => {
    const listed = await h.t
      .asTenantAdmin()
      .request<{ roles: { edges: { node: { key: string; permissions: string[]; builtIn: boolean } }[] } }>(
        '{ roles { edges { node { key permissions builtIn } } } }',
      );
    const byKey = Object.fromEntries(listed.data!.roles.edges.map((e) => [e.node.key, e.node]));
    for (const [key, permissions] of Object.entries(builtInRoles)) {
      expect(byKey[key]).toEqual({ key, permissions: [...permissions], builtIn: true });
    }
    const registry = await h.t
      .asTenantAdmin()
      .request<{ permissionRegistry: { domain: string; permissions: string[] }[] }>(
        '{ permissionRegistry { domain permissions } }',
      );
    expect(registry.data?.permissionRegistry.find((g) => g.domain === 'accounting')?.permissions).toContain(
      'accounting:post',
    );
  });

  it('creates custom roles validated against the registry; nothing is written on bad input', async () => {
    const before = await roleCount();
    const bad = await createRole({ key: 'Bad Key', name: '', permissions: ['catalog:fly', 'platform:tenants'] });
    expect(bad.data?.createRole.userErrors.map((e) => [e.field.join('.'), e.code])).toEqual([
      ['input.key', 'INVALID'],
      ['input.name', 'REQUIRED'],
      ['input.permissions', 'UNKNOWN_PERMISSION'],
    ]);
    expect(
      (await createRole({ key: 'owner', name: 'Fake owner', permissions: [] })).data?.createRole.userErrors[0]?.code,
    ).toBe('TAKEN');
    expect(await roleCount()).toBe(before);

    const made = await createRole({
      key: 'night-shift',
      name: 'Night shift',
      permissions: ['inventory:write', 'catalog:read'],
    });
    expect(made.data?.createRole.role).toMatchObject({
      key: 'night-shift',
      permissions: ['catalog:read', 'inventory:write'],
    });
    const admin = h.t.as({ permissions: [...builtInRoles.admin] });
    const escalate = await createRole({ key: 'poster', name: 'Poster', permissions: ['accounting:post'] }, admin);
    expect(escalate.data?.createRole.userErrors[0]?.code).toBe('NOT_ALLOWED');
  });

  it("gives a user the union of their roles' permissions; roles in use cannot be deleted", async () => {
    const userId = await h.createUser({ email: 'multi@acme.test', roles: ['support'] });
    const made = await createRole({ key: 'stock-count', name: 'Stock count', permissions: ['inventory:write'] });
    const roleId = made.data!.createRole.role!.id;
    const roles = await h.t
      .asTenantAdmin()
      .request<{ roles: { edges: { node: { id: string; key: string } }[] } }>(
        '{ roles { edges { node { id key } } } }',
      );
    const supportId = roles.data!.roles.edges.find((e) => e.node.key === 'support')!.node.id;
    const set = await h.t
      .asTenantAdmin()
      .request<{ setUserRoles: { user: { permissions: string[]; roles: { key: string }[] } } }>(
        'mutation($input: SetUserRolesInput!) { setUserRoles(input: $input) { user { permissions roles { key } } userErrors { code } } }',
        { input: { userId, roleIds: [supportId, roleId] } },
      );
    expect(set.data?.setUserRoles.user.roles.map((r) => r.key)).toEqual(['stock-count', 'support']);
    expect(set.data?.setUserRoles.user.permissions).toEqual(
      [...new Set([...builtInRoles.support, 'inventory:write'])].sort(),
    );

    const signedIn = await h.signIn('multi@acme.test');
    const me = await (await h.withToken(signedIn.tokens!.accessToken)).request<{ me: { permissions: string[] } }>(
      '{ me { permissions } }',
    );
    expect(me.data?.me.permissions).toContain('inventory:write');

    const inUse = await h.t
      .asTenantAdmin()
      .request<{ deleteRole: { deletedRoleId: string | null; userErrors: { code: string }[] } }>(
        'mutation($id: ID!) { deleteRole(input: { id: $id }) { deletedRoleId userErrors { code } } }',
        { id: roleId },
      );
    expect(inUse.data?.deleteRole.userErrors[0]?.code).toBe('ROLE_IN_USE');
    const builtIn = await h.t
      .asTenantAdmin()
      .request<{ updateRole: { userErrors: { code: string }[] } }>(
        'mutation($id: ID!) { updateRole(input: { id: $id, permissions: ["*"] }) { userErrors { code } } }',
        { id: supportId },
      );
    expect(builtIn.data?.updateRole.userErrors[0]?.code).toBe('BUILT_IN');

    await h.t
      .asTenantAdmin()
      .request('mutation($input: SetUserRolesInput!) { setUserRoles(input: $input) { userErrors { code } } }', {
        input: { userId, roleIds: [supportId] },
      });
    const deleted = await h.t
      .asTenantAdmin()
      .request<{ deleteRole: { deletedRoleId: string } }>(
        'mutation($id: ID!) { deleteRole(input: { id: $id }) { deletedRoleId userErrors { code } } }',
        { id: roleId },
      );
    expect(deleted.data?.deleteRole.deletedRoleId).toBe(roleId);
  });
});
