import { seedDemoData, verifyAccessTokenWith } from '@meridian/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdentitySubgraph, demoPassword, demoUsers } from '../src/index.ts';
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
});
afterAll(async () => {
  await h?.close();
});

const createTenant =
  'mutation($input: CreateTenantInput!) { createTenant(input: $input) { tenant { id slug status hosts } ownerId userErrors { field code message } } }';

describe('tenants with their owner', () => {
  it('creates a tenant and invites its owner, who accepts on the tenant host with every tenant permission', async () => {
    const created = await h.t.asPlatformOperator().request<{
      createTenant: { tenant: { id: string; hosts: string[] }; ownerId: string; userErrors: unknown[] };
    }>(createTenant, {
      input: {
        slug: 'globex',
        name: 'Globex',
        hosts: ['shop.globex.test'],
        owner: { email: 'Hank@Globex.test', name: 'Hank' },
      },
    });
    expect(created.data?.createTenant.userErrors).toEqual([]);
    expect(created.data?.createTenant.ownerId).toMatch(/^usr_/);
    const mail = await h.smtp.waitForMessage((m) => m.to.includes('hank@globex.test'));
    expect(mail.text).toContain('http://shop.globex.test/account/accept-invitation?token=miv_');

    const tenant = (await h.t.platform.tenants.byId(created.data!.createTenant.tenant.id))!;
    const accepted = await h.t
      .asAnonymous(tenant)
      .request<{ acceptInvitation: AuthResponse }>(
        `mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { ${authFields} } }`,
        { input: { token: tokenIn(mail.text), name: 'Hank Scorpio', password: strongPassword } },
      );
    const claims = await verifyAccessTokenWith(
      h.services.signingKeys,
      accepted.data!.acceptInvitation.tokens!.accessToken,
    );
    expect(claims).toMatchObject({ tenantId: tenant.id, actor: { permissions: ['*'] } });

    // Creating it again (idempotent by slug) invites nobody twice.
    const again = await h.t.asPlatformOperator().request<{ createTenant: { ownerId: string } }>(createTenant, {
      input: { slug: 'globex', name: 'Globex', hosts: ['shop.globex.test'], owner: { email: 'hank@globex.test' } },
    });
    expect(again.data?.createTenant.ownerId).toBe(created.data?.createTenant.ownerId);
    expect(h.smtp.messages.filter((m) => m.to.includes('hank@globex.test'))).toHaveLength(1);
  });

  it('refuses a bad owner with userErrors and provisions nothing', async () => {
    const result = await h.t
      .asPlatformOperator()
      .request<{ createTenant: { tenant: unknown; userErrors: { field: string[] }[] } }>(createTenant, {
        input: { slug: 'initech', name: 'Initech', owner: { email: 'nope' } },
      });
    expect(result.data?.createTenant.tenant).toBeNull();
    expect(result.data?.createTenant.userErrors.map((e) => e.field.join('.'))).toEqual(['input.owner.email']);
    expect(await h.t.platform.tenants.bySlug('initech')).toBeNull();
  });

  it("records suspension and resumption in the tenant's own audit trail", async () => {
    const tenant = await h.t.createTenant('umbrella');
    const operator = h.t.asPlatformOperator();
    await operator.request('mutation($id: ID!) { suspendTenant(input: { id: $id }) { userErrors { code } } }', {
      id: tenant.id,
    });
    await operator.request('mutation($id: ID!) { resumeTenant(input: { id: $id }) { userErrors { code } } }', {
      id: tenant.id,
    });
    const audit = await h.t
      .asTenantAdmin(tenant)
      .request<{ auditLog: { edges: { node: { action: string; actorKind: string } }[] } }>(
        '{ auditLog { edges { node { action actorKind } } } }',
      );
    expect(audit.data?.auditLog.edges.map((e) => e.node.action)).toEqual(['tenant.resume', 'tenant.suspend']);
  });
});

describe('signing-key rotation', () => {
  it('lets a platform operator rotate; tokens signed before keep verifying during the overlap', async () => {
    await h.createUser({ email: 'keys@acme.test', roles: ['sales'] });
    const before = (await h.signIn('keys@acme.test')).tokens!.accessToken;
    const tooShort = await h.t
      .asPlatformOperator()
      .request<{ rotateSigningKey: { userErrors: { code: string }[] } }>(
        'mutation { rotateSigningKey(input: { overlapSeconds: 5 }) { kid userErrors { code } } }',
      );
    expect(tooShort.data?.rotateSigningKey.userErrors[0]?.code).toBe('OUT_OF_RANGE');
    const rotated = await h.t
      .asPlatformOperator()
      .request<{ rotateSigningKey: { kid: string } }>(
        'mutation { rotateSigningKey(input: {}) { kid userErrors { code } } }',
      );
    const kid = rotated.data!.rotateSigningKey.kid;
    const header = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString());
    expect(header(before).kid).not.toBe(kid);
    await expect(verifyAccessTokenWith(h.services.signingKeys, before)).resolves.toBeTruthy();
    const after = (await h.signIn('keys@acme.test')).tokens!.accessToken;
    expect(header(after).kid).toBe(kid);
    const jwks = await h.services.signingKeys.jwks();
    expect(jwks.keys.map((k) => k.kid)).toEqual(expect.arrayContaining([kid, header(before).kid]));
  });
});

describe('demo data', () => {
  it('seeds one user per built-in role with the demo password', async () => {
    const tenant = await h.t.createTenant('acme');
    await seedDemoData(h.t.platform.database, tenant, [createIdentitySubgraph()]);
    for (const demo of demoUsers) {
      const result = await h.signIn(demo.email, { tenant, password: demoPassword });
      expect(result.tokens, demo.email).toBeTruthy();
    }
    const customer = await h.signIn('shopper@acme.test', { tenant, password: demoPassword });
    const me = await (await h.withToken(customer.tokens!.accessToken)).request<{ me: { kind: string } }>(
      '{ me { kind } }',
    );
    expect(me.data?.me.kind).toBe('CUSTOMER');
    // The demo catalog's "Wholesale <currency>" lists are for this customer's group.
    const trade = await h.signIn('wholesale@acme.test', { tenant, password: demoPassword });
    const claims = await verifyAccessTokenWith(h.services.signingKeys, trade.tokens!.accessToken);
    expect(claims.actor.customerGroup).toBe('wholesale');
  });
});
