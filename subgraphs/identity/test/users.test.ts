import { builtInRoles, withTenant } from '@meridian/kit';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users, userTokens } from '../src/db/schema.ts';
import {
  type AuthResponse,
  authFields,
  type IdentityHarness,
  startIdentity,
  strongPassword,
  tokenIn,
} from './identity-harness.ts';

let h: IdentityHarness;
let roleIds: Record<string, string>;
beforeAll(async () => {
  h = await startIdentity();
  const listed = await h.t
    .asTenantAdmin()
    .request<{ roles: { edges: { node: { id: string; key: string } }[] } }>('{ roles { edges { node { id key } } } }');
  roleIds = Object.fromEntries(listed.data!.roles.edges.map((e) => [e.node.key, e.node.id]));
});
afterAll(async () => {
  await h?.close();
});

const inviteMutation =
  'mutation($input: InviteUserInput!) { inviteUser(input: $input) { user { id email status } userErrors { field code message } } }';
const acceptMutation = `mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { ${authFields} } }`;

type InviteResult = {
  inviteUser: {
    user: { id: string; email: string; status: string } | null;
    userErrors: { field: string[]; code: string }[];
  };
};

const userCount = async () =>
  (await h.t.asTenantAdmin().request<{ users: { edges: unknown[] } }>('{ users(first: 250) { edges { cursor } } }'))
    .data!.users.edges.length;

describe('staff invitations', () => {
  it('invites by email; the single-use link sets name and password and signs the person in', async () => {
    const invited = await h.t.asTenantAdmin().request<InviteResult>(inviteMutation, {
      input: { email: 'New.Hire@Acme.test', name: 'New Hire', roleIds: [roleIds.warehouse] },
    });
    expect(invited.data?.inviteUser.user).toMatchObject({ email: 'new.hire@acme.test', status: 'INVITED' });
    const mail = await h.smtp.waitForMessage((m) => m.to.includes('new.hire@acme.test'));
    expect(mail.subject).toContain('invited');
    const token = tokenIn(mail.text);
    expect(token).toMatch(/^miv_/);

    const weak = await h.t.asAnonymous().request<{ acceptInvitation: AuthResponse }>(acceptMutation, {
      input: { token, name: 'New Hire', password: 'short' },
    });
    expect(weak.data?.acceptInvitation.userErrors[0]).toMatchObject({
      field: ['input', 'password'],
      code: 'TOO_SHORT',
    });

    const accepted = await h.t.asAnonymous().request<{ acceptInvitation: AuthResponse }>(acceptMutation, {
      input: { token, name: 'Nia Hire', password: strongPassword },
    });
    expect(accepted.data?.acceptInvitation.tokens?.accessToken).toBeTruthy();
    const me = await (await h.withToken(accepted.data!.acceptInvitation.tokens!.accessToken)).request<{
      me: { name: string; status: string; permissions: string[] };
    }>('{ me { name status permissions } }');
    expect(me.data?.me).toMatchObject({ name: 'Nia Hire', status: 'ACTIVE' });
    expect(me.data?.me.permissions).toContain('inventory:*');

    const reused = await h.t.asAnonymous().request<{ acceptInvitation: AuthResponse }>(acceptMutation, {
      input: { token, name: 'Someone Else', password: strongPassword },
    });
    expect(reused.data?.acceptInvitation.userErrors[0]?.code).toBe('INVALID_TOKEN');
  });

  it('refuses an expired invitation', async () => {
    await h.t
      .asTenantAdmin()
      .request<InviteResult>(inviteMutation, { input: { email: 'late@acme.test', roleIds: [] } });
    const token = tokenIn((await h.smtp.waitForMessage((m) => m.to.includes('late@acme.test'))).text);
    await withTenant(h.t.platform.database, h.tenant, (tx) =>
      tx
        .update(userTokens)
        .set({ expiresAt: sql`now() - interval '1 minute'` })
        .where(eq(userTokens.purpose, 'invitation')),
    );
    const result = await h.t.asAnonymous().request<{ acceptInvitation: AuthResponse }>(acceptMutation, {
      input: { token, name: 'Late', password: strongPassword },
    });
    expect(result.data?.acceptInvitation.userErrors[0]?.code).toBe('INVALID_TOKEN');
  });

  it('keeps one account per email (any case), also when 200 invitations race', async () => {
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        h.t.asTenantAdmin().request<InviteResult>(inviteMutation, {
          input: { email: i % 2 ? 'Racer@acme.test' : 'racer@ACME.test', roleIds: [roleIds.sales] },
        }),
      ),
    );
    expect(results.filter((r) => r.data?.inviteUser.user)).toHaveLength(1);
    expect(results.filter((r) => r.data?.inviteUser.userErrors[0]?.code === 'EMAIL_TAKEN')).toHaveLength(199);
    const chain = await h.t
      .asTenantAdmin()
      .request<{ verifyAuditChain: { ok: boolean } }>('{ verifyAuditChain { ok checked firstBrokenId } }');
    expect(chain.data?.verifyAuditChain.ok).toBe(true);
  });

  it('rejects bad input with userErrors naming each field, and writes nothing', async () => {
    const before = await userCount();
    const result = await h.t.asTenantAdmin().request<InviteResult>(inviteMutation, {
      input: { email: 'not an email', name: 'x'.repeat(201), roleIds: [], locale: 'not_a_locale!' },
    });
    expect(result.data?.inviteUser.userErrors.map((e) => e.field.join('.'))).toEqual([
      'input.email',
      'input.name',
      'input.locale',
    ]);
    expect(await userCount()).toBe(before);
    const unknownField = await h.t.asTenantAdmin().request(inviteMutation, {
      input: { email: 'a@acme.test', roleIds: [], isSuperuser: true },
    });
    expect(unknownField.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const wrongKind = await h.t.asTenantAdmin().request('{ user(id: "rol_01J0000000000000000000000") { id } }');
    expect(wrongKind.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await userCount()).toBe(before);
  });

  it('does not let anyone grant more than they hold: an admin cannot make an owner', async () => {
    const admin = h.t.as({ permissions: [...builtInRoles.admin] });
    const result = await admin.request<InviteResult>(inviteMutation, {
      input: { email: 'wannabe@acme.test', roleIds: [roleIds.owner] },
    });
    expect(result.data?.inviteUser.userErrors[0]?.code).toBe('NOT_ALLOWED');
    const ok = await admin.request<InviteResult>(inviteMutation, {
      input: { email: 'clerk@acme.test', roleIds: [roleIds.sales] },
    });
    expect(ok.data?.inviteUser.user).toBeTruthy();
  });
});

describe('profiles, settings and status', () => {
  it('validates and saves the profile and settings', async () => {
    await h.createUser({ email: 'eve@acme.test', roles: ['sales'] });
    const client = await h.withToken((await h.signIn('eve@acme.test')).tokens!.accessToken);
    const bad = await client.request<{ updateMyProfile: { userErrors: { field: string[]; code: string }[] } }>(
      'mutation { updateMyProfile(input: { locale: "??", timeZone: "Mars/Olympus" }) { userErrors { field code } } }',
    );
    expect(bad.data?.updateMyProfile.userErrors).toEqual([
      { field: ['input', 'locale'], code: 'INVALID' },
      { field: ['input', 'timeZone'], code: 'INVALID' },
    ]);
    const good = await client.request<{
      updateMyProfile: { user: { name: string; locale: string; timeZone: string } };
    }>(
      'mutation { updateMyProfile(input: { name: "Eve Q", locale: "fr-fr", timeZone: "Europe/Paris" }) { user { name locale timeZone } userErrors { code } } }',
    );
    expect(good.data?.updateMyProfile.user).toEqual({ name: 'Eve Q', locale: 'fr-FR', timeZone: 'Europe/Paris' });
    const settings = await client.request<{ updateMySettings: { user: { settings: Record<string, unknown> } } }>(
      'mutation { updateMySettings(input: { theme: DARK, emailNotifications: false }) { user { settings { theme density emailNotifications } } userErrors { code } } }',
    );
    expect(settings.data?.updateMySettings.user.settings).toEqual({
      theme: 'DARK',
      density: 'COMFORTABLE',
      emailNotifications: false,
    });
  });

  it('keeps at least one active owner', async () => {
    const ownerId = await h.createUser({ email: 'boss@acme.test', roles: ['owner'] });
    const client = h.t.asTenantAdmin();
    const deactivate = await client.request<{ deactivateUser: { userErrors: { code: string }[] } }>(
      'mutation($id: ID!) { deactivateUser(input: { id: $id }) { userErrors { code } } }',
      { id: ownerId },
    );
    expect(deactivate.data?.deactivateUser.userErrors[0]?.code).toBe('LAST_OWNER');
    const demote = await client.request<{ setUserRoles: { userErrors: { code: string }[] } }>(
      'mutation($id: ID!) { setUserRoles(input: { userId: $id, roleIds: [] }) { userErrors { code } } }',
      { id: ownerId },
    );
    expect(demote.data?.setUserRoles.userErrors[0]?.code).toBe('LAST_OWNER');
    const [stored] = await withTenant(h.t.platform.database, h.tenant, (tx) =>
      tx.select().from(users).where(eq(users.id, ownerId)),
    );
    expect(stored?.status).toBe('active');
    // Nor can an admin (who holds less than an owner) deactivate any owner.
    await h.createUser({ email: 'boss2@acme.test', roles: ['owner'] });
    const byAdmin = await h.t
      .as({ permissions: [...builtInRoles.admin] })
      .request<{ deactivateUser: { userErrors: { code: string }[] } }>(
        'mutation($id: ID!) { deactivateUser(input: { id: $id }) { userErrors { code } } }',
        { id: ownerId },
      );
    expect(byAdmin.data?.deactivateUser.userErrors[0]?.code).toBe('NOT_ALLOWED');
  });
});

describe('storefront customers', () => {
  it('sign up themselves and see only themselves', async () => {
    const staffId = await h.createUser({ email: 'staffer@acme.test', roles: ['sales'] });
    const signUp = await h.t
      .asAnonymous()
      .request<{ signUpCustomer: AuthResponse }>(
        `mutation($input: SignUpCustomerInput!) { signUpCustomer(input: $input) { ${authFields} } }`,
        { input: { email: 'buyer@acme.test', password: strongPassword, name: 'Bea Buyer' } },
      );
    const client = await h.withToken(signUp.data!.signUpCustomer.tokens!.accessToken);
    const me = await client.request<{ me: { id: string; kind: string; roles: { key: string }[] } }>(
      '{ me { id kind roles { key } } }',
    );
    expect(me.data?.me).toMatchObject({ kind: 'CUSTOMER', roles: [{ key: 'customer' }] });
    expect((await client.request('{ users { edges { node { id } } } }')).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    const other = await client.request('query($id: ID!) { user(id: $id) { email } }', { id: staffId });
    expect(other.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const self = await client.request<{ user: { email: string } }>('query($id: ID!) { user(id: $id) { email } }', {
      id: me.data!.me.id,
    });
    expect(self.data?.user.email).toBe('buyer@acme.test');
    const entity = await client.request(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { email } } }',
      { r: [{ __typename: 'User', id: staffId }] },
    );
    expect(entity.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const again = await h.t
      .asAnonymous()
      .request<{ signUpCustomer: AuthResponse }>(
        `mutation($input: SignUpCustomerInput!) { signUpCustomer(input: $input) { ${authFields} } }`,
        { input: { email: 'BUYER@acme.test', password: strongPassword, name: 'Bea Again' } },
      );
    expect(again.data?.signUpCustomer.userErrors[0]?.code).toBe('EMAIL_TAKEN');
  });
});
