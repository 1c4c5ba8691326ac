import { createStripePaymentProvider, createTestPaymentProvider } from '@meridian/commerce';
import { newId } from '@meridian/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeStripe, startFakeStripe } from '../../subgraphs/commerce/test/fake-stripe.ts';
import type { TestSuite } from '../src/testing/test-suite.ts';
import {
  clientFor,
  createShop,
  createStockedVariant,
  type Gql,
  mutations,
  ok,
  readyCart,
  type Shop,
  type ShopClient,
  settledStock,
  startCommerceSuite,
  stockOf,
} from './commerce-fixtures.ts';

let t: TestSuite;
let stripe: FakeStripe;
let shop: Shop;
let client: ShopClient;
let item: Awaited<ReturnType<typeof createStockedVariant>>;

beforeAll(async () => {
  stripe = await startFakeStripe();
  t = await startCommerceSuite({
    providers: {
      test: createTestPaymentProvider(),
      stripe: createStripePaymentProvider({
        secretKey: stripe.secretKey,
        webhookSecret: stripe.webhookSecret,
        host: '127.0.0.1',
        port: stripe.port,
        protocol: 'http',
        timeoutMs: 2000,
      }),
    },
  });
  shop = await createShop(t, 'stripe-shop');
  client = clientFor(t, shop);
  item = await createStockedVariant(t, shop, { price: '30.00', stock: 40 });
});
afterAll(async () => {
  await t?.close();
  await stripe?.close();
});

const pay = (cartId: string, paymentMethodId: string, idempotencyKey = newId('key')) =>
  client.guest<Gql>(mutations.placeOrder, {
    input: { cartId, idempotencyKey, payment: { provider: 'STRIPE', paymentMethodId } },
  });
const webhook = (payload: string, signature: string) =>
  client.guest<Gql>(
    'mutation($input: ProcessPaymentWebhookInput!) { processPaymentWebhook(input: $input) { received duplicate userErrors { field code } } }',
    {
      input: { provider: 'STRIPE', payload, signature },
    },
  );
const orderOf = async (id: string) =>
  (
    await ok(
      client.admin(
        'query($id: ID!) { order(id: $id) { status payments { status } timeline { edges { node { kind } } } } }',
        { id },
      ),
    )
  ).order;

describe('paying with Stripe', () => {
  it('approves through a PaymentIntent for the server-side total', async () => {
    const cart = await readyCart(client, shop, [{ variantId: item.variantId, quantity: 1 }]);
    const placed = await ok(pay(cart, 'pm_card_visa'), 'placeOrder');
    const order = placed.placeOrder.order;
    expect(order.status).toBe('PAID');
    const intent = [...stripe.intents.values()].find((i) => i.metadata.paymentId === placed.placeOrder.payment.id);
    expect(intent).toMatchObject({
      status: 'succeeded',
      currency: 'eur',
      amount: Math.round(Number(order.total.amount) * 100),
    });
  });

  it('a decline releases the stock and says why', async () => {
    const before = await settledStock(client, item.variantId, { reserved: 0 });
    const cart = await readyCart(client, shop, [{ variantId: item.variantId, quantity: 2 }]);
    const result = await ok(pay(cart, 'pm_card_visa_chargeDeclined'));
    expect(result.placeOrder).toMatchObject({
      order: null,
      userErrors: [{ code: 'PAYMENT_DECLINED', message: 'Your card was declined.' }],
    });
    expect(await stockOf(client, item.variantId)).toEqual(before);
  });

  it('3-D Secure completed: the signed webhook pays the order once, a replay changes nothing', async () => {
    const cart = await readyCart(client, shop, [{ variantId: item.variantId, quantity: 1 }]);
    const placed = await ok(pay(cart, 'pm_card_authenticationRequired'), 'placeOrder');
    expect(placed.placeOrder.order.status).toBe('PENDING');
    const intent = [...stripe.intents.values()].find((i) => i.metadata.paymentId === placed.placeOrder.payment.id);
    if (!intent) throw new Error('no intent');
    stripe.authenticate(intent.id, true);

    const forged = stripe.webhook('payment_intent.succeeded', { ...intent }, { badSecret: true });
    const refused = await ok(webhook(forged.payload, forged.signature));
    expect(refused.processPaymentWebhook).toEqual({
      received: false,
      duplicate: false,
      userErrors: [{ field: ['input', 'signature'], code: 'INVALID_SIGNATURE' }],
    });
    expect((await orderOf(placed.placeOrder.order.id)).status).toBe('PENDING');

    const delivery = stripe.webhook('payment_intent.succeeded', { ...intent });
    const first = await ok(webhook(delivery.payload, delivery.signature), 'processPaymentWebhook');
    expect(first.processPaymentWebhook).toMatchObject({ received: true, duplicate: false });
    const replay = await ok(webhook(delivery.payload, delivery.signature), 'processPaymentWebhook');
    expect(replay.processPaymentWebhook).toMatchObject({ received: true, duplicate: true });
    // The shopper comes back from 3-D Secure too: still the same paid order.
    const confirmed = await ok(
      client.guest(mutations.confirm, { input: { orderId: placed.placeOrder.order.id, cartId: cart } }),
      'confirmOrderPayment',
    );
    expect(confirmed.confirmOrderPayment.order.status).toBe('PAID');
    const order = await orderOf(placed.placeOrder.order.id);
    expect(order.status).toBe('PAID');
    expect(order.timeline.edges.filter((e: Gql) => e.node.kind === 'paid')).toHaveLength(1);
  });

  it('refunds through Stripe', async () => {
    const cart = await readyCart(client, shop, [{ variantId: item.variantId, quantity: 1 }]);
    const placed = await ok(pay(cart, 'pm_card_visa'), 'placeOrder');
    const refunds = stripe.calls.filter(([m, p]) => m === 'POST' && p === '/v1/refunds').length;
    const refunded = await ok(
      client.admin(
        'mutation($input: RefundOrderInput!) { refundOrder(input: $input) { refund { status } order { status } userErrors { code } } }',
        {
          input: { orderId: placed.placeOrder.order.id, amount: '5.00' },
        },
      ),
      'refundOrder',
    );
    expect(refunded.refundOrder).toMatchObject({
      refund: { status: 'SUCCEEDED' },
      order: { status: 'PARTIALLY_REFUNDED' },
    });
    expect(stripe.calls.filter(([m, p]) => m === 'POST' && p === '/v1/refunds').length).toBe(refunds + 1);
  });
});

describe('a crash between the payment and the order', () => {
  it('leaves the attempt open; the reconciler matches it with Stripe and makes the one order', async () => {
    const before = await settledStock(client, item.variantId, { reserved: 0 });
    const cart = await readyCart(client, shop, [{ variantId: item.variantId, quantity: 2 }]);
    const key = newId('key');
    stripe.dropResponses(2); // Stripe charged, but neither the answer nor the SDK's retry came back
    const lost = await ok(pay(cart, 'pm_card_visa', key));
    expect(lost.placeOrder).toMatchObject({
      order: null,
      payment: { status: 'PROCESSING' },
      userErrors: [{ code: 'PAYMENT_UNCONFIRMED' }],
    });
    expect(await stockOf(client, item.variantId)).toMatchObject({ reserved: before.reserved + 2 });

    const swept = await ok(
      client.admin(
        'mutation { reconcilePayments(input: { olderThanSeconds: 0 }) { reconciled { payment { id status } order { id status } } userErrors { code } } }',
      ),
      'reconcilePayments',
    );
    const mine = swept.reconcilePayments.reconciled.find((r: Gql) => r.payment.id === lost.placeOrder.payment.id);
    expect(mine).toMatchObject({ payment: { status: 'SUCCEEDED' }, order: { status: 'PAID' } });
    const intents = [...stripe.intents.values()].filter((i) => i.metadata.paymentId === lost.placeOrder.payment.id);
    expect(intents).toHaveLength(1);
    expect(await settledStock(client, item.variantId, { onHand: before.onHand - 2 })).toEqual({
      onHand: before.onHand - 2,
      reserved: before.reserved,
      available: before.available - 2,
    });

    const retried = await ok(pay(cart, 'pm_card_visa', key), 'placeOrder');
    expect(retried.placeOrder.order.id).toBe(mine.order.id);
  });
});
