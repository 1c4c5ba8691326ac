import { randomBytes } from 'node:crypto';
import { createSecretBox, listAuditLog, withTenant } from '@meridian/kit';
import { startTestSubgraphs, type TestSubgraphs } from '@meridian/kit/testing';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommerceSubgraph, defaultProviders } from '../src/index.ts';
import { createTestPaymentProvider } from '../src/payments/test-provider.ts';
import { type FakeStripe, startFakeStripe } from './fake-stripe.ts';

// biome-ignore lint/suspicious/noExplicitAny: response shapes are asserted, not typed, in tests
type Gql = any;
let t: TestSubgraphs;
/** Stands in for api.stripe.com, where new secret keys are checked. */
let stripe: FakeStripe;
const box = createSecretBox([{ id: 'k1', key: randomBytes(32) }], 'k1');

beforeAll(async () => {
  stripe = await startFakeStripe();
  stripe.accept(secretKey);
  stripe.restrict(restrictedKey);
  t = await startTestSubgraphs([
    createCommerceSubgraph({
      providers: { test: createTestPaymentProvider() },
      stripeConnection: { host: '127.0.0.1', port: stripe.port, protocol: 'http' },
      secretBox: box,
      mailer: { send: async () => {} },
    }),
  ]);
});
afterAll(async () => {
  await t?.close();
  await stripe?.close();
});

const secretKey = 'sk_test_51ShopAaaaaaaaaaaaaaaaaaaa1234';
/** A restricted key that may not read the account: Stripe accepts it all the same. */
const restrictedKey = 'rk_test_51ShopArestricted9876';
const publishableKey = 'pk_test_51ShopAbbbbbbbbbbbbbbbbbbbb';
const webhookSecret = 'whsec_shopAsecretsecretsecret';
const fields = 'stripe { configured source mode publishableKey secretKeyLast4 webhookConfigured updatedAt }';
const query = `{ paymentSettings { ${fields} } }`;
const update = `mutation($input: UpdateStripeSettingsInput!) { updateStripeSettings(input: $input) {
  paymentSettings { ${fields} } userErrors { field code message } } }`;
const writer = () => t.as({ permissions: ['settings:write'], userId: 'usr_01JTESTWRITER0000000000000' });
const reader = () => t.as({ permissions: ['settings:read'] });
const storedStripe = async () => (await t.platform.tenants.byId(t.tenant.id))?.settings.stripe;
const audits = () =>
  withTenant(t.platform.database, t.tenant, (tx) => listAuditLog(tx, { entityType: 'PaymentSettings', first: 50 }));

describe('the shop’s own Stripe settings', () => {
  it('starts unset (no installation Stripe here) and is read with settings:read only', async () => {
    const read = await reader().request<Gql>(query);
    expect(read.data.paymentSettings.stripe).toEqual({
      configured: false,
      source: 'NONE',
      mode: null,
      publishableKey: null,
      secretKeyLast4: null,
      webhookConfigured: false,
      updatedAt: null,
    });
    const denied = await t.as({ permissions: ['orders:read'] }).request<Gql>(query);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const shopper = await t.asAnonymous().request<Gql>(query);
    expect(shopper.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('needs settings:write to change', async () => {
    for (const client of [reader(), t.as({ permissions: ['orders:write'] }), t.asAnonymous()]) {
      const result = await client.request<Gql>(update, { input: { secretKey } });
      expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(await storedStripe()).toBeUndefined();
  });

  it('refuses malformed keys, a lone publishable key and mixed live/test keys, writing nothing', async () => {
    const cases: [Record<string, unknown>, string[], string][] = [
      [{ secretKey: 'pk_test_1234567890' }, ['input', 'secretKey'], 'INVALID'],
      [{ secretKey: 'sk_prod_1234567890' }, ['input', 'secretKey'], 'INVALID'],
      [{ secretKey, publishableKey: 'sk_test_1234567890' }, ['input', 'publishableKey'], 'INVALID'],
      [{ secretKey, webhookSecret: 'secret_1234567890' }, ['input', 'webhookSecret'], 'INVALID'],
      [{}, ['input', 'secretKey'], 'REQUIRED'],
      [{ publishableKey }, ['input', 'secretKey'], 'REQUIRED'],
      [{ secretKey: 'sk_live_51ShopAaaaaaaaaaaaaaaaa', publishableKey }, ['input', 'publishableKey'], 'MODE_MISMATCH'],
      [{ clear: true, secretKey }, ['input', 'clear'], 'INVALID'],
    ];
    for (const [input, field, code] of cases) {
      const result = await writer().request<Gql>(update, { input });
      expect(result.data.updateStripeSettings, JSON.stringify(input)).toMatchObject({
        paymentSettings: null,
        userErrors: [expect.objectContaining({ field, code })],
      });
      // A secret pasted into the wrong field is never echoed back.
      expect(JSON.stringify(result)).not.toContain('sk_live_51ShopA');
    }
    expect(await storedStripe()).toBeUndefined();
    expect((await audits()).edges).toHaveLength(0);
  });

  it('stores the secrets sealed, shows only the last 4, and audits without secrets', async () => {
    const set = await writer().request<Gql>(update, {
      input: { secretKey: ` ${secretKey} `, publishableKey, webhookSecret },
    });
    expect(set.data.updateStripeSettings.userErrors).toEqual([]);
    expect(set.data.updateStripeSettings.paymentSettings.stripe).toMatchObject({
      configured: true,
      source: 'SHOP',
      mode: 'TEST',
      publishableKey,
      secretKeyLast4: '1234',
      webhookConfigured: true,
      updatedAt: expect.any(String),
    });
    const read = await reader().request<Gql>(query);
    expect(read.data.paymentSettings).toEqual(set.data.updateStripeSettings.paymentSettings);
    expect(JSON.stringify(read)).not.toContain(secretKey);
    expect(JSON.stringify(read)).not.toContain(webhookSecret);

    const stored = (await storedStripe()) as Record<string, string>;
    expect(JSON.stringify(stored)).not.toContain(secretKey);
    expect(JSON.stringify(stored)).not.toContain(webhookSecret);
    expect(box.open(stored.secretKey as string)).toBe(secretKey);
    expect(box.open(stored.webhookSecret as string)).toBe(webhookSecret);

    const trail = await audits();
    expect(trail.edges).toHaveLength(1);
    const entry = trail.edges[0]?.node;
    expect(entry).toMatchObject({
      action: 'payment_settings.stripe.update',
      entityId: t.tenant.id,
      actorId: 'usr_01JTESTWRITER0000000000000',
      before: null,
      after: { mode: 'test', publishableKey, keyLast4: '1234', webhookConfigured: true },
    });
    expect(JSON.stringify(entry)).not.toContain(secretKey);
    expect(JSON.stringify(entry)).not.toContain(stored.secretKey);
  });

  it('changes one key at a time against the stored ones, then clears', async () => {
    const mismatch = await writer().request<Gql>(update, {
      input: { publishableKey: 'pk_live_51ShopAcccccccccccccc' },
    });
    expect(mismatch.data.updateStripeSettings.userErrors).toEqual([
      expect.objectContaining({ field: ['input', 'publishableKey'], code: 'MODE_MISMATCH' }),
    ]);
    const rolled = await writer().request<Gql>(update, { input: { secretKey: restrictedKey } });
    expect(rolled.data.updateStripeSettings.paymentSettings.stripe).toMatchObject({
      secretKeyLast4: '9876',
      publishableKey,
      webhookConfigured: true,
    });
    const cleared = await writer().request<Gql>(update, { input: { clear: true } });
    expect(cleared.data.updateStripeSettings.paymentSettings.stripe).toMatchObject({
      configured: false,
      source: 'NONE',
      secretKeyLast4: null,
    });
    expect(await storedStripe()).toBeNull();
    const actions = (await audits()).edges.map((e) => e.node.action);
    expect(actions).toEqual([
      'payment_settings.stripe.clear',
      'payment_settings.stripe.update',
      'payment_settings.stripe.update',
    ]);
  });
});

describe('a new secret key is shown to Stripe before it is saved', () => {
  const revoked = 'sk_test_51ShopArevokedaaaaaaaaaaa0000';

  it('refuses a key Stripe refuses, and saves nothing when Stripe does not answer', async () => {
    const audited = (await audits()).edges.length;
    const asked = stripe.calls.length;
    const refused = await writer().request<Gql>(update, { input: { secretKey: revoked, publishableKey } });
    expect(refused.data.updateStripeSettings).toEqual({
      paymentSettings: null,
      userErrors: [expect.objectContaining({ field: ['input', 'secretKey'], code: 'KEY_REFUSED' })],
    });
    expect(JSON.stringify(refused)).not.toContain(revoked);
    expect(stripe.calls.slice(asked)).toEqual([['GET', '/v1/account', revoked]]);

    stripe.dropResponses(2); // the SDK retries once
    const unanswered = await writer().request<Gql>(update, { input: { secretKey } });
    expect(unanswered.data.updateStripeSettings).toEqual({
      paymentSettings: null,
      userErrors: [expect.objectContaining({ field: null, code: 'STRIPE_UNREACHABLE' })],
    });
    expect(await storedStripe()).toBeNull();
    expect((await audits()).edges).toHaveLength(audited);
  });

  it('does not ask Stripe about a change refused here, nor when no new secret key is given', async () => {
    const asked = stripe.calls.length;
    const live = await writer().request<Gql>(update, {
      input: { secretKey: 'sk_live_51ShopAaaaaaaaaaaaaaaaa', publishableKey },
    });
    expect(live.data.updateStripeSettings.userErrors).toEqual([expect.objectContaining({ code: 'MODE_MISMATCH' })]);
    await writer().request<Gql>(update, { input: { secretKey } });
    const hookOnly = await writer().request<Gql>(update, { input: { webhookSecret } });
    expect(hookOnly.data.updateStripeSettings.userErrors).toEqual([]);
    expect(stripe.calls.slice(asked).map(([, , key]) => key)).toEqual([secretKey]);
    await writer().request<Gql>(update, { input: { clear: true } });
  });
});

describe('which Stripe account serves the shop', () => {
  const webhook = `mutation($input: ProcessPaymentWebhookInput!) { processPaymentWebhook(input: $input) {
    received userErrors { field code } } }`;
  const deliver = (secret: string) => {
    const payload = JSON.stringify({
      id: `evt_${randomBytes(6).toString('hex')}`,
      object: 'event',
      type: 'payment_intent.succeeded',
      data: { object: { id: 'pi_unknown', object: 'payment_intent', metadata: {} } },
    });
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret });
    return t.asAnonymous().request<Gql>(webhook, { input: { provider: 'STRIPE', payload, signature } });
  };

  it('with neither the shop’s nor the installation’s account, Stripe is not available', async () => {
    const result = await deliver(webhookSecret);
    expect(result.data.processPaymentWebhook).toEqual({
      received: false,
      userErrors: [{ field: ['input', 'provider'], code: 'PAYMENT_PROVIDER_UNAVAILABLE' }],
    });
  });

  it('verifies with the shop’s own signing secret once set, and refuses everything without one', async () => {
    await writer().request<Gql>(update, { input: { secretKey } });
    const unsigned = await deliver(webhookSecret);
    expect(unsigned.data.processPaymentWebhook.userErrors).toEqual([
      { field: ['input', 'signature'], code: 'INVALID_SIGNATURE' },
    ]);
    await writer().request<Gql>(update, { input: { webhookSecret } });
    expect((await deliver(webhookSecret)).data.processPaymentWebhook).toEqual({ received: true, userErrors: [] });
    const other = await deliver('whsec_anotherShopsSecret');
    expect(other.data.processPaymentWebhook.userErrors).toEqual([
      { field: ['input', 'signature'], code: 'INVALID_SIGNATURE' },
    ]);
  });

  it('the installation’s account comes from STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET, both needed', () => {
    const saved = { key: process.env.STRIPE_SECRET_KEY, hook: process.env.STRIPE_WEBHOOK_SECRET };
    try {
      process.env.STRIPE_SECRET_KEY = 'sk_test_installation';
      delete process.env.STRIPE_WEBHOOK_SECRET;
      expect(defaultProviders().stripe).toBeUndefined();
      process.env.STRIPE_WEBHOOK_SECRET = 'whsec_installation';
      expect(defaultProviders().stripe?.name).toBe('stripe');
    } finally {
      for (const [name, value] of [
        ['STRIPE_SECRET_KEY', saved.key],
        ['STRIPE_WEBHOOK_SECRET', saved.hook],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
