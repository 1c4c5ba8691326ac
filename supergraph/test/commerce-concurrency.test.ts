import { newId } from '@meridian/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  visa,
} from './commerce-fixtures.ts';

let t: TestSuite;
let shop: Shop;
let client: ShopClient;

beforeAll(async () => {
  t = await startCommerceSuite();
  shop = await createShop(t, 'storm-shop');
  client = clientFor(t, shop);
});
afterAll(async () => {
  await t?.close();
});

const place = (cartId: string, idempotencyKey: string) =>
  client.guest<Gql>(mutations.placeOrder, {
    input: { cartId, idempotencyKey, payment: { provider: 'TEST', card: visa } },
  });

describe('checkout under load', () => {
  it('200 concurrent checkouts for 10 units: exactly 10 orders, 190 clean refusals, stock 0 and never negative', async () => {
    const item = await createStockedVariant(t, shop, { price: '15.00', stock: 10 });
    const carts: string[] = [];
    for (let i = 0; i < 200; i += 25) {
      carts.push(
        ...(await Promise.all(
          Array.from({ length: 25 }, () => readyCart(client, shop, [{ variantId: item.variantId, quantity: 1 }])),
        )),
      );
    }
    // A watcher samples the level while the storm runs: availability must never go below zero.
    let sampling = true;
    const samples: number[] = [];
    const watcher = (async () => {
      while (sampling) {
        // A sample the loaded suite could not answer in time is skipped, not a failure of the storm.
        const level = await client.admin<Gql>('query($id: ID!) { inventoryItem(variantId: $id) { available } }', {
          id: item.variantId,
        });
        if (!level.errors) samples.push(level.data.inventoryItem.available);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const results = await Promise.all(carts.map((cart) => place(cart, newId('key'))));
    sampling = false;
    await watcher;

    expect(results.every((r) => r.errors === undefined)).toBe(true);
    const placed = results.filter((r) => r.data.placeOrder.order);
    const refused = results.filter((r) => !r.data.placeOrder.order);
    expect(placed).toHaveLength(10);
    expect(placed.every((r) => r.data.placeOrder.order.status === 'PAID')).toBe(true);
    expect(refused).toHaveLength(190);
    for (const r of refused) {
      expect(r.data.placeOrder.userErrors).toEqual([
        expect.objectContaining({ field: ['input', 'cartId'], code: 'OUT_OF_STOCK' }),
      ]);
    }
    expect(new Set(placed.map((r) => r.data.placeOrder.order.number)).size).toBe(10);
    expect(await settledStock(client, item.variantId, { onHand: 0, reserved: 0 })).toEqual({
      onHand: 0,
      reserved: 0,
      available: 0,
    });
    expect(samples.length).toBeGreaterThan(0);
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(0);
    const listed = await ok(client.admin('{ orders(first: 50) { edges { node { id } } } }'));
    expect(listed.orders.edges.length).toBeGreaterThanOrEqual(10);
    // The storm's audited writes (reservations, payments, stock commits) were chained at commit, one at a
    // time: one record each, and the tenant's chain still verifies.
    const audit = await ok(
      client.admin(`{ verifyAuditChain { ok firstBrokenId }
        reserved: auditLog(action: "reservation.create", first: 100) { edges { node { id } } }
        paid: auditLog(action: "order.pay", first: 100) { edges { node { id } } }
        committed: auditLog(action: "reservation.commit", first: 100) { edges { node { id } } } }`),
    );
    expect(audit.verifyAuditChain).toEqual({ ok: true, firstBrokenId: null });
    expect([audit.reserved, audit.paid, audit.committed].map((c: Gql) => c.edges.length)).toEqual([10, 10, 10]);
  });

  it('a double click (the same key twice at once) and a later retry give one order and one charge', async () => {
    const item = await createStockedVariant(t, shop, { price: '9.99', stock: 5 });
    const cart = await readyCart(client, shop, [{ variantId: item.variantId, quantity: 2 }]);
    const key = newId('key');
    const [first, second] = await Promise.all([place(cart, key), place(cart, key)]);
    const retry = await place(cart, key);
    const ids = [first, second, retry].map((r) => r.data.placeOrder.order?.id);
    expect(ids[0]).toMatch(/^ord_/);
    expect(new Set(ids).size).toBe(1);
    expect([first, second, retry].map((r) => r.data.placeOrder.payment.id)).toEqual(
      Array(3).fill(first.data.placeOrder.payment.id),
    );
    expect(await settledStock(client, item.variantId, { onHand: 3, reserved: 0 })).toEqual({
      onHand: 3,
      reserved: 0,
      available: 3,
    });
  });

  it('two tabs paying the same cart with different keys: one order, the other refused', async () => {
    const item = await createStockedVariant(t, shop, { price: '9.99', stock: 5 });
    const cart = await readyCart(client, shop, [{ variantId: item.variantId, quantity: 1 }]);
    const results = await Promise.all([place(cart, newId('key')), place(cart, newId('key'))]);
    const orders = results.filter((r) => r.data.placeOrder.order);
    expect(orders).toHaveLength(1);
    const refusal = results.find((r) => !r.data.placeOrder.order)?.data.placeOrder.userErrors[0].code;
    expect(['CHECKOUT_IN_PROGRESS', 'CART_CLOSED']).toContain(refusal);
    expect(await settledStock(client, item.variantId, { onHand: 4, reserved: 0 })).toEqual({
      onHand: 4,
      reserved: 0,
      available: 4,
    });
  });
  it('add-to-cart with an idempotency key: a retry, even a concurrent one, adds once', async () => {
    const item = await createStockedVariant(t, shop, { price: '2.50', stock: 50 });
    const created = await ok(client.guest(mutations.createCart, { input: { currencyCode: 'EUR' } }), 'createCart');
    const cartId = created.createCart.cart.token;
    const input = { cartId, idempotencyKey: newId('add'), lines: [{ variantId: item.variantId, quantity: 3 }] };
    const results = await Promise.all([
      client.guest(mutations.addLines, { input }),
      client.guest(mutations.addLines, { input }),
    ]);
    const retry = await ok(client.guest(mutations.addLines, { input }), 'addCartLines');
    expect(results.map((r) => r.data.addCartLines.userErrors)).toEqual([[], []]);
    expect(retry.addCartLines.cart.lines.map((l: Gql) => l.quantity)).toEqual([3]);
    const again = await ok(
      client.guest(mutations.addLines, { input: { ...input, idempotencyKey: newId('add') } }),
      'addCartLines',
    );
    expect(again.addCartLines.cart.lines.map((l: Gql) => l.quantity)).toEqual([6]);
  });
});
