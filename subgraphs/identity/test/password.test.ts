import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AuthResponse,
  authFields,
  type IdentityHarness,
  startIdentity,
  strongPassword,
  tokenIn,
} from './identity-harness.ts';

let h: IdentityHarness;
beforeAll(async () => {
  h = await startIdentity();
  await h.createUser({ email: 'ann@acme.test', roles: ['sales'] });
});
afterAll(async () => {
  await h?.close();
});

const requestReset = (email: string, tenant = h.tenant) =>
  h.t
    .asAnonymous(tenant)
    .request<{ requestPasswordReset: { accepted: boolean; userErrors: { field: string[]; code: string }[] } }>(
      'mutation($email: String!) { requestPasswordReset(input: { email: $email }) { accepted userErrors { field code message } } }',
      { email },
    );

const resetPassword = (token: string, newPassword: string) =>
  h.t
    .asAnonymous()
    .request<{ resetPassword: { reset: boolean; userErrors: { field: string[]; code: string }[] } }>(
      'mutation($token: String!, $pw: String!) { resetPassword(input: { token: $token, newPassword: $pw }) { reset userErrors { field code message } } }',
      { token, pw: newPassword },
    );

const refresh = (token: string) =>
  h.t
    .asAnonymous()
    .request<{ refreshSession: AuthResponse }>(
      `mutation($input: RefreshSessionInput!) { refreshSession(input: $input) { ${authFields} } }`,
      { input: { refreshToken: token } },
    );

describe('password reset by email', () => {
  it('answers the same for an unknown address and sends nothing', async () => {
    const before = h.smtp.messages.length;
    const unknown = await requestReset('nobody@acme.test');
    const known = await requestReset('ann@acme.test');
    expect(unknown.data).toEqual(known.data);
    expect(unknown.data?.requestPasswordReset).toEqual({ accepted: true, userErrors: [] });
    const mail = await h.smtp.waitForMessage((m) => m.to.includes('ann@acme.test') && m.subject.includes('Reset'));
    // A local host's link carries the storefront's port (STOREFRONT_PORT, 3000 unless set).
    expect(mail.text).toMatch(/http:\/\/test-tenant\.localhost:\d+\/account\/reset-password\?token=mpr_/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(h.smtp.messages.slice(before).filter((m) => m.to.includes('nobody@acme.test'))).toEqual([]);
  });

  it('refuses a malformed email with a userError naming the field', async () => {
    const result = await requestReset('not-an-email');
    expect(result.data?.requestPasswordReset.userErrors).toMatchObject([
      { field: ['input', 'email'], code: 'INVALID' },
    ]);
  });

  it('sets a new password once with the emailed token, ending every session', async () => {
    const session = (await h.signIn('ann@acme.test')).tokens!;
    const seen = h.smtp.messages.length;
    await requestReset('ann@acme.test');
    const mail = await h.smtp.waitForMessage(
      (m) => m.to.includes('ann@acme.test') && h.smtp.messages.indexOf(m) >= seen,
    );
    const token = tokenIn(mail.text);

    const weak = await resetPassword(token, 'short');
    expect(weak.data?.resetPassword.userErrors).toMatchObject([{ field: ['input', 'newPassword'], code: 'TOO_SHORT' }]);
    const guessable = await resetPassword(token, 'passwordpassword');
    expect(guessable.data?.resetPassword.userErrors[0]?.code).toBe('TOO_WEAK');

    const newPassword = 'a brand new long passphrase 2026';
    expect((await resetPassword(token, newPassword)).data?.resetPassword).toEqual({ reset: true, userErrors: [] });
    expect((await resetPassword(token, 'another long passphrase 2027')).data?.resetPassword.userErrors[0]?.code).toBe(
      'INVALID_TOKEN',
    );
    expect((await refresh(session.refreshToken)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await h.signIn('ann@acme.test')).userErrors[0]?.code).toBe('INVALID_CREDENTIALS');
    expect((await h.signIn('ann@acme.test', { password: newPassword })).tokens).toBeTruthy();
  });

  it('does not mail a reset for an account that exists only in another tenant', async () => {
    const other = await h.t.createTenant('reset-other');
    await h.createUser({ email: 'only-there@acme.test', roles: ['sales'], tenant: other });
    const seen = h.smtp.messages.length;
    const result = await requestReset('only-there@acme.test');
    expect(result.data?.requestPasswordReset.accepted).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.smtp.messages.slice(seen)).toEqual([]);
  });
});

describe('changing the password', () => {
  it('needs the current password, applies the policy, and ends the other sessions', async () => {
    await h.createUser({ email: 'ben@acme.test', roles: ['sales'] });
    const current = (await h.signIn('ben@acme.test')).tokens!;
    const other = (await h.signIn('ben@acme.test')).tokens!;
    const client = await h.withToken(current.accessToken);
    const change = (currentPassword: string, newPassword: string) =>
      client.request<{ changePassword: { revokedSessions: number; userErrors: { field: string[]; code: string }[] } }>(
        'mutation($input: ChangePasswordInput!) { changePassword(input: $input) { revokedSessions userErrors { field code } } }',
        { input: { currentPassword, newPassword } },
      );
    expect(
      (await change('wrong current password', 'a new long passphrase 99')).data?.changePassword.userErrors,
    ).toEqual([{ field: ['input', 'currentPassword'], code: 'INVALID_PASSWORD' }]);
    expect((await change(strongPassword, 'ben@acme.test1')).data?.changePassword.userErrors[0]?.field).toEqual([
      'input',
      'newPassword',
    ]);
    const done = await change(strongPassword, 'a new long passphrase 99');
    // The other sign-in, and the session accepting the invitation opened.
    expect(done.data?.changePassword).toEqual({ revokedSessions: 2, userErrors: [] });
    expect((await refresh(other.refreshToken)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await refresh(current.refreshToken)).data?.refreshSession.tokens).toBeTruthy();
  });
});
