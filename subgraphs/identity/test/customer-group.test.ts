import { verifyAccessTokenWith } from '@meridian/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthResponse, authFields, type IdentityHarness, startIdentity } from './identity-harness.ts';

let h: IdentityHarness;
beforeAll(async () => {
  h = await startIdentity();
});
afterAll(async () => {
  await h?.close();
});

type Payload = {
  setCustomerGroup: {
    user: { id: string; customerGroup: string | null } | null;
    userErrors: { field: string[] | null; code: string }[];
  };
};
const setGroup = `mutation($input: SetCustomerGroupInput!) {
  setCustomerGroup(input: $input) { user { id customerGroup } userErrors { field code } }
}`;
const asAdmin = (userId: string, customerGroup: string | null) =>
  h.t.asTenantAdmin().request<Payload>(setGroup, { input: { userId, customerGroup } });

const storedGroup = async (userId: string) =>
  (
    await h.t
      .asTenantAdmin()
      .request<{ user: { customerGroup: string | null } }>('query($id: ID!) { user(id: $id) { customerGroup } }', {
        id: userId,
      })
  ).data?.user.customerGroup;

const refresh = async (refreshToken: string) =>
  (
    await h.t
      .asAnonymous()
      .request<{ refreshSession: AuthResponse }>(
        `mutation($input: RefreshSessionInput!) { refreshSession(input: $input) { ${authFields} } }`,
        { input: { refreshToken } },
      )
  ).data!.refreshSession;

const groupIn = async (accessToken: string) =>
  (await verifyAccessTokenWith(h.services.signingKeys, accessToken)).actor.customerGroup ?? null;

describe('customer groups', () => {
  it('staff set and clear a group; the next access token carries it; the customer reads their own', async () => {
    const id = await h.createUser({ email: 'buyer@groups.test', roles: [], kind: 'customer' });
    const before = await h.signIn('buyer@groups.test');
    expect(await groupIn(before.tokens!.accessToken)).toBeNull();

    const set = await asAdmin(id, 'wholesale');
    expect(set.data?.setCustomerGroup).toEqual({ user: { id, customerGroup: 'wholesale' }, userErrors: [] });
    // The token in hand keeps its claims until it is refreshed.
    expect(await groupIn(before.tokens!.accessToken)).toBeNull();
    const refreshed = await refresh(before.tokens!.refreshToken);
    expect(await groupIn(refreshed.tokens!.accessToken)).toBe('wholesale');
    const self = await h.withToken(refreshed.tokens!.accessToken);
    expect((await self.request<{ me: { customerGroup: string } }>('{ me { customerGroup } }')).data?.me).toEqual({
      customerGroup: 'wholesale',
    });

    const cleared = await asAdmin(id, null);
    expect(cleared.data?.setCustomerGroup.user?.customerGroup).toBeNull();
    const signedIn = await h.signIn('buyer@groups.test');
    expect(await groupIn(signedIn.tokens!.accessToken)).toBeNull();

    const audit = await h.t
      .asTenantAdmin()
      .request<{ auditLog: { edges: { node: { action: string; entityId: string; after: unknown } }[] } }>(
        '{ auditLog(first: 50) { edges { node { action entityId after } } } }',
      );
    const changes = audit
      .data!.auditLog.edges.map((e) => e.node)
      .filter((n) => n.action === 'user.set_customer_group' && n.entityId === id);
    expect(changes.map((c) => (c.after as { customerGroup: string | null }).customerGroup)).toEqual([
      null,
      'wholesale',
    ]);
  });

  it('refuses a malformed group on input.customerGroup and writes nothing', async () => {
    const id = await h.createUser({ email: 'bad@groups.test', roles: [], kind: 'customer' });
    await asAdmin(id, 'retail');
    for (const bad of ['Wholesale', '-trade', '', 'a'.repeat(41), 'trade group', 'trade_1']) {
      const result = await asAdmin(id, bad);
      expect(result.data?.setCustomerGroup, bad).toEqual({
        user: null,
        userErrors: [{ field: ['input', 'customerGroup'], code: 'INVALID' }],
      });
    }
    expect(await storedGroup(id)).toBe('retail');
  });

  it('refuses staff as a target: they preview groups instead', async () => {
    const id = await h.createUser({ email: 'clerk@groups.test', roles: ['sales'] });
    const result = await asAdmin(id, 'wholesale');
    expect(result.data?.setCustomerGroup).toEqual({
      user: null,
      userErrors: [{ field: ['input', 'userId'], code: 'NOT_A_CUSTOMER' }],
    });
    expect(await storedGroup(id)).toBeNull();
  });

  it('a shopper cannot put themselves in a group', async () => {
    const id = await h.createUser({ email: 'sneaky@groups.test', roles: [], kind: 'customer' });
    const shopper = await h.withToken((await h.signIn('sneaky@groups.test')).tokens!.accessToken);
    const result = await shopper.request<Payload>(setGroup, { input: { userId: id, customerGroup: 'wholesale' } });
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await storedGroup(id)).toBeNull();
  });
});
