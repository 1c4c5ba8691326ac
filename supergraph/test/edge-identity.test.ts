import { randomInt } from 'node:crypto';
import { createIdentityServices, createIdentitySubgraph, demoPassword } from '@meridian/identity';
import { seedDemoData, type Tenant } from '@meridian/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAllSubgraphs } from '../src/subgraphs.ts';
import { type GatewayResult, startTestSuite, type TestSuite } from '../src/testing/test-suite.ts';

/**
 * Identity's tokens at the gateway, end to end: sign-in, refresh rotation and reuse, throttled
 * failures (429 + Retry-After from inside the subgraph), MFA-required tokens, client credentials, a
 * deactivated user and a suspended tenant. Identity signs with the same key store the gateway verifies
 * with. The run speaks from its own address (X-Forwarded-For from loopback, a trusted proxy by default), so the per-IP sign-in throttle
 * never meets another run's failures on a shared Redis.
 */
let t: TestSuite;
let acme: Tenant;
const address = { 'x-forwarded-for': `198.18.${randomInt(256)}.${randomInt(1, 255)}` };
const acmeHost = 'shop.acme.test';

beforeAll(async () => {
  t = await startTestSuite({
    subgraphs: (deps) => [
      createIdentitySubgraph({ services: () => createIdentityServices(deps) }),
      ...createAllSubgraphs().filter((s) => s.name !== 'identity'),
    ],
  });
  acme = await t.suite.platform.tenants.create({ slug: 'acme', name: 'Acme', hosts: [acmeHost] });
  await t.suite.platform.tenants.create({ slug: 'globex', name: 'Globex', hosts: ['shop.globex.test'] });
  const identity = t.suite.definitions.filter((d) => d.name === 'identity');
  await seedDemoData(t.suite.platform.database, acme, identity, () => {});
});
afterAll(async () => {
  await t?.close();
});

function call(query: string, options: { variables?: Record<string, unknown>; token?: string; host?: string } = {}) {
  return t.call(query, { host: acmeHost, ...options, headers: address });
}

const signInMutation = `mutation($input: SignInInput!) {
  signIn(input: $input) {
    tokens { accessToken refreshToken } mfaRequired mfaEnrolmentRequired userErrors { code message }
  }
}`;
const refreshMutation = `mutation($input: RefreshSessionInput!) {
  refreshSession(input: $input) { tokens { accessToken refreshToken } userErrors { code } }
}`;

const signIn = (email: string, password = demoPassword) =>
  call(signInMutation, { variables: { input: { email, password } } });

async function tokensOf(email: string): Promise<{ accessToken: string; refreshToken: string }> {
  const result = await signIn(email);
  const tokens = result.data?.signIn?.tokens;
  if (!tokens) throw new Error(`sign-in of ${email} failed: ${JSON.stringify(result)}`);
  return tokens;
}

const headerOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[0] as string, 'base64url').toString());
const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1] as string, 'base64url').toString());
const codeOf = (result: GatewayResult) => result.errors?.[0]?.extensions?.code;

describe('signed-in users through the gateway', () => {
  it("signs in on the tenant's host; the token is verified by kid, works on the platform host, not on another tenant's", async () => {
    const { accessToken } = await tokensOf('owner@acme.test');
    const active = await t.suite.signingKeys.active();
    expect(headerOf(accessToken)).toMatchObject({ alg: 'EdDSA', typ: 'at+jwt', kid: active.kid });
    expect(claimsOf(accessToken)).toMatchObject({ tid: acme.id, kind: 'user' });
    expect(claimsOf(accessToken).exp - claimsOf(accessToken).iat).toBeLessThanOrEqual(600);
    for (const host of [acmeHost, 'localhost']) {
      const me = await call('{ me { email } }', { token: accessToken, host });
      expect(me.data?.me).toEqual({ email: 'owner@acme.test' });
    }
    const elsewhere = await call('{ me { email } }', { token: accessToken, host: 'shop.globex.test' });
    expect(elsewhere.status).toBe(401);
    expect(codeOf(elsewhere)).toBe('UNAUTHENTICATED');
  });

  it('rotates the refresh token on use; presenting a rotated one ends the whole family', async () => {
    const first = await tokensOf('admin@acme.test');
    const rotated = await call(refreshMutation, { variables: { input: { refreshToken: first.refreshToken } } });
    const second = rotated.data?.refreshSession.tokens;
    expect(second?.refreshToken).toBeTruthy();
    expect(second?.refreshToken).not.toBe(first.refreshToken);

    const reused = await call(refreshMutation, { variables: { input: { refreshToken: first.refreshToken } } });
    expect(reused.data?.refreshSession.tokens ?? null).toBeNull();
    // The thief and the user share the family: the newest token is dead too.
    const after = await call(refreshMutation, { variables: { input: { refreshToken: second.refreshToken } } });
    expect(after.data?.refreshSession.tokens ?? null).toBeNull();
  });

  it('slows down repeated wrong passwords: RATE_LIMITED with a Retry-After header, even for the right one', async () => {
    for (let i = 0; i < 3; i++) {
      const wrong = await signIn('sales@acme.test', 'not-the-password-at-all');
      expect(wrong.data?.signIn.userErrors[0].code).toBe('INVALID_CREDENTIALS');
    }
    const throttled = await signIn('sales@acme.test');
    expect(codeOf(throttled)).toBe('RATE_LIMITED');
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(throttled.data?.signIn?.tokens ?? null).toBeNull();
  });

  it('refuses a deactivated user at sign-in', async () => {
    const owner = await tokensOf('owner@acme.test');
    const found = await call('{ users(search: "support@acme.test") { edges { node { id } } } }', {
      token: owner.accessToken,
    });
    const id = found.data?.users.edges[0].node.id;
    const deactivated = await call(
      'mutation($id: ID!) { deactivateUser(input: { id: $id }) { user { status } userErrors { code } } }',
      { token: owner.accessToken, variables: { id } },
    );
    expect(deactivated.data?.deactivateUser.user.status).toBe('DEACTIVATED');
    const refused = await signIn('support@acme.test');
    expect(refused.data?.signIn.tokens).toBeNull();
    expect(refused.data?.signIn.userErrors[0].code).toBe('ACCOUNT_DISABLED');
  });
});

describe('API clients through the gateway', () => {
  it('exchanges client credentials for a scoped client token; rotation kills the old secret', async () => {
    const owner = await tokensOf('owner@acme.test');
    const created = await call(
      `mutation { createApiClient(input: { name: "ERP sync", scopes: ["users:read"] }) {
        apiClient { id } clientSecret userErrors { code } } }`,
      { token: owner.accessToken },
    );
    const clientId = created.data?.createApiClient.apiClient.id;
    const clientSecret = created.data?.createApiClient.clientSecret;
    expect(clientSecret).toBeTruthy();
    const exchange = (secret: string, host = acmeHost) =>
      call(
        `mutation($input: IssueClientTokenInput!) {
          issueClientToken(input: $input) { token { accessToken scopes } userErrors { code } } }`,
        { host, variables: { input: { clientId, clientSecret: secret } } },
      );
    const issued = await exchange(clientSecret);
    const token = issued.data?.issueClientToken.token.accessToken;
    expect(claimsOf(token)).toMatchObject({ kind: 'client', sub: clientId, tid: acme.id, perm: ['users:read'] });

    expect((await call('{ users(first: 1) { edges { node { email } } } }', { token })).errors).toBeUndefined();
    const outOfScope = await call('{ apiClients { edges { node { id } } } }', { token });
    expect(codeOf(outOfScope)).toBe('FORBIDDEN');
    const otherTenant = await call('{ users(first: 1) { edges { node { email } } } }', {
      token,
      host: 'shop.globex.test',
    });
    expect(otherTenant.status).toBe(401);

    await call('mutation($id: ID!) { rotateApiClientSecret(input: { id: $id }) { clientSecret } }', {
      token: owner.accessToken,
      variables: { id: clientId },
    });
    const stale = await exchange(clientSecret);
    expect(stale.data?.issueClientToken.token).toBeNull();
    expect(stale.data?.issueClientToken.userErrors[0].code).toBe('INVALID_CLIENT');
  });
});

describe('tenant policy and status', () => {
  it('gives staff who must enrol in MFA a token without permissions', async () => {
    const owner = await tokensOf('owner@acme.test');
    const policy = await call(
      'mutation { updateSecurityPolicy(input: { requireMfaForStaff: true }) { securityPolicy { requireMfaForStaff } } }',
      { token: owner.accessToken },
    );
    expect(policy.data?.updateSecurityPolicy.securityPolicy.requireMfaForStaff).toBe(true);
    const result = await signIn('accountant@acme.test');
    expect(result.data?.signIn.mfaEnrolmentRequired).toBe(true);
    const token = result.data?.signIn.tokens.accessToken;
    expect(claimsOf(token).perm).toEqual([]);
    const refused = await call('{ users(first: 1) { edges { node { id } } } }', { token });
    expect(codeOf(refused)).toBe('FORBIDDEN');
  });

  it('refuses every call of a suspended tenant at the edge, sign-in included', async () => {
    const { accessToken } = await tokensOf('admin@acme.test');
    await t.suite.platform.tenants.setStatus(acme.id, 'suspended');
    for (const result of [await call('{ me { email } }', { token: accessToken }), await signIn('admin@acme.test')]) {
      expect(result.status).toBe(403);
      expect(codeOf(result)).toBe('FORBIDDEN');
      expect(result.data).toBeUndefined();
    }
  });
});
