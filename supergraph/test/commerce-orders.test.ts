import { newId } from '@meridian/kit';
import { startTestSmtpServer, type TestSmtpServer } from '@meridian/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestSuite } from '../src/testing/test-suite.ts';
import {
  berlin,
  clientFor,
  createShop,
  createStockedVariant,
  type Gql,
  mutations,
  ok,
  orderFields,
  readyCart,
  type Shop,
  type ShopClient,
  settledStock,
  startCommerceSuite,
  userErrors,
  visa,
} from './commerce-fixtures.ts';

let t: TestSuite;
let smtp: TestSmtpServer;
let shop: Shop;
let client: ShopClient;
let item: Awaited<ReturnType<typeof createStockedVariant>>;

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  t = await startCommerceSuite({ smtp });
  shop = await createShop(t, 'orders-shop');
  client = clientFor(t, shop);
  item = await createStockedVariant(t, shop, { price: '25.00', stock: 100, title: 'Mug' });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

async function paidOrder(quantity = 3) {
  const cart = await readyCart(client, shop, [{ variantId: item.variantId, quantity }]);
  const placed = await ok(
    client.guest(mutations.placeOrder, {
      input: { cartId: cart, idempotencyKey: newId('key'), payment: { provider: 'TEST', card: visa } },
    }),
    'placeOrder',
  );
  return placed.placeOrder.order as Gql;
}

const fulfil = `mutation($input: FulfillOrderInput!) { fulfillOrder(input: $input) { order { status fulfillmentStatus } shipment { id status lines { quantity line { id } } } ${userErrors} } }`;
const shipped = `mutation($input: MarkShipmentShippedInput!) { markShipmentShipped(input: $input) { shipment { status trackingNumber } order { status } ${userErrors} } }`;
const delivered = `mutation($input: MarkShipmentDeliveredInput!) { markShipmentDelivered(input: $input) { shipment { status } order { status fulfillmentStatus } ${userErrors} } }`;
const cancel = `mutation($input: CancelOrderInput!) { cancelOrder(input: $input) { order { status cancelReason refundedTotal { amount } } ${userErrors} } }`;
const refund = `mutation($input: RefundOrderInput!) { refundOrder(input: $input) { refund { id status amount { amount } } order { status refundedTotal { amount } } ${userErrors} } }`;

describe('fulfilment', () => {
  it('fulfils in two shipments, ships with tracking (mailing the shopper), delivers, and keeps a timeline', async () => {
    const order = await paidOrder(3);
    const line = order.lines[0].id;
    const first = await ok(
      client.admin(fulfil, { input: { orderId: order.id, lines: [{ lineId: line, quantity: 1 }] } }),
      'fulfillOrder',
    );
    expect(first.fulfillOrder.order).toEqual({
      status: 'PARTIALLY_FULFILLED',
      fulfillmentStatus: 'PARTIALLY_FULFILLED',
    });
    const rest = await ok(
      client.admin(fulfil, { input: { orderId: order.id, carrier: 'DHL', trackingNumber: 'JJD0001' } }),
      'fulfillOrder',
    );
    expect(rest.fulfillOrder.order.status).toBe('FULFILLED');
    expect(rest.fulfillOrder.shipment).toMatchObject({
      status: 'SHIPPED',
      lines: [{ quantity: 2, line: { id: line } }],
    });
    const mail = await smtp.waitForMessage((m) => m.subject === `Order #${order.number} has shipped`);
    expect(mail.text).toContain('Tracking number: JJD0001');

    const nothingLeft = await ok(client.admin(fulfil, { input: { orderId: order.id } }));
    expect(nothingLeft.fulfillOrder.userErrors[0].code).toBe('NOTHING_TO_FULFIL');

    const out = await ok(
      client.admin(shipped, {
        input: { shipmentId: first.fulfillOrder.shipment.id, carrier: 'DHL', trackingNumber: 'JJD0002' },
      }),
      'markShipmentShipped',
    );
    expect(out.markShipmentShipped.order.status).toBe('SHIPPED');
    await ok(
      client.admin(delivered, { input: { shipmentId: first.fulfillOrder.shipment.id } }),
      'markShipmentDelivered',
    );
    const done = await ok(
      client.admin(delivered, { input: { shipmentId: rest.fulfillOrder.shipment.id } }),
      'markShipmentDelivered',
    );
    expect(done.markShipmentDelivered.order).toEqual({ status: 'DELIVERED', fulfillmentStatus: 'DELIVERED' });

    const timeline = await ok(
      client.admin('query($id: ID!) { order(id: $id) { timeline(first: 20) { edges { node { kind actorKind } } } } }', {
        id: order.id,
      }),
    );
    expect(timeline.order.timeline.edges.map((e: Gql) => e.node.kind)).toEqual([
      'placed',
      'paid',
      'fulfilled',
      'fulfilled',
      'shipped',
      'shipped',
      'delivered',
      'delivered',
    ]);
  });

  it('refuses invalid transitions and writes nothing', async () => {
    const order = await paidOrder(1);
    await ok(client.admin(fulfil, { input: { orderId: order.id, trackingNumber: 'T1' } }), 'fulfillOrder');
    const cancelled = await ok(client.admin(cancel, { input: { orderId: order.id } }));
    expect(cancelled.cancelOrder.userErrors).toEqual([
      { field: ['input', 'orderId'], code: 'INVALID_TRANSITION', message: 'A shipped order cannot be cancelled' },
    ]);
    const detail = await ok(
      client.admin(`query($id: ID!) { order(id: $id) { status shipments { id status } } }`, { id: order.id }),
    );
    expect(detail.order.status).toBe('SHIPPED');
    const again = await ok(client.admin(shipped, { input: { shipmentId: detail.order.shipments[0].id } }));
    expect(again.markShipmentShipped.userErrors[0].code).toBe('INVALID_TRANSITION');
  });
});

describe('cancellation and refunds', () => {
  it('cancels a paid order: refunds it in full and puts the stock back on hand', async () => {
    const before = await settledStock(client, item.variantId, { reserved: 0 });
    const order = await paidOrder(2);
    expect(await settledStock(client, item.variantId, { onHand: before.onHand - 2 })).toMatchObject({
      onHand: before.onHand - 2,
    });
    const result = await ok(
      client.admin(cancel, { input: { orderId: order.id, reason: 'customer asked' } }),
      'cancelOrder',
    );
    expect(result.cancelOrder.order).toEqual({
      status: 'CANCELLED',
      cancelReason: 'customer asked',
      refundedTotal: order.total,
    });
    expect(await settledStock(client, item.variantId, before)).toEqual(before);
  });

  it('refunds part, then the rest; never more than was paid, and once per key', async () => {
    const order = await paidOrder(2);
    const key = newId('refund');
    const part = await ok(
      client.admin(refund, {
        input: { orderId: order.id, lines: [{ lineId: order.lines[0].id, quantity: 1 }], idempotencyKey: key },
      }),
      'refundOrder',
    );
    expect(part.refundOrder.order.status).toBe('PARTIALLY_REFUNDED');
    const unitGross = order.lines[0].grossAmount.amount;
    expect(part.refundOrder.refund.amount.amount).toBe((Number(unitGross) / 2).toFixed(2));
    const replay = await ok(
      client.admin(refund, {
        input: { orderId: order.id, lines: [{ lineId: order.lines[0].id, quantity: 1 }], idempotencyKey: key },
      }),
      'refundOrder',
    );
    expect(replay.refundOrder.refund.id).toBe(part.refundOrder.refund.id);
    const tooMuch = await ok(client.admin(refund, { input: { orderId: order.id, amount: '1000.00' } }));
    expect(tooMuch.refundOrder.userErrors[0].code).toBe('REFUND_EXCEEDS_PAYMENT');
    const rest = await ok(
      client.admin(refund, {
        input: { orderId: order.id, lines: [{ lineId: order.lines[0].id, quantity: 1 }], includeShipping: true },
      }),
      'refundOrder',
    );
    expect(rest.refundOrder.order).toEqual({ status: 'REFUNDED', refundedTotal: order.total });
    const more = await ok(client.admin(refund, { input: { orderId: order.id, amount: '0.01' } }));
    expect(more.refundOrder.userErrors[0].code).toBe('REFUND_EXCEEDS_PAYMENT');
  });

  it('needs orders:refund to refund', async () => {
    const order = await paidOrder(1);
    const sales = await t.tokenFor(shop.tenant.id, {
      permissions: ['orders:read', 'orders:write'],
      userId: newId('usr'),
    });
    const result = await client.as(sales, refund, { input: { orderId: order.id, amount: '1.00' } });
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('returns', () => {
  it('a customer asks to return a delivered unit; staff approve, receive, restock and refund it', async () => {
    const customerId = newId('usr');
    const customer = await t.tokenFor(shop.tenant.id, { permissions: [], userId: customerId });
    const cart = await ok(
      client.as(customer, mutations.createCart, {
        input: { currencyCode: 'EUR', lines: [{ variantId: item.variantId, quantity: 2 }] },
      }),
      'createCart',
    );
    const id = cart.createCart.cart.id;
    await ok(
      client.as(customer, mutations.updateCart, {
        input: {
          cartId: id,
          email: 'max@example.test',
          shippingAddress: berlin,
          shippingMethodId: shop.shippingMethodId,
        },
      }),
      'updateCart',
    );
    const placed = await ok(
      client.as(customer, mutations.placeOrder, {
        input: { cartId: id, idempotencyKey: newId('key'), payment: { provider: 'TEST', card: visa } },
      }),
      'placeOrder',
    );
    const order = placed.placeOrder.order;
    const line = order.lines[0].id;
    const early = await ok(
      client.as(
        customer,
        `mutation($input: CreateReturnInput!) { createReturn(input: $input) { return { id } ${userErrors} } }`,
        { input: { orderId: order.id, lines: [{ lineId: line, quantity: 1 }] } },
      ),
    );
    expect(early.createReturn.userErrors[0].code).toBe('INVALID_TRANSITION');
    await ok(client.admin(fulfil, { input: { orderId: order.id, trackingNumber: 'T-RMA' } }), 'fulfillOrder');
    const before = await settledStock(client, item.variantId, { reserved: 0 });
    const requested = await ok(
      client.as(
        customer,
        `mutation($input: CreateReturnInput!) { createReturn(input: $input) { return { id status } ${userErrors} } }`,
        {
          input: { orderId: order.id, lines: [{ lineId: line, quantity: 1, reason: 'too small' }] },
        },
      ),
      'createReturn',
    );
    const rma = requested.createReturn.return.id;
    expect(rma).toMatch(/^rma_/);
    const tooMany = await ok(
      client.as(
        customer,
        `mutation($input: CreateReturnInput!) { createReturn(input: $input) { return { id } ${userErrors} } }`,
        { input: { orderId: order.id, lines: [{ lineId: line, quantity: 2 }] } },
      ),
    );
    expect(tooMany.createReturn.userErrors[0].code).toBe('EXCEEDS_QUANTITY');
    await ok(
      client.admin(`mutation { approveReturn(input: { returnId: "${rma}" }) { return { status } ${userErrors} } }`),
      'approveReturn',
    );
    const received = await ok(
      client.admin(
        `mutation { receiveReturn(input: { returnId: "${rma}" }) { return { status restocked refund { amount { amount } } } refund { status } ${userErrors} } }`,
      ),
      'receiveReturn',
    );
    expect(received.receiveReturn.return).toMatchObject({ status: 'RECEIVED', restocked: true });
    expect(received.receiveReturn.refund.status).toBe('SUCCEEDED');
    expect(await settledStock(client, item.variantId, { onHand: before.onHand + 1 })).toMatchObject({
      onHand: before.onHand + 1,
    });
    const after = await ok(
      client.as(
        customer,
        'query($id: ID!) { order(id: $id) { status refundedTotal { amount } lines { returnedQuantity refundedQuantity } } }',
        { id: order.id },
      ),
    );
    expect(after.order).toMatchObject({
      status: 'PARTIALLY_REFUNDED',
      lines: [{ returnedQuantity: 1, refundedQuantity: 1 }],
    });
  });
});

describe('staff search', () => {
  it('finds orders by number, email and status', async () => {
    const order = await paidOrder(1);
    const byNumber = await ok(
      client.admin('query($f: OrderFilter) { orders(first: 5, filter: $f) { edges { node { id } } } }', {
        f: { query: `#${order.number}` },
      }),
    );
    expect(byNumber.orders.edges.map((e: Gql) => e.node.id)).toEqual([order.id]);
    const byEmail = await ok(
      client.admin('query($f: OrderFilter) { orders(first: 100, filter: $f) { edges { node { email } } } }', {
        f: { query: 'erika@' },
      }),
    );
    expect(byEmail.orders.edges.length).toBeGreaterThan(0);
    const cancelled = await ok(
      client.admin('query($f: OrderFilter) { orders(first: 100, filter: $f) { edges { node { status } } } }', {
        f: { status: ['CANCELLED'] },
      }),
    );
    expect(cancelled.orders.edges.every((e: Gql) => e.node.status === 'CANCELLED')).toBe(true);
    const page = await ok(
      client.admin(
        `{ orders(first: 2) { edges { cursor node { ${orderFields} } } pageInfo { hasNextPage endCursor } } }`,
      ),
    );
    expect(page.orders.pageInfo.hasNextPage).toBe(true);
    const next = await ok(
      client.admin('query($after: String) { orders(first: 2, after: $after) { edges { node { id } } } }', {
        after: page.orders.pageInfo.endCursor,
      }),
    );
    expect(next.orders.edges[0].node.id < page.orders.edges[1].node.id).toBe(true);
  });
});
