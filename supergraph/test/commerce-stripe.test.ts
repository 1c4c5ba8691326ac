import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { createStripePaymentProvider, createTestPaymentProvider } from '@meridian/commerce';
import { createSecretBox, newId } from '@meridian/kit';
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
  const connection = { host: '127.0.0.1', port: stripe.port, protocol: 'http' as const, timeoutMs: 2000 };
  // The installation's account (what STRIPE_* configure) is the fake's default one; shops that set their
  // own keys get clients built against the same stand-in API, which tells the accounts apart by key.
  t = await startCommerceSuite({
    providers: {
      test: createTestPaymentProvider(),
      stripe: createStripePaymentProvider({
        secretKey: stripe.secretKey,
        webhookSecret: stripe.webhookSecret,
        ...connection,
      }),
    },
    commerce: {
      stripeConnection: connection,
      secretBox: createSecretBox([{ id: 'k1', key: randomBytes(32) }], 'k1'),
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
/** What Stripe does: POST the raw bytes to `https://<shop host>/webhooks/stripe` with the signature header. */
const deliver = (
  payload: string | Buffer,
  signature: string,
  options: { host?: string; method?: string; path?: string } = {},
): Promise<{ status: number; body: Gql }> =>
  new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: t.suite.gateway.port,
        path: options.path ?? '/webhooks/stripe',
        method: options.method ?? 'POST',
        headers: {
          host: options.host ?? shop.host,
          'content-type': 'application/json; charset=utf-8',
          'stripe-signature': signature,
          'content-length': Buffer.byteLength(payload),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null });
        });
      },
    );
    // A 413 may close the connection before the whole body is written.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? undefined : reject(error)));
    req.end(payload);
  });
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

describe('POST /webhooks/stripe on the shop host', () => {
  const awaitingAuthentication = async () => {
    const cart = await readyCart(client, shop, [{ variantId: item.variantId, quantity: 1 }]);
    const placed = await ok(pay(cart, 'pm_card_authenticationRequired'), 'placeOrder');
    expect(placed.placeOrder.order.status).toBe('PENDING');
    const intent = [...stripe.intents.values()].find((i) => i.metadata.paymentId === placed.placeOrder.payment.id);
    if (!intent) throw new Error('no intent');
    stripe.authenticate(intent.id, true);
    return { orderId: placed.placeOrder.order.id as string, intent };
  };
  const paidEvents = async (orderId: string) =>
    (await orderOf(orderId)).timeline.edges.filter((e: Gql) => e.node.kind === 'paid').length;

  it('a signed event pays the order; the same delivery again is answered 200 and processed once', async () => {
    const { orderId, intent } = await awaitingAuthentication();
    const delivery = stripe.webhook('payment_intent.succeeded', { ...intent });
    const first = await deliver(delivery.payload, delivery.signature);
    expect(first).toEqual({ status: 200, body: { received: true, duplicate: false } });
    expect((await orderOf(orderId)).status).toBe('PAID');
    const replay = await deliver(delivery.payload, delivery.signature);
    expect(replay).toEqual({ status: 200, body: { received: true, duplicate: true } });
    expect(await paidEvents(orderId)).toBe(1);
  });

  it('Stripe retrying while the first delivery still runs: every answer 200, paid once', async () => {
    const { orderId, intent } = await awaitingAuthentication();
    const delivery = stripe.webhook('payment_intent.succeeded', { ...intent });
    const answers = await Promise.all([1, 2, 3].map(() => deliver(delivery.payload, delivery.signature)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect((await orderOf(orderId)).status).toBe('PAID');
    expect(await paidEvents(orderId)).toBe(1);
  });

  it('refuses a bad signature or a malformed payload with 400 and changes nothing', async () => {
    const { orderId, intent } = await awaitingAuthentication();
    const forged = stripe.webhook('payment_intent.succeeded', { ...intent }, { badSecret: true });
    const refused = await deliver(forged.payload, forged.signature);
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ code: 'INVALID_SIGNATURE' })]);
    // The signature covers the exact bytes: the same JSON re-serialised does not verify.
    const genuine = stripe.webhook('payment_intent.succeeded', { ...intent });
    const reformatted = JSON.stringify(JSON.parse(genuine.payload), null, 2);
    expect((await deliver(reformatted, genuine.signature)).status).toBe(400);
    expect((await deliver(genuine.payload, '')).status).toBe(400);
    const garbage = 'not json';
    const signed = stripe.sign(garbage);
    const malformed = await deliver(garbage, signed);
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([expect.objectContaining({ field: ['input', 'payload'], code: 'INVALID' })]);
    expect((await orderOf(orderId)).status).toBe('PENDING');
    expect(await paidEvents(orderId)).toBe(0);
    // Nothing was marked as seen either: the genuine delivery still goes through.
    expect((await deliver(genuine.payload, genuine.signature)).body).toEqual({ received: true, duplicate: false });
    expect((await orderOf(orderId)).status).toBe('PAID');
  });

  it('answers 404 for an unknown host, the platform host or another provider; 405 and 413 by the book', async () => {
    const { orderId, intent } = await awaitingAuthentication();
    const delivery = stripe.webhook('payment_intent.succeeded', { ...intent });
    expect((await deliver(delivery.payload, delivery.signature, { host: 'nobody.localhost' })).status).toBe(404);
    expect((await deliver(delivery.payload, delivery.signature, { host: 'localhost' })).status).toBe(404);
    expect((await deliver(delivery.payload, delivery.signature, { path: '/webhooks/paypal' })).status).toBe(404);
    expect((await deliver('', delivery.signature, { method: 'GET' })).status).toBe(405);
    const huge = Buffer.alloc(300 * 1024, 'a');
    expect((await deliver(huge, delivery.signature)).status).toBe(413);
    expect((await orderOf(orderId)).status).toBe('PENDING');
  });

  it('a subgraph serves its webhook only to the gateway', async () => {
    const commerce = t.suite.subgraphs.find((s) => s.name === 'commerce');
    const delivery = stripe.webhook('payment_intent.succeeded', { id: 'pi_x', object: 'payment_intent' });
    const response = await fetch(commerce?.url.replace(/\/graphql$/, '/webhooks/stripe') ?? '', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': delivery.signature },
      body: delivery.payload,
    });
    expect(response.status).toBe(401);
  });
});

describe('each shop its own Stripe account', () => {
  const accountA = { secretKey: 'sk_test_ShopAaaaaaaaaaaaaaaaaaaa', webhookSecret: 'whsec_shopAaaaaaaaaaaaaaaa' };
  const accountB = { secretKey: 'sk_test_ShopBbbbbbbbbbbbbbbbbbbb', webhookSecret: 'whsec_shopBbbbbbbbbbbbbbbb' };
  let shopA: Shop;
  let shopB: Shop;
  let clientA: ShopClient;
  let clientB: ShopClient;
  let itemA: Awaited<ReturnType<typeof createStockedVariant>>;
  let itemB: Awaited<ReturnType<typeof createStockedVariant>>;
  const setStripe = (c: ShopClient, input: Record<string, unknown>) =>
    ok(
      c.admin(
        'mutation($input: UpdateStripeSettingsInput!) { updateStripeSettings(input: $input) { paymentSettings { stripe { configured source secretKeyLast4 } } userErrors { field code } } }',
        { input },
      ),
      'updateStripeSettings',
    );
  const payIn = (c: ShopClient, cartId: string, paymentMethodId: string) =>
    c.guest<Gql>(mutations.placeOrder, {
      input: { cartId, idempotencyKey: newId('key'), payment: { provider: 'STRIPE', paymentMethodId } },
    });
  /** This payment's intent and the account (secret key) that created it. */
  const keysUsedFor = (paymentId: string) => {
    const intent = [...stripe.intents.values()].find((i) => i.metadata.paymentId === paymentId);
    if (!intent) throw new Error(`no intent for ${paymentId}`);
    return { intent, account: stripe.accountOf.get(intent.id) };
  };

  beforeAll(async () => {
    stripe.accept(accountA.secretKey);
    stripe.accept(accountB.secretKey);
    [shopA, shopB] = await Promise.all([createShop(t, 'stripe-shop-a'), createShop(t, 'stripe-shop-b')]);
    clientA = clientFor(t, shopA);
    clientB = clientFor(t, shopB);
    [itemA, itemB] = await Promise.all([
      createStockedVariant(t, shopA, { price: '20.00', stock: 20 }),
      createStockedVariant(t, shopB, { price: '20.00', stock: 20 }),
    ]);
    const a = await setStripe(clientA, { ...accountA, publishableKey: 'pk_test_ShopAaaaaaaaaaaaaaaaaa' });
    expect(a.updateStripeSettings.paymentSettings.stripe).toEqual({
      configured: true,
      source: 'SHOP',
      secretKeyLast4: 'aaaa',
    });
    await setStripe(clientB, accountB);
  });

  it('charges and refunds each shop with its own key; a shop without keys uses the installation’s', async () => {
    const [cartA, cartB, cartX] = await Promise.all([
      readyCart(clientA, shopA, [{ variantId: itemA.variantId, quantity: 1 }]),
      readyCart(clientB, shopB, [{ variantId: itemB.variantId, quantity: 1 }]),
      readyCart(client, shop, [{ variantId: item.variantId, quantity: 1 }]),
    ]);
    const paidA = await ok(payIn(clientA, cartA, 'pm_card_visa'), 'placeOrder');
    const paidB = await ok(payIn(clientB, cartB, 'pm_card_visa'), 'placeOrder');
    const paidX = await ok(payIn(client, cartX, 'pm_card_visa'), 'placeOrder');
    expect([paidA, paidB, paidX].map((p) => p.placeOrder.order.status)).toEqual(['PAID', 'PAID', 'PAID']);
    expect(keysUsedFor(paidA.placeOrder.payment.id).account).toBe(accountA.secretKey);
    expect(keysUsedFor(paidB.placeOrder.payment.id).account).toBe(accountB.secretKey);
    expect(keysUsedFor(paidX.placeOrder.payment.id).account).toBe(stripe.secretKey);

    const refunds = stripe.calls.length;
    const refunded = await ok(
      clientB.admin(
        'mutation($input: RefundOrderInput!) { refundOrder(input: $input) { refund { status } userErrors { code } } }',
        { input: { orderId: paidB.placeOrder.order.id, amount: '5.00' } },
      ),
      'refundOrder',
    );
    expect(refunded.refundOrder.refund.status).toBe('SUCCEEDED');
    expect(stripe.calls.slice(refunds).filter(([m, p]) => m === 'POST' && p === '/v1/refunds')).toEqual([
      ['POST', '/v1/refunds', accountB.secretKey],
    ]);
  });

  it('verifies webhooks with the host’s shop’s own secret: another shop’s or the installation’s signature is refused', async () => {
    const cart = await readyCart(clientA, shopA, [{ variantId: itemA.variantId, quantity: 1 }]);
    const placed = await ok(payIn(clientA, cart, 'pm_card_authenticationRequired'), 'placeOrder');
    const { intent } = keysUsedFor(placed.placeOrder.payment.id);
    stripe.authenticate(intent.id, true);
    const toA = (secret: string) => {
      const d = stripe.webhook('payment_intent.succeeded', { ...intent }, { secret });
      return deliver(d.payload, d.signature, { host: shopA.host });
    };
    for (const secret of [accountB.webhookSecret, stripe.webhookSecret]) {
      const refused = await toA(secret);
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ code: 'INVALID_SIGNATURE' })]);
    }
    // A's genuine delivery sent to B's host does not verify there either.
    const genuine = stripe.webhook('payment_intent.succeeded', { ...intent }, { secret: accountA.webhookSecret });
    expect((await deliver(genuine.payload, genuine.signature, { host: shopB.host })).status).toBe(400);
    const orderA = (id: string) =>
      ok(clientA.admin('query($id: ID!) { order(id: $id) { status } }', { id })).then((d) => d.order.status);
    expect(await orderA(placed.placeOrder.order.id)).toBe('PENDING');
    expect(await deliver(genuine.payload, genuine.signature, { host: shopA.host })).toEqual({
      status: 200,
      body: { received: true, duplicate: false },
    });
    expect(await orderA(placed.placeOrder.order.id)).toBe('PAID');
  });

  it('a new key takes effect on the next request; clearing falls back to the installation’s account', async () => {
    const rotated = 'rk_test_ShopBrestrictedbbbbbbbb';
    stripe.accept(rotated);
    await setStripe(clientB, { secretKey: rotated });
    const cart1 = await readyCart(clientB, shopB, [{ variantId: itemB.variantId, quantity: 1 }]);
    const paid1 = await ok(payIn(clientB, cart1, 'pm_card_visa'), 'placeOrder');
    expect(keysUsedFor(paid1.placeOrder.payment.id).account).toBe(rotated);

    const cleared = await setStripe(clientB, { clear: true });
    expect(cleared.updateStripeSettings.paymentSettings.stripe).toEqual({
      configured: false,
      source: 'INSTALLATION',
      secretKeyLast4: null,
    });
    const cart2 = await readyCart(clientB, shopB, [{ variantId: itemB.variantId, quantity: 1 }]);
    const paid2 = await ok(payIn(clientB, cart2, 'pm_card_visa'), 'placeOrder');
    expect(keysUsedFor(paid2.placeOrder.payment.id).account).toBe(stripe.secretKey);
  });
});
