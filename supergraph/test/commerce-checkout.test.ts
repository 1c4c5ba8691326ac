import { newId } from '@meridian/kit';
import { startTestSmtpServer, type TestSmtpServer } from '@meridian/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestSuite } from '../src/testing/test-suite.ts';
import {
  berlin,
  clientFor,
  createShop,
  createStockedVariant,
  declinedCard,
  eventSpy,
  type Gql,
  mutations,
  ok,
  readyCart,
  type Shop,
  type ShopClient,
  settledStock,
  startCommerceSuite,
  stockOf,
  threeDSecureCard,
  visa,
} from './commerce-fixtures.ts';

let t: TestSuite;
let smtp: TestSmtpServer;
let shop: Shop;
let client: ShopClient;
let shirt: Awaited<ReturnType<typeof createStockedVariant>>;
let book: Awaited<ReturnType<typeof createStockedVariant>>;
const spy = eventSpy();

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  t = await startCommerceSuite({ smtp, extra: [spy.subgraph] });
  shop = await createShop(t, 'checkout-shop');
  client = clientFor(t, shop);
  shirt = await createStockedVariant(t, shop, { price: '20.00', stock: 50, title: 'Shirt' });
  book = await createStockedVariant(t, shop, { price: '10.00', stock: 50, reduced: true, title: 'Book' });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

describe('a guest buys', () => {
  it('prices the cart server-side, with shipping and 19 % / 7 % VAT, and places one paid order', async () => {
    const created = await ok(
      client.guest(mutations.createCart, {
        input: {
          currencyCode: 'EUR',
          lines: [
            { variantId: shirt.variantId, quantity: 2 },
            { variantId: book.variantId, quantity: 1 },
          ],
        },
      }),
      'createCart',
    );
    const cart = created.createCart.cart;
    expect(cart.token).toMatch(/^crt_[0-9A-Z]{26}\.[\w-]{32}$/);
    expect(cart.subtotal.amount).toBe('50.00');
    expect(cart.taxTotal).toBeNull();
    const updated = await ok(
      client.guest(mutations.updateCart, {
        input: {
          cartId: cart.token,
          email: 'Erika@Example.test',
          shippingAddress: berlin,
          shippingMethodId: shop.shippingMethodId,
        },
      }),
      'updateCart',
    );
    const priced = updated.updateCart.cart;
    // Goods: 40.00 at 19 % = 7.60, 10.00 at 7 % = 0.70; shipping 4.90 split 3.92/0.98 by value → 0.7448 → 0.74, 0.0686 → 0.07.
    expect(priced.shippingTotal.amount).toBe('4.90');
    expect(priced.taxTotal.amount).toBe('9.11');
    expect(priced.total.amount).toBe('64.01');
    expect(priced.email).toBe('erika@example.test');

    const placed = await ok(
      client.guest(mutations.placeOrder, {
        input: { cartId: cart.token, idempotencyKey: newId('key'), payment: { provider: 'TEST', card: visa } },
      }),
      'placeOrder',
    );
    const order = placed.placeOrder.order;
    expect(order.status).toBe('PAID');
    expect(order.total.amount).toBe('64.01');
    expect(order.number).toBeGreaterThanOrEqual(1001);
    expect(order.payments[0]).toMatchObject({ status: 'SUCCEEDED', provider: 'TEST', cardLast4: '4242' });
    expect(await settledStock(client, shirt.variantId, { onHand: 48, reserved: 0, available: 48 })).toEqual({
      onHand: 48,
      reserved: 0,
      available: 48,
    });

    const mail = await smtp.waitForMessage((m) => m.subject === `Order #${order.number} confirmed`);
    expect(mail.to).toEqual(['erika@example.test']);
    expect(mail.text).toContain('Total: €64.01');
  });
});

describe('declines', () => {
  it('releases the stock, keeps the cart and says why', async () => {
    const token = await readyCart(client, shop, [{ variantId: shirt.variantId, quantity: 1 }]);
    const before = await settledStock(client, shirt.variantId, { reserved: 0 });
    const result = await client.guest<Gql>(mutations.placeOrder, {
      input: { cartId: token, idempotencyKey: newId('key'), payment: { provider: 'TEST', card: declinedCard } },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data.placeOrder.order).toBeNull();
    expect(result.data.placeOrder.userErrors).toEqual([
      { field: ['input', 'payment'], code: 'PAYMENT_DECLINED', message: 'Your card was declined.' },
    ]);
    expect(await stockOf(client, shirt.variantId)).toEqual(before);
    const cart = await ok(
      client.guest('query($id: ID!) { cart(id: $id) { status lines { quantity } } }', { id: token }),
    );
    expect(cart.cart).toEqual({ status: 'OPEN', lines: [{ quantity: 1 }] });
    // The same cart can then be paid with another card.
    const retried = await ok(
      client.guest(mutations.placeOrder, {
        input: { cartId: token, idempotencyKey: newId('key'), payment: { provider: 'TEST', card: visa } },
      }),
      'placeOrder',
    );
    expect(retried.placeOrder.order.status).toBe('PAID');
  });
});

describe('3-D Secure', () => {
  it('leaves the order pending until the shopper authenticates, then pays it', async () => {
    const token = await readyCart(client, shop, [{ variantId: book.variantId, quantity: 1 }]);
    const placed = await ok(
      client.guest(mutations.placeOrder, {
        input: { cartId: token, idempotencyKey: newId('key'), payment: { provider: 'TEST', card: threeDSecureCard } },
      }),
      'placeOrder',
    );
    expect(placed.placeOrder.order.status).toBe('PENDING');
    expect(placed.placeOrder.payment).toMatchObject({
      status: 'REQUIRES_ACTION',
      nextAction: { type: 'authenticate' },
    });
    const confirmed = await ok(
      client.guest(mutations.confirm, {
        input: { orderId: placed.placeOrder.order.id, cartId: token, testAuthentication: 'SUCCEED' },
      }),
      'confirmOrderPayment',
    );
    expect(confirmed.confirmOrderPayment.order.status).toBe('PAID');
  });

  it('a failed authentication cancels the pending order and releases its stock; the cart stays open', async () => {
    const before = await settledStock(client, book.variantId, { reserved: 0 });
    const token = await readyCart(client, shop, [{ variantId: book.variantId, quantity: 2 }]);
    const placed = await ok(
      client.guest(mutations.placeOrder, {
        input: { cartId: token, idempotencyKey: newId('key'), payment: { provider: 'TEST', card: threeDSecureCard } },
      }),
      'placeOrder',
    );
    expect(await stockOf(client, book.variantId)).toMatchObject({ reserved: before.reserved + 2 });
    const failed = await ok(
      client.guest(mutations.confirm, {
        input: { orderId: placed.placeOrder.order.id, cartId: token, testAuthentication: 'FAIL' },
      }),
    );
    expect(failed.confirmOrderPayment.userErrors).toEqual([
      { field: ['input', 'payment'], code: 'PAYMENT_DECLINED', message: 'The card holder did not authenticate' },
    ]);
    expect(await stockOf(client, book.variantId)).toEqual(before);
    const order = await ok(
      client.admin('query($id: ID!) { order(id: $id) { status cancelReason } }', { id: placed.placeOrder.order.id }),
    );
    expect(order.order).toEqual({ status: 'CANCELLED', cancelReason: 'payment_failed' });
    const cart = await ok(client.guest('query($id: ID!) { cart(id: $id) { status } }', { id: token }));
    expect(cart.cart.status).toBe('OPEN');
    // Someone without the cart token cannot confirm it.
    const stranger = await ok(client.guest(mutations.confirm, { input: { orderId: placed.placeOrder.order.id } }));
    expect(stranger.confirmOrderPayment.userErrors[0].code).toBe('NOT_FOUND');
  });
});

describe('a customer buys', () => {
  it('merges the guest cart on sign-in, checks out, and finds the order among their own', async () => {
    const guest = await ok(
      client.guest(mutations.createCart, {
        input: { currencyCode: 'EUR', lines: [{ variantId: book.variantId, quantity: 2 }] },
      }),
      'createCart',
    );
    const customerId = newId('usr');
    const customer = await t.tokenFor(shop.tenant.id, { permissions: [], userId: customerId });
    // The customer already had a cart with a shirt in it.
    const own = await ok(
      client.as(customer, mutations.createCart, {
        input: {
          currencyCode: 'EUR',
          lines: [
            { variantId: shirt.variantId, quantity: 1 },
            { variantId: book.variantId, quantity: 1 },
          ],
        },
      }),
      'createCart',
    );
    const merged = await ok(
      client.as(customer, mutations.mergeCarts, { input: { guestCartId: guest.createCart.cart.token } }),
      'mergeCarts',
    );
    const cart = merged.mergeCarts.cart;
    expect(cart.id).toBe(own.createCart.cart.id);
    expect(cart.lines.map((l: Gql) => [l.sku, l.quantity]).sort()).toEqual(
      [
        [book.sku, 3],
        [shirt.sku, 1],
      ].sort(),
    );
    const closed = await ok(
      client.guest('query($id: ID!) { cart(id: $id) { status } }', { id: guest.createCart.cart.token }),
    );
    expect(closed.cart.status).toBe('MERGED');

    await ok(
      client.as(customer, mutations.updateCart, {
        input: {
          cartId: cart.id,
          email: 'max@example.test',
          shippingAddress: berlin,
          shippingMethodId: shop.shippingMethodId,
        },
      }),
      'updateCart',
    );
    const mine = await ok(client.as(customer, '{ myCart { id total { amount } } }'));
    const placed = await ok(
      client.as(customer, mutations.placeOrder, {
        input: {
          cartId: cart.id,
          idempotencyKey: newId('key'),
          payment: { provider: 'TEST', card: visa },
          expectedTotal: mine.myCart.total.amount,
        },
      }),
      'placeOrder',
    );
    const order = placed.placeOrder.order;
    expect(order.status).toBe('PAID');
    const listed = await ok(client.as(customer, '{ myOrders { edges { node { id customer { id } } } } }'));
    expect(listed.myOrders.edges).toEqual([{ node: { id: order.id, customer: { id: customerId } } }]);
    await smtp.waitForMessage(
      (m) => m.to.includes('max@example.test') && m.subject === `Order #${order.number} confirmed`,
    );
  });
});

describe('events', () => {
  it('order.placed and order.paid carry lines, taxes, shipping, discounts, totals, currency and customer', async () => {
    const token = await readyCart(client, shop, [
      { variantId: shirt.variantId, quantity: 1 },
      { variantId: book.variantId, quantity: 1 },
    ]);
    const placed = await ok(
      client.guest(mutations.placeOrder, {
        input: { cartId: token, idempotencyKey: newId('key'), payment: { provider: 'TEST', card: visa } },
      }),
      'placeOrder',
    );
    const orderId = placed.placeOrder.order.id;
    await t.suite.events.drain(10_000);
    const mine = spy.received.filter((e) => e.key === orderId);
    expect(mine.map((e) => e.type).sort()).toEqual(['commerce.order.paid', 'commerce.order.placed']);
    const paid = mine.find((e) => e.type === 'commerce.order.paid')?.payload as Gql;
    expect(paid).toMatchObject({
      orderId,
      currency: 'EUR',
      pricesIncludeTax: false,
      customer: { id: null, email: 'erika@example.test' },
      shipping: { name: 'Standard', carrier: 'DHL', amount: 490 },
      totals: { subtotal: 3000, discount: 0, shipping: 490 },
      payment: { provider: 'test', amount: paid.totals.total },
    });
    expect(paid.lines).toEqual([
      expect.objectContaining({
        sku: shirt.sku,
        quantity: 1,
        unitPrice: 2000,
        netAmount: 2000,
        taxAmount: 380,
        grossAmount: 2380,
        taxes: [expect.objectContaining({ rate: '19.000', amount: 380 })],
      }),
      expect.objectContaining({
        sku: book.sku,
        quantity: 1,
        unitPrice: 1000,
        netAmount: 1000,
        taxAmount: 70,
        grossAmount: 1070,
      }),
    ]);
    const taxSum = paid.taxes.reduce((sum: number, t: Gql) => sum + t.amount, 0);
    expect(taxSum).toBe(paid.totals.tax);
    expect(paid.totals.subtotal - paid.totals.discount + paid.totals.shipping + paid.totals.tax).toBe(
      paid.totals.total,
    );
  });
});

describe('events after the sale', () => {
  it('order.fulfilled, order.refunded and order.cancelled carry the shipment, the refund and the reason', async () => {
    const place = async () => {
      const token = await readyCart(client, shop, [{ variantId: shirt.variantId, quantity: 2 }]);
      const placed = await ok(
        client.guest(mutations.placeOrder, {
          input: { cartId: token, idempotencyKey: newId('key'), payment: { provider: 'TEST', card: visa } },
        }),
        'placeOrder',
      );
      return placed.placeOrder.order as Gql;
    };
    const shipped = await place();
    await ok(
      client.admin(
        `mutation($input: FulfillOrderInput!) { fulfillOrder(input: $input) { shipment { id } userErrors { code } } }`,
        {
          input: { orderId: shipped.id, carrier: 'DHL', trackingNumber: 'EV-1' },
        },
      ),
      'fulfillOrder',
    );
    await ok(
      client.admin(
        `mutation($input: RefundOrderInput!) { refundOrder(input: $input) { refund { id } userErrors { code } } }`,
        {
          input: { orderId: shipped.id, lines: [{ lineId: shipped.lines[0].id, quantity: 1 }], reason: 'scratched' },
        },
      ),
      'refundOrder',
    );
    const cancelled = await place();
    await ok(
      client.admin(
        `mutation { cancelOrder(input: { orderId: "${cancelled.id}", reason: "fraud check" }) { order { status } userErrors { code } } }`,
      ),
      'cancelOrder',
    );
    await t.suite.events.drain(10_000);
    const of = (orderId: string, type: string) =>
      spy.received.filter((e) => e.key === orderId && e.type === type).map((e) => e.payload as Gql);
    const [fulfilled] = of(shipped.id, 'commerce.order.fulfilled');
    expect(fulfilled).toMatchObject({
      complete: true,
      shipment: { carrier: 'DHL', trackingNumber: 'EV-1', lines: [{ sku: shirt.sku, quantity: 2 }] },
    });
    const [refunded] = of(shipped.id, 'commerce.order.refunded');
    // One of two units: half its gross (23.80 of 47.60), with its tax (3.80).
    expect(refunded.refund).toMatchObject({
      amount: 2380,
      reason: 'scratched',
      lines: [{ sku: shirt.sku, quantity: 1, amount: 2380, taxAmount: 380 }],
    });
    expect(refunded.totals.refunded).toBe(2380);
    const [gone] = of(cancelled.id, 'commerce.order.cancelled');
    expect(gone).toMatchObject({
      reason: 'fraud check',
      stock: expect.stringMatching(/^(released|restocked)$/),
      lines: [{ sku: shirt.sku, quantity: 2 }],
    });
    const [giveBack] = of(cancelled.id, 'commerce.order.refunded');
    expect(giveBack.refund.amount).toBe(giveBack.totals.total);
  });
});

describe('bad input is refused with a typed error, and nothing is written', () => {
  const cartState = async (token: string) =>
    (
      await ok(
        client.guest(
          'query($id: ID!) { cart(id: $id) { lines { quantity } email shippingAddress { country } discountCode total { amount } } }',
          { id: token },
        ),
      )
    ).cart;

  it('quantities ≤ 0, fractional, or above stock', async () => {
    const token = await readyCart(client, shop, [{ variantId: shirt.variantId, quantity: 1 }]);
    const before = await cartState(token);
    for (const quantity of [0, -1]) {
      const r = await ok(
        client.guest(mutations.addLines, {
          input: { cartId: token, lines: [{ variantId: shirt.variantId, quantity }] },
        }),
      );
      expect(r.addCartLines.userErrors).toEqual([
        { field: ['input', 'lines', '0', 'quantity'], code: 'INVALID_QUANTITY', message: expect.any(String) },
      ]);
    }
    const fractional = await client.guest(mutations.addLines, {
      input: { cartId: token, lines: [{ variantId: shirt.variantId, quantity: 1.5 }] },
    });
    expect(fractional.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const tooMany = await ok(
      client.guest(mutations.addLines, {
        input: { cartId: token, lines: [{ variantId: shirt.variantId, quantity: 500 }] },
      }),
    );
    expect(tooMany.addCartLines.userErrors).toEqual([
      {
        field: ['input', 'lines', '0', 'quantity'],
        code: 'OUT_OF_STOCK',
        message: expect.stringMatching(/^Only \d+ available$/),
      },
    ]);
    const created = await ok(
      client.guest(mutations.createCart, { input: { lines: [{ variantId: shirt.variantId, quantity: 0 }] } }),
    );
    expect(created.createCart).toMatchObject({ cart: null, userErrors: [{ code: 'INVALID_QUANTITY' }] });
    expect(await cartState(token)).toEqual(before);
  });

  it('unsupported currencies and countries, malformed addresses', async () => {
    const token = await readyCart(client, shop, [{ variantId: shirt.variantId, quantity: 1 }]);
    const before = await cartState(token);
    for (const currencyCode of ['JPY', 'XXX']) {
      const r = await ok(client.guest(mutations.createCart, { input: { currencyCode } }));
      expect(r.createCart.userErrors).toEqual([
        { field: ['input', 'currencyCode'], code: 'UNSUPPORTED_CURRENCY', message: expect.any(String) },
      ]);
    }
    const cases: [Record<string, unknown>, string[], string][] = [
      [
        { ...berlin, country: 'JP', postalCode: '100-0001' },
        ['input', 'shippingAddress', 'country'],
        'UNSUPPORTED_COUNTRY',
      ],
      [{ ...berlin, country: 'ZZ' }, ['input', 'shippingAddress', 'country'], 'INVALID_COUNTRY'],
      [{ ...berlin, postalCode: '1011' }, ['input', 'shippingAddress', 'postalCode'], 'INVALID_POSTAL_CODE'],
      [{ ...berlin, line1: ' ' }, ['input', 'shippingAddress', 'line1'], 'REQUIRED'],
    ];
    for (const [address, field, code] of cases) {
      const r = await ok(client.guest(mutations.updateCart, { input: { cartId: token, shippingAddress: address } }));
      expect(r.updateCart.userErrors).toEqual([{ field, code, message: expect.any(String) }]);
    }
    const email = await ok(client.guest(mutations.updateCart, { input: { cartId: token, email: 'not-an-email' } }));
    expect(email.updateCart.userErrors[0]).toMatchObject({ field: ['input', 'email'], code: 'INVALID_EMAIL' });
    expect(await cartState(token)).toEqual(before);
  });

  it('tampered prices: the client cannot send one, and a total it claims that differs is refused', async () => {
    const token = await readyCart(client, shop, [{ variantId: shirt.variantId, quantity: 1 }]);
    const tampered = await client.guest(mutations.addLines, {
      input: { cartId: token, lines: [{ variantId: shirt.variantId, quantity: 1, unitPrice: '0.01' }] },
    });
    expect(tampered.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const before = await settledStock(client, shirt.variantId, { reserved: 0 });
    const claimed = await ok(
      client.guest(mutations.placeOrder, {
        input: {
          cartId: token,
          idempotencyKey: newId('key'),
          payment: { provider: 'TEST', card: visa },
          expectedTotal: '0.01',
        },
      }),
    );
    expect(claimed.placeOrder).toMatchObject({
      order: null,
      userErrors: [{ field: ['input', 'cartId'], code: 'PRICE_CHANGED' }],
    });
    expect(await stockOf(client, shirt.variantId)).toEqual(before);
    expect((await cartState(token)).lines).toEqual([{ quantity: 1 }]);
  });

  it('expired and unknown discount codes; a good code discounts and is counted once', async () => {
    const token = await readyCart(client, shop, [{ variantId: shirt.variantId, quantity: 2 }]);
    const before = await cartState(token);
    const soon = new Date(Date.now() + 1500).toISOString();
    const discount = `mutation($input: CreateDiscountInput!) { createDiscount(input: $input) { discount { id } userErrors { code } } }`;
    await ok(
      client.admin(discount, {
        input: { title: 'Flash', code: 'FLASH', kind: 'PERCENTAGE', percentage: '50', scope: 'ORDER', endsAt: soon },
      }),
      'createDiscount',
    );
    await ok(
      client.admin(discount, {
        input: { title: 'Ten', code: 'TEN', kind: 'PERCENTAGE', percentage: '10', scope: 'ORDER', usageLimit: 5 },
      }),
      'createDiscount',
    );
    await new Promise((resolve) => setTimeout(resolve, 1600));
    const expired = await ok(client.guest(mutations.updateCart, { input: { cartId: token, discountCode: 'FLASH' } }));
    expect(expired.updateCart.userErrors).toEqual([
      { field: ['input', 'discountCode'], code: 'DISCOUNT_NOT_ACTIVE', message: expect.any(String) },
    ]);
    const unknown = await ok(client.guest(mutations.updateCart, { input: { cartId: token, discountCode: 'NOPE' } }));
    expect(unknown.updateCart.userErrors[0]).toMatchObject({ field: ['input', 'discountCode'], code: 'NOT_FOUND' });
    expect(await cartState(token)).toEqual(before);

    const good = await ok(
      client.guest(mutations.updateCart, { input: { cartId: token, discountCode: 'ten' } }),
      'updateCart',
    );
    expect(good.updateCart.cart.discountTotal.amount).toBe('4.00');
    const placed = await ok(
      client.guest(mutations.placeOrder, {
        input: { cartId: token, idempotencyKey: newId('key'), payment: { provider: 'TEST', card: visa } },
      }),
      'placeOrder',
    );
    expect(placed.placeOrder.order.discountTotal.amount).toBe('4.00');
    // The code is counted just after the checkout answers.
    let usage = 0;
    for (let tries = 0; tries < 100 && usage !== 1; tries++) {
      const counted = await ok(client.admin('{ discounts { edges { node { code usageCount } } } }'));
      usage = counted.discounts.edges.find((e: Gql) => e.node.code === 'TEN').node.usageCount;
      if (usage !== 1) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(usage).toBe(1);
  });

  it('a webhook with a bad signature', async () => {
    const r = await ok(
      client.guest(
        'mutation($input: ProcessPaymentWebhookInput!) { processPaymentWebhook(input: $input) { received userErrors { field code } } }',
        {
          input: { provider: 'STRIPE', payload: '{}', signature: 't=1,v1=abc' },
        },
      ),
    );
    // This suite has no Stripe configured: refused before anything is read.
    expect(r.processPaymentWebhook).toEqual({
      received: false,
      userErrors: [{ field: ['input', 'provider'], code: 'PAYMENT_PROVIDER_UNAVAILABLE' }],
    });
  });
});
