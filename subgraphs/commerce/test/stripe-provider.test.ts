import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidWebhookSignature, type PaymentProvider } from '../src/payments/provider.ts';
import { checkStripeSecretKey, createStripePaymentProvider } from '../src/payments/stripe-provider.ts';
import { type FakeStripe, startFakeStripe } from './fake-stripe.ts';

let stripe: FakeStripe;
let provider: PaymentProvider;

beforeAll(async () => {
  stripe = await startFakeStripe();
  provider = createStripePaymentProvider({
    secretKey: stripe.secretKey,
    webhookSecret: stripe.webhookSecret,
    host: '127.0.0.1',
    port: stripe.port,
    protocol: 'http',
    timeoutMs: 2000,
  });
});
afterAll(async () => {
  await stripe?.close();
});

let n = 0;
const request = (paymentMethodId: string) => ({
  paymentId: `pay_01JTEST${String(++n).padStart(19, '0')}`,
  amount: 6402,
  currency: 'EUR',
  method: { paymentMethodId },
  email: 'erika@example.test',
  description: 'test',
  metadata: { paymentId: `pay_${n}` },
});

describe('the Stripe adapter (official SDK against a local Stripe API)', () => {
  it('creates and confirms a PaymentIntent in one call', async () => {
    const outcome = await provider.charge(request('pm_card_visa'));
    expect(outcome).toMatchObject({ status: 'succeeded', card: { brand: 'visa', last4: '4242' } });
    const intent = stripe.intents.get((outcome as { providerRef: string }).providerRef);
    expect(intent).toMatchObject({ amount: 6402, currency: 'eur', status: 'succeeded' });
  });

  it('turns a card decline into a failed outcome, not an exception', async () => {
    const outcome = await provider.charge(request('pm_card_visa_chargeDeclined'));
    expect(outcome).toMatchObject({ status: 'failed', code: 'generic_decline', message: 'Your card was declined.' });
    expect((outcome as { providerRef: string }).providerRef).toMatch(/^pi_fake_/);
  });

  it('asks for 3-D Secure, then reads how it ended', async () => {
    const outcome = await provider.charge(request('pm_card_authenticationRequired'));
    expect(outcome).toMatchObject({
      status: 'requires_action',
      nextAction: { type: 'authenticate', clientSecret: expect.stringMatching(/_secret_/) },
    });
    const ref = (outcome as { providerRef: string }).providerRef;
    stripe.authenticate(ref, true);
    expect(await provider.confirm(ref, {})).toMatchObject({ status: 'succeeded', providerRef: ref });
  });

  it('charges once per payment id: the same request again is an idempotent replay', async () => {
    const same = request('pm_card_visa');
    const first = await provider.charge(same);
    const before = stripe.intents.size;
    const second = await provider.charge(same);
    expect(second).toEqual(first);
    expect(stripe.intents.size).toBe(before);
  });

  it('throws when the answer is lost, and retrieve then finds the one charge made', async () => {
    const lost = request('pm_card_visa');
    const before = stripe.intents.size;
    stripe.dropResponses(2); // the call and the SDK's own retry
    await expect(provider.charge(lost)).rejects.toThrow();
    const found = await provider.retrieve(lost, null);
    expect(found.status).toBe('succeeded');
    expect(stripe.intents.size).toBe(before + 1);
  });

  it('refunds with the refund id as idempotency key', async () => {
    const paid = await provider.charge(request('pm_card_visa'));
    const ref = (paid as { providerRef: string }).providerRef;
    const refund = await provider.refund({
      refundId: 'rfd_01JTEST0000000000000000001',
      providerRef: ref,
      amount: 500,
      currency: 'EUR',
    });
    expect(refund).toMatchObject({ status: 'succeeded', providerRef: expect.stringMatching(/^re_/) });
    const again = await provider.refund({
      refundId: 'rfd_01JTEST0000000000000000001',
      providerRef: ref,
      amount: 500,
      currency: 'EUR',
    });
    expect(again.providerRef).toBe(refund.providerRef);
  });

  it('verifies webhook signatures with stripe.webhooks.constructEvent', () => {
    const good = stripe.webhook('payment_intent.succeeded', {
      id: 'pi_1',
      object: 'payment_intent',
      metadata: { paymentId: 'pay_x' },
    });
    expect(provider.parseWebhook?.(good.payload, good.signature)).toMatchObject({
      type: 'payment_intent.succeeded',
      providerRef: 'pi_1',
      paymentId: 'pay_x',
    });
    const bad = stripe.webhook(
      'payment_intent.succeeded',
      { id: 'pi_1', object: 'payment_intent' },
      { badSecret: true },
    );
    expect(() => provider.parseWebhook?.(bad.payload, bad.signature)).toThrow(InvalidWebhookSignature);
    expect(() => provider.parseWebhook?.(good.payload.replace('pi_1', 'pi_2'), good.signature)).toThrow(
      InvalidWebhookSignature,
    );
  });

  it('refuses raw card numbers: they go to Stripe.js, never to the server', () => {
    expect(
      provider
        .checkMethod({ card: { number: '4242424242424242', expMonth: 1, expYear: 2040, cvc: '123' } })
        .map((p) => p.code),
    ).toEqual(['INVALID_CARD']);
    expect(provider.checkMethod({ paymentMethodId: 'pm_card_visa' })).toEqual([]);
  });
});

describe('checking a secret key with Stripe (GET /v1/account)', () => {
  const check = (secretKey: string, port = stripe.port) =>
    checkStripeSecretKey({ secretKey, host: '127.0.0.1', port, protocol: 'http', timeoutMs: 2000 });

  it('tells accepted, refused, restricted, unreachable and other errors apart', async () => {
    stripe.restrict('rk_test_restrictedkeyaaaa');
    stripe.failAccount('sk_test_ratelimitedaaaaaa', 429);
    stripe.failAccount('sk_test_brokenaccountaaaa', 400);
    expect(await check(stripe.secretKey)).toEqual({ answer: 'accepted' });
    expect(await check('rk_test_restrictedkeyaaaa')).toEqual({ answer: 'accepted' });
    expect(await check('sk_test_unknownkeyaaaaaaaa')).toEqual({ answer: 'refused' });
    expect(await check('sk_test_ratelimitedaaaaaa')).toEqual({ answer: 'unreachable' });
    expect(await check(stripe.secretKey, 1)).toEqual({ answer: 'unreachable' });
    const failed = await check('sk_test_brokenaccountaaaa');
    expect(failed).toMatchObject({
      answer: 'failed',
      error: { type: 'StripeInvalidRequestError', code: 'account_invalid', statusCode: 400 },
    });
    expect(JSON.stringify(failed)).not.toContain('sk_test_brokenaccount');
  });
});
