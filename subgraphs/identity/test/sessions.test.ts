import { verifyAccessTokenWith } from '@meridian/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AuthResponse,
  authFields,
  type IdentityHarness,
  startIdentity,
  strongPassword,
} from './identity-harness.ts';

let h: IdentityHarness;
let staffId: string;
beforeAll(async () => {
  h = await startIdentity();
  staffId = await h.createUser({ email: 'sam@acme.test', roles: ['sales'] });
});
afterAll(async () => {
  await h?.close();
});

const refresh = (token: string) =>
  h.t
    .asAnonymous()
    .request<{ refreshSession: AuthResponse }>(
      `mutation($input: RefreshSessionInput!) { refreshSession(input: $input) { ${authFields} } }`,
      { input: { refreshToken: token } },
    );

describe('sign-in and sessions', () => {
  it('signs in with email and password: a short EdDSA access token with the user, tenant, permissions and session', async () => {
    const result = await h.signIn('SAM@acme.test');
    expect(result.userErrors).toEqual([]);
    const tokens = result.tokens!;
    expect(tokens.refreshToken).toMatch(/^mrt_[A-Za-z0-9_-]{43}$/);
    expect(JSON.parse(Buffer.from(tokens.accessToken.split('.')[0]!, 'base64url').toString())).toMatchObject({
      alg: 'EdDSA',
      typ: 'at+jwt',
    });
    const claims = await verifyAccessTokenWith(h.services.signingKeys, tokens.accessToken);
    expect(claims.tenantId).toBe(h.tenant.id);
    expect(claims.actor).toMatchObject({ kind: 'user', userId: staffId, sessionId: tokens.sessionId });
    expect(claims.actor.permissions).toContain('orders:write');
    expect(claims.actor.permissions).not.toContain('users:read');
    const payload = JSON.parse(Buffer.from(tokens.accessToken.split('.')[1]!, 'base64url').toString());
    expect(payload.exp - payload.iat).toBeLessThanOrEqual(600);

    const me = await (await h.withToken(tokens.accessToken)).request<{
      me: { email: string; roles: { key: string }[] };
    }>('{ me { email roles { key } } }');
    expect(me.data?.me).toEqual({ email: 'sam@acme.test', roles: [{ key: 'sales' }] });
  });

  it('answers the same generic error for a wrong password and an unknown email', async () => {
    const wrong = await h.signIn('sam@acme.test', { password: 'not the password at all' });
    const unknown = await h.signIn('nobody@acme.test', { password: 'not the password at all' });
    expect(wrong.tokens).toBeNull();
    expect(wrong.userErrors).toEqual(unknown.userErrors);
    expect(wrong.userErrors[0]?.code).toBe('INVALID_CREDENTIALS');
    await h.services.loginThrottle.recordSuccess({ account: `${h.tenant.id}:sam@acme.test`, ip: 'unknown' });
  });

  it('rotates the refresh token on each use; reusing a rotated one revokes the whole family', async () => {
    const first = (await h.signIn('sam@acme.test')).tokens!;
    const second = (await refresh(first.refreshToken)).data!.refreshSession.tokens!;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.sessionId).toBe(first.sessionId);
    const third = (await refresh(second.refreshToken)).data!.refreshSession.tokens!;

    const reused = await refresh(first.refreshToken);
    expect(reused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // The newest token of the family is dead too: the thief and the owner both sign in again.
    const after = await refresh(third.refreshToken);
    expect(after.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const audit = await h.t
      .asTenantAdmin()
      .request<{ auditLog: { edges: { node: { action: string; entityId: string } }[] } }>(
        '{ auditLog(first: 5, action: "session.revoke_on_reuse") { edges { node { action entityId } } } }',
      );
    expect(audit.data?.auditLog.edges.map((e) => e.node.entityId)).toContain(first.sessionId);
  });

  it('refuses an unknown refresh token with UNAUTHENTICATED', async () => {
    const result = await refresh('mrt_not-a-real-token');
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('lets exactly one of 200 concurrent refreshes with the same token through, then ends the family', async () => {
    const { refreshToken } = (await h.signIn('sam@acme.test')).tokens!;
    const results = await Promise.all(Array.from({ length: 200 }, () => refresh(refreshToken)));
    const winners = results.filter((r) => r.data?.refreshSession?.tokens);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => r.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED')).toHaveLength(199);
    const again = await refresh(winners[0]!.data!.refreshSession.tokens!.refreshToken);
    expect(again.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('lists and revokes sessions, and signs out', async () => {
    const a = (await h.signIn('sam@acme.test')).tokens!;
    const b = (await h.signIn('sam@acme.test')).tokens!;
    const client = await h.withToken(a.accessToken);
    const listed = await client.request<{ sessions: { edges: { node: { id: string; current: boolean } }[] } }>(
      '{ sessions { edges { node { id current } } } }',
    );
    const ids = listed.data!.sessions.edges.map((e) => e.node);
    expect(ids).toContainEqual({ id: a.sessionId, current: true });
    expect(ids).toContainEqual({ id: b.sessionId, current: false });

    const revoked = await client.request<{ revokeSession: { session: { status: string } } }>(
      'mutation($id: ID!) { revokeSession(input: { id: $id }) { session { status } userErrors { code } } }',
      { id: b.sessionId },
    );
    expect(revoked.data?.revokeSession.session.status).toBe('REVOKED');
    expect((await refresh(b.refreshToken)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const out = await client.request<{ signOut: { revokedSessions: number } }>(
      'mutation { signOut(input: {}) { revokedSessions userErrors { code } } }',
    );
    expect(out.data?.signOut.revokedSessions).toBe(1);
    expect((await refresh(a.refreshToken)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a deactivated user and ends their sessions', async () => {
    const id = await h.createUser({ email: 'leaver@acme.test', roles: ['support'] });
    const { refreshToken } = (await h.signIn('leaver@acme.test')).tokens!;
    const deactivated = await h.t
      .asTenantAdmin()
      .request<{ deactivateUser: { user: { status: string } } }>(
        'mutation($id: ID!) { deactivateUser(input: { id: $id }) { user { status } userErrors { code } } }',
        { id },
      );
    expect(deactivated.data?.deactivateUser.user.status).toBe('DEACTIVATED');
    const again = await h.signIn('leaver@acme.test');
    expect(again.tokens).toBeNull();
    expect(again.userErrors[0]?.code).toBe('ACCOUNT_DISABLED');
    expect((await refresh(refreshToken)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // Someone without the password learns nothing about the account.
    const guess = await h.signIn('leaver@acme.test', { password: 'a wrong password guess' });
    expect(guess.userErrors[0]?.code).toBe('INVALID_CREDENTIALS');
  });

  it('refuses sign-in on a suspended tenant', async () => {
    const other = await h.t.createTenant('suspended-shop');
    await h.createUser({ email: 'staff@suspended.test', roles: ['admin'], tenant: other });
    await h.t.platform.tenants.setStatus(other.id, 'suspended');
    const result = await h.t
      .asAnonymous(other)
      .request(`mutation($input: SignInInput!) { signIn(input: $input) { ${authFields} } }`, {
        input: { email: 'staff@suspended.test', password: strongPassword },
      });
    expect(result.status).toBe(403);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(result.data).toBeUndefined();
  });

  it('refuses a call to the subgraph without the internal token', async () => {
    const result = await h.t.unsigned().request(`mutation { signOut(input: {}) { revokedSessions } }`);
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
