import { loginThrottlePolicy } from '@meridian/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authFields, type IdentityHarness, signInMutation, startIdentity, strongPassword } from './identity-harness.ts';

let h: IdentityHarness;
beforeAll(async () => {
  h = await startIdentity();
  await h.createUser({ email: 'pat@acme.test', roles: ['support'] });
  await h.createUser({ email: 'kim@acme.test', roles: ['support'] });
});
afterAll(async () => {
  await h?.close();
});

const attempt = (email: string, password: string) =>
  h.t.asAnonymous().request<{ signIn: { tokens: unknown; userErrors: { code: string }[] } }>(signInMutation, {
    input: { email, password },
  });

describe('guessing defences on sign-in', () => {
  it('backs off after repeated wrong passwords, refusing even the right one until the wait is over', async () => {
    for (let i = 0; i < loginThrottlePolicy.backoffAfterFailures; i++) {
      const wrong = await attempt('pat@acme.test', `wrong password number ${i}`);
      expect(wrong.data?.signIn.userErrors[0]?.code).toBe('INVALID_CREDENTIALS');
    }
    const blocked = await attempt('pat@acme.test', strongPassword);
    expect(blocked.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'TOO_MANY_ATTEMPTS' });
    const retryAfter = blocked.errors?.[0]?.extensions?.retryAfter as number;
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(blocked.data?.signIn ?? null).toBeNull();

    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000 + 100));
    const allowed = await attempt('pat@acme.test', strongPassword);
    expect(allowed.data?.signIn.tokens).toBeTruthy();
  });

  it('treats an email without an account exactly like one with an account', async () => {
    for (let i = 0; i < loginThrottlePolicy.backoffAfterFailures; i++) {
      await attempt('ghost@acme.test', `wrong password number ${i}`);
    }
    const blocked = await attempt('ghost@acme.test', 'yet another wrong password');
    expect(blocked.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });

  it('locks the account after ten failures: the right password is refused for the lock period', async () => {
    const key = { account: `${h.tenant.id}:kim@acme.test`, ip: '198.51.100.7' };
    // Ten failures from anywhere (the waits between them would make this test minutes long).
    for (let i = 0; i < loginThrottlePolicy.lockAfterFailures; i++) await h.services.loginThrottle.recordFailure(key);
    const locked = await attempt('kim@acme.test', strongPassword);
    expect(locked.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'ACCOUNT_LOCKED' });
    expect(locked.errors?.[0]?.extensions?.retryAfter).toBeGreaterThan(60);
    // Another account of the same tenant is not affected.
    const other = await h.t
      .asAnonymous()
      .request<{ signIn: { tokens: unknown } }>(
        `mutation($input: SignInInput!) { signIn(input: $input) { ${authFields} } }`,
        { input: { email: 'pat@acme.test', password: strongPassword } },
      );
    expect(other.data?.signIn.tokens).toBeTruthy();
  });

  it('keeps the same email in another tenant a separate account', async () => {
    const other = await h.t.createTenant('throttle-other');
    await h.createUser({ email: 'kim@acme.test', roles: ['support'], tenant: other });
    const result = await h.signIn('kim@acme.test', { tenant: other });
    expect(result.tokens).toBeTruthy();
  });
});
