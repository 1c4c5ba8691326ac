import { randomBytes } from 'node:crypto';
import { createSecretBox, totpCode, verifyAccessTokenWith, withTenant } from '@meridian/kit';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../src/db/schema.ts';
import { type AuthResponse, authFields, codeAt, type IdentityHarness, startIdentity } from './identity-harness.ts';

let h: IdentityHarness;
beforeAll(async () => {
  h = await startIdentity();
});
afterAll(async () => {
  await h?.close();
});

const clearThrottle = (email: string) =>
  h.services.loginThrottle.recordSuccess({ account: `${h.tenant.id}:${email}`, ip: 'unknown' });

const storedUser = (email: string) =>
  withTenant(
    h.t.platform.database,
    h.tenant,
    async (tx) => (await tx.select().from(users).where(eq(users.email, email)))[0]!,
  );

/** Enrols `email` in MFA through the graph and returns the secret and recovery codes. */
async function enrol(email: string) {
  const client = await h.withToken((await h.signIn(email)).tokens!.accessToken);
  const started = await client.request<{
    startMfaEnrolment: { enrolment: { secret: string; otpauthUri: string; qrCodeDataUrl: string } };
  }>('mutation { startMfaEnrolment(input: {}) { enrolment { secret otpauthUri qrCodeDataUrl } userErrors { code } } }');
  const { secret, otpauthUri, qrCodeDataUrl } = started.data!.startMfaEnrolment.enrolment;
  const confirmed = await client.request<{
    confirmMfaEnrolment: { recoveryCodes: string[]; user: { mfaEnabled: boolean } };
  }>(
    'mutation($code: String!) { confirmMfaEnrolment(input: { code: $code }) { recoveryCodes user { mfaEnabled recoveryCodesRemaining } userErrors { code } } }',
    { code: totpCode(secret) },
  );
  return {
    secret,
    otpauthUri,
    qrCodeDataUrl,
    recoveryCodes: confirmed.data!.confirmMfaEnrolment.recoveryCodes,
    client,
  };
}

describe('two-factor sign-in', () => {
  it('enrols with a sealed secret, an otpauth URI and a QR code, confirmed by a code', async () => {
    await h.createUser({ email: 'mia@acme.test', roles: ['sales'] });
    const { secret, otpauthUri, qrCodeDataUrl, recoveryCodes } = await enrol('mia@acme.test');
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/.+secret=/);
    expect(qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(recoveryCodes).toHaveLength(10);
    const stored = await storedUser('mia@acme.test');
    expect(stored.mfaSecret).toMatch(/^v1\.k1\./);
    expect(stored.mfaSecret).not.toContain(secret);
    expect(stored.mfaPendingSecret).toBeNull();
  });

  it('asks for a code when MFA is on; a wrong code is refused; a right one signs in with amr otp, once', async () => {
    await h.createUser({ email: 'noah@acme.test', roles: ['sales'] });
    const { secret } = await enrol('noah@acme.test');

    const withoutCode = await h.signIn('noah@acme.test');
    expect(withoutCode).toMatchObject({ tokens: null, mfaRequired: true, userErrors: [] });

    const wrong = await h.signIn('noah@acme.test', { mfaCode: '000000' });
    expect(wrong.tokens).toBeNull();
    expect(wrong.userErrors[0]?.code).toBe('INVALID_MFA_CODE');

    // The enrolment used the current step; the next step's code is fresh.
    const code = codeAt(secret, 1);
    const right = await h.signIn('noah@acme.test', { mfaCode: code });
    expect(right.tokens).toBeTruthy();
    const claims = await verifyAccessTokenWith(h.services.signingKeys, right.tokens!.accessToken);
    expect(claims.actor.mfa).toBe(true);

    const replay = await h.signIn('noah@acme.test', { mfaCode: code });
    expect(replay.userErrors[0]?.code).toBe('INVALID_MFA_CODE');
    await clearThrottle('noah@acme.test');
  });

  it('accepts each recovery code once, even when 20 sign-ins race with the same code', async () => {
    await h.createUser({ email: 'ola@acme.test', roles: ['sales'] });
    const { recoveryCodes } = await enrol('ola@acme.test');
    const [first, second] = recoveryCodes as [string, string];
    const used = await h.signIn('ola@acme.test', { recoveryCode: first });
    expect(used.tokens).toBeTruthy();
    const reused = await h.signIn('ola@acme.test', { recoveryCode: first });
    expect(reused.userErrors[0]?.code).toBe('INVALID_RECOVERY_CODE');
    await clearThrottle('ola@acme.test');

    const raced = await Promise.all(
      Array.from({ length: 20 }, () => h.signIn('ola@acme.test', { recoveryCode: second })),
    );
    expect(raced.filter((r) => r.tokens)).toHaveLength(1);
    expect(raced.filter((r) => r.userErrors[0]?.code === 'INVALID_RECOVERY_CODE')).toHaveLength(19);
    await clearThrottle('ola@acme.test');

    const me = await (await h.withToken(used.tokens!.accessToken)).request<{ me: { recoveryCodesRemaining: number } }>(
      '{ me { recoveryCodesRemaining } }',
    );
    expect(me.data?.me.recoveryCodesRemaining).toBe(8);
  });

  it('turns MFA off only with a valid code', async () => {
    await h.createUser({ email: 'pia@acme.test', roles: ['sales'] });
    const { secret, client } = await enrol('pia@acme.test');
    const wrong = await client.request<{ disableMfa: { userErrors: { code: string }[] } }>(
      'mutation { disableMfa(input: { mfaCode: "123456" }) { user { mfaEnabled } userErrors { code } } }',
    );
    expect(wrong.data?.disableMfa.userErrors[0]?.code).toBe('INVALID_MFA_CODE');
    expect((await storedUser('pia@acme.test')).mfaSecret).not.toBeNull();
    const right = await client.request<{ disableMfa: { user: { mfaEnabled: boolean } } }>(
      'mutation($code: String!) { disableMfa(input: { mfaCode: $code }) { user { mfaEnabled } userErrors { code } } }',
      { code: codeAt(secret, 1) },
    );
    expect(right.data?.disableMfa.user.mfaEnabled).toBe(false);
    expect((await h.signIn('pia@acme.test')).tokens).toBeTruthy();
  });

  it('re-seals every secret under a new active key, and codes keep working', async () => {
    await h.createUser({ email: 'quinn@acme.test', roles: ['sales'] });
    const { secret } = await enrol('quinn@acme.test');
    const oldBox = h.services.secretBox;
    // SECRET_KEYS gains k2 and SECRET_KEY_ACTIVE names it; k1 stays listed until the re-seal is done.
    h.services.secretBox = createSecretBox(
      [
        { id: 'k1', key: h.secretKey },
        { id: 'k2', key: randomBytes(32) },
      ],
      'k2',
    );
    try {
      const result = await h.t
        .asPlatformOperator()
        .request<{ reencryptMfaSecrets: { resealed: number; activeKeyId: string } }>(
          'mutation($ids: [ID!]) { reencryptMfaSecrets(input: { tenantIds: $ids }) { tenants resealed activeKeyId userErrors { code } } }',
          { ids: [h.tenant.id] },
        );
      expect(result.data?.reencryptMfaSecrets.resealed).toBeGreaterThanOrEqual(1);
      expect((await storedUser('quinn@acme.test')).mfaSecret).toMatch(/^v1\.k2\./);
      const signedIn = await h.signIn('quinn@acme.test', { mfaCode: codeAt(secret, 1) });
      expect(signedIn.tokens).toBeTruthy();
      const again = await h.t
        .asPlatformOperator()
        .request<{ reencryptMfaSecrets: { resealed: number } }>(
          'mutation($ids: [ID!]) { reencryptMfaSecrets(input: { tenantIds: $ids }) { resealed } }',
          { ids: [h.tenant.id] },
        );
      expect(again.data?.reencryptMfaSecrets.resealed).toBe(0);
    } finally {
      h.services.secretBox = oldBox;
    }
  });
});

describe('a tenant that requires MFA for staff', () => {
  it('gives staff without MFA a token without permissions until they enrol; customers are not affected', async () => {
    await h.createUser({ email: 'rae@acme.test', roles: ['admin'] });
    await h.createUser({ email: 'shopper@acme.test', roles: [], kind: 'customer' });
    const policy = await h.t
      .asTenantAdmin()
      .request<{ updateSecurityPolicy: { securityPolicy: { requireMfaForStaff: boolean } } }>(
        'mutation { updateSecurityPolicy(input: { requireMfaForStaff: true }) { securityPolicy { requireMfaForStaff } userErrors { code } } }',
      );
    expect(policy.data?.updateSecurityPolicy.securityPolicy.requireMfaForStaff).toBe(true);

    const restricted = await h.signIn('rae@acme.test');
    expect(restricted.mfaEnrolmentRequired).toBe(true);
    const claims = await verifyAccessTokenWith(h.services.signingKeys, restricted.tokens!.accessToken);
    expect(claims.actor.permissions).toEqual([]);
    const client = await h.withToken(restricted.tokens!.accessToken);
    const denied = await client.request('{ users { edges { node { id } } } }');
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const started = await client.request<{ startMfaEnrolment: { enrolment: { secret: string } } }>(
      'mutation { startMfaEnrolment(input: {}) { enrolment { secret } userErrors { code } } }',
    );
    const secret = started.data!.startMfaEnrolment.enrolment.secret;
    await client.request(
      'mutation($code: String!) { confirmMfaEnrolment(input: { code: $code }) { userErrors { code } } }',
      {
        code: totpCode(secret),
      },
    );
    const refreshed = await h.t
      .asAnonymous()
      .request<{ refreshSession: AuthResponse }>(
        `mutation($input: RefreshSessionInput!) { refreshSession(input: $input) { ${authFields} } }`,
        { input: { refreshToken: restricted.tokens!.refreshToken } },
      );
    expect(refreshed.data?.refreshSession.mfaEnrolmentRequired).toBe(false);
    const full = await verifyAccessTokenWith(
      h.services.signingKeys,
      refreshed.data!.refreshSession.tokens!.accessToken,
    );
    expect(full.actor.permissions).toContain('users:read');
    expect(full.actor.mfa).toBe(true);

    const disable = await client.request<{ disableMfa: { userErrors: { code: string }[] } }>(
      'mutation($code: String!) { disableMfa(input: { mfaCode: $code }) { userErrors { code } } }',
      { code: codeAt(secret, 1) },
    );
    expect(disable.data?.disableMfa.userErrors[0]?.code).toBe('MFA_REQUIRED_BY_POLICY');

    const shopper = await h.signIn('shopper@acme.test');
    expect(shopper.mfaEnrolmentRequired).toBe(false);
    await h.t
      .asTenantAdmin()
      .request('mutation { updateSecurityPolicy(input: { requireMfaForStaff: false }) { userErrors { code } } }');
  });
});
