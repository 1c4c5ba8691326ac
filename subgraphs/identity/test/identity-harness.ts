import { randomBytes } from 'node:crypto';
import {
  type Actor,
  createLoginThrottle,
  createMailer,
  createRateLimiter,
  createSecretBox,
  parseEnv,
  type Tenant,
  totpCode,
  verifyAccessTokenWith,
} from '@meridian/kit';
import {
  startTestSmtpServer,
  startTestSubgraphs,
  type TestClient,
  type TestSmtpServer,
  type TestSubgraphs,
} from '@meridian/kit/testing';
import { createIdentityServices, createIdentitySubgraph, type IdentityServices } from '../src/index.ts';

export const strongPassword = 'correct horse battery staple 42';

export interface IdentityHarness {
  t: TestSubgraphs;
  smtp: TestSmtpServer;
  services: IdentityServices;
  /** The 32-byte key `k1` the services' secret box seals with. */
  secretKey: Buffer;
  tenant: Tenant;
  /** Calls the subgraph as the gateway would after verifying this access token (actor + tenant from its claims). */
  withToken(accessToken: string): Promise<TestClient>;
  /** Creates an active user with a password and the given built-in role keys, in `tenant`. */
  createUser(input: { email: string; roles: string[]; tenant?: Tenant; kind?: 'staff' | 'customer' }): Promise<string>;
  signIn(
    email: string,
    options?: { password?: string; tenant?: Tenant; mfaCode?: string; recoveryCode?: string },
  ): Promise<AuthResponse>;
  close(): Promise<void>;
}

export interface AuthResponse {
  tokens: { accessToken: string; refreshToken: string; sessionId: string } | null;
  mfaRequired: boolean;
  mfaEnrolmentRequired: boolean;
  userErrors: { field: string[] | null; code: string; message: string }[];
}

export const authFields =
  'tokens { accessToken refreshToken sessionId tokenType accessTokenExpiresAt refreshTokenExpiresAt } mfaRequired mfaEnrolmentRequired userErrors { field code message }';

export const signInMutation = `mutation($input: SignInInput!) { signIn(input: $input) { ${authFields} } }`;

/** The identity subgraph on a fresh database with a real SMTP server catching its mail. */
export async function startIdentity(): Promise<IdentityHarness> {
  const smtp = await startTestSmtpServer();
  let services: IdentityServices | undefined;
  const subgraph = createIdentitySubgraph({
    services: async () => {
      if (!services) throw new Error('services not ready');
      return services;
    },
  });
  const t = await startTestSubgraphs([subgraph]);
  const env = parseEnv({
    ...process.env,
    NODE_ENV: 'test',
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Meridian <no-reply@meridian.test>',
  });
  const secretKey = randomBytes(32);
  const ready = await createIdentityServices({
    database: t.platform.database,
    env,
    secretBox: createSecretBox([{ id: 'k1', key: secretKey }], 'k1'),
    mailer: createMailer(env),
    // In process: a shared Redis would carry failure counts from one test run into the next.
    loginThrottle: createLoginThrottle({ keyPrefix: `test-login-${randomBytes(4).toString('hex')}` }),
    mailThrottle: createRateLimiter({
      keyPrefix: `test-mail-${randomBytes(4).toString('hex')}`,
      points: 5,
      durationSeconds: 3600,
    }),
  });
  services = ready;

  const withToken = async (accessToken: string) => {
    const claims = await verifyAccessTokenWith(ready.signingKeys, accessToken);
    const tenant = claims.tenantId ? await t.platform.tenants.byId(claims.tenantId) : null;
    return t.as(claims.actor as Actor, { tenant });
  };

  const createUser: IdentityHarness['createUser'] = async ({ email, roles, tenant, kind }) => {
    const admin = t.asTenantAdmin(tenant ?? t.tenant);
    const listed = await admin.request<{ roles: { edges: { node: { id: string; key: string } }[] } }>(
      '{ roles(first: 100) { edges { node { id key } } } }',
    );
    const roleIds = listed.data!.roles.edges.filter((e) => roles.includes(e.node.key)).map((e) => e.node.id);
    if (kind === 'customer') {
      const signedUp = await t
        .asAnonymous(tenant ?? t.tenant)
        .request<{ signUpCustomer: AuthResponse }>(
          `mutation($input: SignUpCustomerInput!) { signUpCustomer(input: $input) { ${authFields} } }`,
          { input: { email, password: strongPassword, name: 'Test Customer' } },
        );
      const token = signedUp.data?.signUpCustomer.tokens?.accessToken;
      if (!token) throw new Error(`sign-up failed: ${JSON.stringify(signedUp)}`);
      const claims = await verifyAccessTokenWith(ready.signingKeys, token);
      return claims.actor.userId!;
    }
    const seen = smtp.messages.length;
    const invited = await admin.request<{ inviteUser: { user: { id: string } | null; userErrors: unknown[] } }>(
      'mutation($input: InviteUserInput!) { inviteUser(input: $input) { user { id } userErrors { field code message } } }',
      { input: { email, roleIds } },
    );
    const userId = invited.data?.inviteUser.user?.id;
    if (!userId) throw new Error(`invite failed: ${JSON.stringify(invited)}`);
    const mail = await smtp.waitForMessage((m) => m.to.includes(email) && smtp.messages.indexOf(m) >= seen);
    const token = new URL(/https?:\/\/\S+/.exec(mail.text)![0]).searchParams.get('token');
    const accepted = await t
      .asAnonymous(tenant ?? t.tenant)
      .request<{ acceptInvitation: AuthResponse }>(
        `mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { ${authFields} } }`,
        { input: { token, name: 'Test User', password: strongPassword } },
      );
    if (accepted.data?.acceptInvitation.userErrors.length) {
      throw new Error(`accept failed: ${JSON.stringify(accepted.data.acceptInvitation.userErrors)}`);
    }
    return userId;
  };

  const signIn: IdentityHarness['signIn'] = async (email, options = {}) => {
    const result = await t.asAnonymous(options.tenant ?? t.tenant).request<{ signIn: AuthResponse }>(signInMutation, {
      input: {
        email,
        password: options.password ?? strongPassword,
        ...(options.mfaCode ? { mfaCode: options.mfaCode } : {}),
        ...(options.recoveryCode ? { recoveryCode: options.recoveryCode } : {}),
      },
    });
    if (!result.data?.signIn) throw Object.assign(new Error('signIn errored'), { result });
    return result.data.signIn;
  };

  return {
    t,
    smtp,
    services: ready,
    secretKey,
    tenant: t.tenant,
    withToken,
    createUser,
    signIn,
    close: async () => {
      await t.close();
      await smtp.close();
      ready.mailer.close?.();
      await ready.loginThrottle.close();
      await ready.mailThrottle.close();
    },
  };
}

/** The link in a mail, and its `token` parameter. */
export function tokenIn(text: string): string {
  const link = /https?:\/\/\S+/.exec(text)?.[0];
  if (!link) throw new Error(`no link in: ${text}`);
  return new URL(link).searchParams.get('token') ?? '';
}

/** A TOTP code for a step other than the last one used (codes are single use per step). */
export function codeAt(secret: string, offsetSteps = 0): string {
  return totpCode(secret, { now: Date.now() + offsetSteps * 30_000 });
}
