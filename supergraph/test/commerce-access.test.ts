import { CONTEXT_HEADER, newId, signContextToken } from '@meridian/kit';
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
  readyCart,
  type Shop,
  type ShopClient,
  startCommerceSuite,
  userErrors,
  visa,
} from './commerce-fixtures.ts';

let t: TestSuite;
let shop: Shop;
let other: Shop;
let client: ShopClient;
const ids: Record<string, string> = {};
const tokens: Record<string, string> = {};

/** Who asks: a token (or none: the storefront host), and on which host when anonymous. */
type Caller = { token?: string; host?: string };

beforeAll(async () => {
  t = await startCommerceSuite();
  shop = await createShop(t, 'access-shop');
  other = await createShop(t, 'other-shop');
  client = clientFor(t, shop);
  const item = await createStockedVariant(t, shop, { price: '12.00', stock: 50 });
  const owner = newId('usr');
  tokens.owner = await t.tokenFor(shop.tenant.id, { permissions: [], userId: owner });
  tokens.stranger = await t.tokenFor(shop.tenant.id, { permissions: [], userId: newId('usr') });
  tokens.warehouse = await t.tokenFor(shop.tenant.id, {
    permissions: ['catalog:read', 'inventory:*', 'orders:read'],
    userId: newId('usr'),
  });
  tokens.sales = await t.tokenFor(shop.tenant.id, {
    permissions: ['orders:read', 'orders:write'],
    userId: newId('usr'),
  });
  tokens.support = await t.tokenFor(shop.tenant.id, {
    permissions: ['orders:read', 'orders:refund'],
    userId: newId('usr'),
  });
  tokens.settings = await t.tokenFor(shop.tenant.id, {
    permissions: ['settings:read', 'settings:write'],
    userId: newId('usr'),
  });
  tokens.otherAdmin = other.admin;

  // The owner's order, shipped so it can be returned.
  const cart = await ok(
    client.as(tokens.owner, mutations.createCart, {
      input: { lines: [{ variantId: item.variantId, quantity: 2 }], currencyCode: 'EUR' },
    }),
    'createCart',
  );
  ids.ownerCart = cart.createCart.cart.id;
  ids.ownerCartLine = cart.createCart.cart.lines[0].id;
  await ok(
    client.as(tokens.owner, mutations.updateCart, {
      input: {
        cartId: ids.ownerCart,
        email: 'owner@example.test',
        shippingAddress: berlin,
        shippingMethodId: shop.shippingMethodId,
      },
    }),
    'updateCart',
  );
  const placed = await ok(
    client.as(tokens.owner, mutations.placeOrder, {
      input: { cartId: ids.ownerCart, idempotencyKey: newId('key'), payment: { provider: 'TEST', card: visa } },
    }),
    'placeOrder',
  );
  ids.order = placed.placeOrder.order.id;
  ids.line = placed.placeOrder.order.lines[0].id;
  const shipped = await ok(
    client.admin(
      `mutation { fulfillOrder(input: { orderId: "${ids.order}", lines: [{ lineId: "${ids.line}", quantity: 1 }], trackingNumber: "T" }) { shipment { id } ${userErrors} } }`,
    ),
    'fulfillOrder',
  );
  ids.shipment = shipped.fulfillOrder.shipment.id;
  const rma = await ok(
    client.as(
      tokens.owner,
      `mutation { createReturn(input: { orderId: "${ids.order}", lines: [{ lineId: "${ids.line}", quantity: 1 }] }) { return { id } ${userErrors} } }`,
    ),
    'createReturn',
  );
  ids.return = rma.createReturn.return.id;
  tokens.guestCart = await readyCart(client, shop, [{ variantId: item.variantId, quantity: 1 }]);
  ids.guestCart = tokens.guestCart.split('.')[0] as string;
  const zones = await ok(client.admin('{ shippingZones { edges { node { id methods { id } } } } }'));
  ids.zone = zones.shippingZones.edges[0].node.id;
  ids.method = zones.shippingZones.edges[0].node.methods[0].id;
});
afterAll(async () => {
  await t?.close();
});

const callAs = (who: string, query: string, variables?: Record<string, unknown>) => {
  const caller: Caller =
    who === 'anonymous'
      ? { host: shop.host }
      : who === 'otherAnonymous'
        ? { host: other.host }
        : { token: who === 'admin' ? shop.admin : tokens[who] };
  return t.call<Gql>(query, { ...caller, ...(variables ? { variables } : {}) });
};

/** 'ok', 'NOT_FOUND' / 'FORBIDDEN' (GraphQL error), or 'user:<CODE>' (the payload's first userError). */
async function outcome(
  who: string,
  query: string,
  field: string,
  variables?: Record<string, unknown>,
): Promise<string> {
  const result = await callAs(who, query, variables);
  const code = result.errors?.[0]?.extensions?.code;
  if (code) return String(code);
  const value = result.data?.[field];
  if (value && typeof value === 'object' && Array.isArray(value.userErrors)) {
    return value.userErrors.length > 0 ? `user:${value.userErrors[0].code}` : 'ok';
  }
  return value === null ? 'null' : 'ok';
}

describe('who may read what', () => {
  const cases: [string, string, Record<string, string>][] = [
    [
      'order',
      'query($id: ID!) { order(id: $id) { id } }',
      { anonymous: 'NOT_FOUND', stranger: 'NOT_FOUND', owner: 'ok', warehouse: 'ok', otherAdmin: 'NOT_FOUND' },
    ],
    [
      'cart',
      'query($id: ID!) { cart(id: $id) { id } }',
      { anonymous: 'NOT_FOUND', stranger: 'NOT_FOUND', owner: 'ok', warehouse: 'ok', otherAdmin: 'NOT_FOUND' },
    ],
    [
      'orders',
      '{ orders { edges { node { id } } } }',
      { anonymous: 'FORBIDDEN', owner: 'FORBIDDEN', warehouse: 'ok', support: 'ok', otherAdmin: 'ok' },
    ],
    [
      'returns',
      '{ returns { edges { node { id } } } }',
      { anonymous: 'FORBIDDEN', owner: 'FORBIDDEN', warehouse: 'ok' },
    ],
    [
      'shippingZone',
      'query($id: ID!) { shippingZone(id: $id) { id } }',
      { anonymous: 'FORBIDDEN', owner: 'FORBIDDEN', settings: 'ok', warehouse: 'ok', otherAdmin: 'NOT_FOUND' },
    ],
  ];
  for (const [field, query, expected] of cases) {
    it(`${field}: ${JSON.stringify(expected)}`, async () => {
      const variables =
        field === 'order'
          ? { id: ids.order }
          : field === 'cart'
            ? { id: ids.ownerCart }
            : field === 'shippingZone'
              ? { id: ids.zone }
              : undefined;
      for (const [who, want] of Object.entries(expected))
        expect(`${who}: ${await outcome(who, query, field, variables)}`).toBe(`${who}: ${want}`);
    });
  }

  it('a guest cart is reached with its token only, and never across tenants', async () => {
    expect(
      await outcome('anonymous', 'query($id: ID!) { cart(id: $id) { id } }', 'cart', { id: tokens.guestCart }),
    ).toBe('ok');
    expect(await outcome('anonymous', 'query($id: ID!) { cart(id: $id) { id } }', 'cart', { id: ids.guestCart })).toBe(
      'NOT_FOUND',
    );
    expect(
      await outcome('anonymous', 'query($id: ID!) { cart(id: $id) { id } }', 'cart', {
        id: `${ids.guestCart}.${'A'.repeat(32)}`,
      }),
    ).toBe('NOT_FOUND');
    expect(
      await outcome('otherAnonymous', 'query($id: ID!) { cart(id: $id) { id } }', 'cart', { id: tokens.guestCart }),
    ).toBe('NOT_FOUND');
  });

  it('a customer lists only their own orders', async () => {
    const mine = await ok(callAs('owner', '{ myOrders { edges { node { id } } } }'));
    expect(mine.myOrders.edges.map((e: Gql) => e.node.id)).toEqual([ids.order]);
    const theirs = await ok(callAs('stranger', '{ myOrders { edges { node { id } } } }'));
    expect(theirs.myOrders.edges).toEqual([]);
  });

  it("entity references (the gateway's _entities calls) obey the same rules", async () => {
    const service = t.suite.subgraphs.find((s) => s.name === 'commerce');
    const asUser = async (userId: string | undefined, permissions: string[]) => {
      const token = await signContextToken(t.suite.platform.keys, {
        tenantId: shop.tenant.id,
        actor: userId ? { kind: 'user', userId, permissions } : { kind: 'anonymous', permissions },
      });
      const response = await fetch(service?.url as string, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [CONTEXT_HEADER]: token },
        body: JSON.stringify({
          query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { id email } } }',
          variables: { r: [{ __typename: 'Order', id: ids.order }] },
        }),
      });
      return (await response.json()) as Gql;
    };
    const stranger = await asUser(newId('usr'), []);
    expect(stranger.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(stranger.data?._entities?.[0]?.email ?? null).toBeNull();
    const anonymous = await asUser(undefined, []);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const staff = await asUser(newId('usr'), ['orders:read']);
    expect(staff.data._entities[0]).toEqual({ id: ids.order, email: 'owner@example.test' });
  });

  it('an id of the wrong kind is NOT_FOUND, never a lookup', async () => {
    expect(await outcome('admin', 'query($id: ID!) { order(id: $id) { id } }', 'order', { id: ids.shipment })).toBe(
      'NOT_FOUND',
    );
    expect(await outcome('admin', 'query($id: ID!) { cart(id: $id) { id } }', 'cart', { id: ids.order })).toBe(
      'NOT_FOUND',
    );
  });
});

describe('who may change what', () => {
  const line = () => ({ lineId: ids.line, quantity: 1 });
  const cases: [string, () => string, Record<string, string>][] = [
    [
      'addCartLines',
      () =>
        `mutation { addCartLines(input: { cartId: "${ids.ownerCart}", lines: [{ variantId: "var_01M8EZ1ADP0E6NPFBR7ZS43PDK", quantity: 1 }] }) { ${userErrors} } }`,
      {
        anonymous: 'user:NOT_FOUND',
        stranger: 'user:NOT_FOUND',
        sales: 'user:NOT_FOUND',
        otherAdmin: 'user:NOT_FOUND',
        owner: 'user:CART_CLOSED',
      },
    ],
    [
      'updateCartLines',
      () =>
        `mutation { updateCartLines(input: { cartId: "${ids.ownerCart}", lines: [{ id: "${ids.ownerCartLine}", quantity: 1 }] }) { ${userErrors} } }`,
      {
        anonymous: 'user:NOT_FOUND',
        stranger: 'user:NOT_FOUND',
        sales: 'user:NOT_FOUND',
        otherAdmin: 'user:NOT_FOUND',
        owner: 'user:CART_CLOSED',
      },
    ],
    [
      'removeCartLines',
      () =>
        `mutation { removeCartLines(input: { cartId: "${ids.ownerCart}", lineIds: ["${ids.ownerCartLine}"] }) { ${userErrors} } }`,
      {
        anonymous: 'user:NOT_FOUND',
        stranger: 'user:NOT_FOUND',
        otherAdmin: 'user:NOT_FOUND',
        owner: 'user:CART_CLOSED',
      },
    ],
    [
      'updateCart',
      () => `mutation { updateCart(input: { cartId: "${ids.ownerCart}", email: "x@example.test" }) { ${userErrors} } }`,
      {
        anonymous: 'user:NOT_FOUND',
        stranger: 'user:NOT_FOUND',
        warehouse: 'user:NOT_FOUND',
        otherAdmin: 'user:NOT_FOUND',
        owner: 'user:CART_CLOSED',
      },
    ],
    [
      'placeOrder',
      () =>
        `mutation { placeOrder(input: { cartId: "${ids.ownerCart}", idempotencyKey: "${newId('key')}", payment: { provider: TEST, card: { number: "4242424242424242", expMonth: 12, expYear: 2040, cvc: "123" } } }) { ${userErrors} } }`,
      {
        anonymous: 'user:NOT_FOUND',
        stranger: 'user:NOT_FOUND',
        otherAdmin: 'user:NOT_FOUND',
        owner: 'user:CART_CLOSED',
      },
    ],
    [
      'fulfillOrder',
      () =>
        `mutation { fulfillOrder(input: { orderId: "${ids.order}", lines: [{ lineId: "${ids.line}", quantity: 1 }] }) { ${userErrors} } }`,
      {
        anonymous: 'FORBIDDEN',
        owner: 'FORBIDDEN',
        warehouse: 'FORBIDDEN',
        support: 'FORBIDDEN',
        otherAdmin: 'user:NOT_FOUND',
      },
    ],
    [
      'cancelOrder',
      () => `mutation { cancelOrder(input: { orderId: "${ids.order}" }) { ${userErrors} } }`,
      {
        anonymous: 'FORBIDDEN',
        owner: 'FORBIDDEN',
        support: 'FORBIDDEN',
        otherAdmin: 'user:NOT_FOUND',
        sales: 'user:INVALID_TRANSITION',
      },
    ],
    [
      'refundOrder',
      () => `mutation { refundOrder(input: { orderId: "${ids.order}", amount: "0.01" }) { ${userErrors} } }`,
      { anonymous: 'FORBIDDEN', owner: 'FORBIDDEN', sales: 'FORBIDDEN', otherAdmin: 'user:NOT_FOUND' },
    ],
    [
      'addOrderNote',
      () => `mutation { addOrderNote(input: { orderId: "${ids.order}", note: "hi" }) { ${userErrors} } }`,
      { anonymous: 'FORBIDDEN', owner: 'FORBIDDEN', warehouse: 'FORBIDDEN', otherAdmin: 'user:NOT_FOUND', sales: 'ok' },
    ],
    [
      'markShipmentShipped',
      () => `mutation { markShipmentShipped(input: { shipmentId: "${ids.shipment}" }) { ${userErrors} } }`,
      { anonymous: 'FORBIDDEN', owner: 'FORBIDDEN', otherAdmin: 'user:NOT_FOUND', sales: 'user:INVALID_TRANSITION' },
    ],
    [
      'markShipmentDelivered',
      () => `mutation { markShipmentDelivered(input: { shipmentId: "${ids.shipment}" }) { ${userErrors} } }`,
      { anonymous: 'FORBIDDEN', owner: 'FORBIDDEN', otherAdmin: 'user:NOT_FOUND' },
    ],
    [
      'createReturn',
      () =>
        `mutation($l: [ReturnLineInput!]!) { createReturn(input: { orderId: "${ids.order}", lines: $l }) { ${userErrors} } }`,
      {
        anonymous: 'user:NOT_FOUND',
        stranger: 'user:NOT_FOUND',
        otherAdmin: 'user:NOT_FOUND',
        owner: 'user:EXCEEDS_QUANTITY',
      },
    ],
    [
      'approveReturn',
      () => `mutation { approveReturn(input: { returnId: "${ids.return}" }) { ${userErrors} } }`,
      { anonymous: 'FORBIDDEN', owner: 'FORBIDDEN', warehouse: 'FORBIDDEN', otherAdmin: 'user:NOT_FOUND' },
    ],
    [
      'rejectReturn',
      () => `mutation { rejectReturn(input: { returnId: "${ids.return}" }) { ${userErrors} } }`,
      { anonymous: 'FORBIDDEN', owner: 'FORBIDDEN', otherAdmin: 'user:NOT_FOUND' },
    ],
    [
      'receiveReturn',
      () => `mutation { receiveReturn(input: { returnId: "${ids.return}" }) { ${userErrors} } }`,
      { anonymous: 'FORBIDDEN', owner: 'FORBIDDEN', otherAdmin: 'user:NOT_FOUND', sales: 'user:INVALID_TRANSITION' },
    ],
    [
      'confirmOrderPayment',
      () => `mutation { confirmOrderPayment(input: { orderId: "${ids.order}" }) { ${userErrors} } }`,
      { anonymous: 'user:NOT_FOUND', stranger: 'user:NOT_FOUND', otherAdmin: 'user:NOT_FOUND', owner: 'ok' },
    ],
    [
      'updateShippingZone',
      () => `mutation { updateShippingZone(input: { id: "${ids.zone}", name: "x" }) { ${userErrors} } }`,
      { anonymous: 'FORBIDDEN', sales: 'FORBIDDEN', otherAdmin: 'user:NOT_FOUND', settings: 'ok' },
    ],
    [
      'createShippingMethod',
      () =>
        `mutation { createShippingMethod(input: { zoneId: "${ids.zone}", name: "Express", rates: [{ currencyCode: "EUR", kind: FLAT, amount: "9.00" }] }) { ${userErrors} } }`,
      { anonymous: 'FORBIDDEN', owner: 'FORBIDDEN', otherAdmin: 'user:NOT_FOUND' },
    ],
    [
      'updateShippingMethod',
      () => `mutation { updateShippingMethod(input: { id: "${ids.method}", position: 1 }) { ${userErrors} } }`,
      { anonymous: 'FORBIDDEN', sales: 'FORBIDDEN', otherAdmin: 'user:NOT_FOUND' },
    ],
    [
      'deleteShippingMethod',
      () => `mutation { deleteShippingMethod(input: { id: "${ids.method}" }) { ${userErrors} } }`,
      { anonymous: 'FORBIDDEN', owner: 'FORBIDDEN', otherAdmin: 'user:NOT_FOUND' },
    ],
    [
      'deleteShippingZone',
      () => `mutation { deleteShippingZone(input: { id: "${ids.zone}" }) { ${userErrors} } }`,
      { anonymous: 'FORBIDDEN', owner: 'FORBIDDEN', otherAdmin: 'user:NOT_FOUND' },
    ],
    [
      'reconcilePayments',
      () => `mutation { reconcilePayments(input: {}) { ${userErrors} } }`,
      { anonymous: 'FORBIDDEN', owner: 'FORBIDDEN', support: 'FORBIDDEN', sales: 'ok' },
    ],
  ];
  for (const [field, query, expected] of cases) {
    it(`${field}: ${JSON.stringify(expected)}`, async () => {
      for (const [who, want] of Object.entries(expected)) {
        const got = await outcome(
          who,
          query(),
          field,
          field === 'createReturn' ? { l: [{ ...line(), quantity: 2 }] } : undefined,
        );
        expect(`${who}: ${got}`).toBe(`${who}: ${want}`);
      }
    });
  }

  it('mergeCarts needs a signed-in customer, and only takes a cart by its token', async () => {
    expect(
      await outcome(
        'anonymous',
        `mutation { mergeCarts(input: { guestCartId: "${tokens.guestCart}" }) { ${userErrors} } }`,
        'mergeCarts',
      ),
    ).toBe('FORBIDDEN');
    expect(
      await outcome(
        'stranger',
        `mutation { mergeCarts(input: { guestCartId: "${ids.guestCart}" }) { ${userErrors} } }`,
        'mergeCarts',
      ),
    ).toBe('user:NOT_FOUND');
    expect(
      await outcome(
        'otherAdmin',
        `mutation { mergeCarts(input: { guestCartId: "${tokens.guestCart}" }) { ${userErrors} } }`,
        'mergeCarts',
      ),
    ).toBe('user:NOT_FOUND');
  });
});
