import { randomInt } from 'node:crypto';
import { newId } from '@meridian/kit';
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
  type Shop,
  type ShopClient,
  startCommerceSuite,
  visa,
} from './commerce-fixtures.ts';

/**
 * Customer-group prices end to end: identity puts a customer in a group, the access token carries it,
 * the gateway puts it on the actor, catalog prices by it and commerce prices carts and orders by it.
 */
let t: TestSuite;
let shop: Shop;
let client: ShopClient;
let tent: Awaited<ReturnType<typeof createStockedVariant>>;
// Our own address: sign-up and sign-in throttles on a shared Redis never see another run.
const address = { 'x-forwarded-for': `198.18.${randomInt(256)}.${randomInt(1, 255)}` };
const password = 'correct horse battery staple 42';
const authFields = 'tokens { accessToken refreshToken } userErrors { field code message }';

beforeAll(async () => {
  t = await startCommerceSuite();
  shop = await createShop(t, 'group-shop');
  client = clientFor(t, shop);
  tent = await createStockedVariant(t, shop, { price: '20.00', stock: 50, title: 'Tent' });
  const list = await ok(
    client.admin(
      'mutation($input: CreatePriceListInput!) { createPriceList(input: $input) { priceList { id } userErrors { field code message } } }',
      { input: { name: 'Wholesale EUR', currencyCode: 'EUR', customerGroup: 'wholesale' } },
    ),
    'createPriceList',
  );
  await ok(
    client.admin(
      'mutation($input: SetVariantPricesInput!) { setVariantPrices(input: $input) { variant { id } userErrors { field code message } } }',
      {
        input: {
          variantId: tent.variantId,
          priceListId: list.createPriceList.priceList.id,
          tiers: [{ minQuantity: 1, amount: '15.00' }],
        },
      },
    ),
    'setVariantPrices',
  );
});
afterAll(async () => {
  await t?.close();
});

const onHost = (query: string, variables: Record<string, unknown>, token?: string) =>
  t.call(query, { host: shop.host, variables, headers: address, ...(token ? { token } : {}) });

/** A storefront customer who signed up; with a group, their tokens are those of the next refresh. */
async function customer(email: string, group: string | null): Promise<string> {
  const signedUp = await ok(
    onHost(`mutation($input: SignUpCustomerInput!) { signUpCustomer(input: $input) { ${authFields} } }`, {
      input: { email, password, name: 'Buyer' },
    }),
    'signUpCustomer',
  );
  const tokens = signedUp.signUpCustomer.tokens;
  if (!group) return tokens.accessToken;
  const me = await ok(t.call('{ me { id } }', { token: tokens.accessToken }));
  const set = await ok(
    client.admin(
      'mutation($input: SetCustomerGroupInput!) { setCustomerGroup(input: $input) { user { customerGroup } userErrors { field code message } } }',
      { input: { userId: me.me.id, customerGroup: group } },
    ),
    'setCustomerGroup',
  );
  expect(set.setCustomerGroup.user.customerGroup).toBe(group);
  const refreshed = await ok(
    onHost(`mutation($input: RefreshSessionInput!) { refreshSession(input: $input) { ${authFields} } }`, {
      input: { refreshToken: tokens.refreshToken },
    }),
    'refreshSession',
  );
  return refreshed.refreshSession.tokens.accessToken;
}

const priceOf = async (token: string | null, args = '') => {
  const query = `query($id: ID!) { productVariant(id: $id) { price(currency: "EUR"${args}) { unitPrice { amount } } } }`;
  const data = await ok(
    token ? client.as<Gql>(token, query, { id: tent.variantId }) : onHost(query, { id: tent.variantId }),
  );
  return data.productVariant.price.unitPrice.amount as string;
};

describe('customer-group prices through the gateway', () => {
  it('a wholesale customer sees the wholesale price; a guest and an ordinary customer the public one', async () => {
    const wholesale = await customer('trade@group-shop.test', 'wholesale');
    const ordinary = await customer('retail@group-shop.test', null);
    expect(await priceOf(null)).toBe('20.00');
    expect(await priceOf(wholesale)).toBe('15.00');
    expect(await priceOf(ordinary)).toBe('20.00');
    // Naming a group is a back-office preview: a shopper gets their own prices whatever they pass.
    expect(await priceOf(ordinary, ', customerGroup: "wholesale"')).toBe('20.00');
    expect(await priceOf(wholesale, ', customerGroup: "retail"')).toBe('15.00');
    expect(await priceOf(shop.admin, ', customerGroup: "wholesale"')).toBe('15.00');
  });

  it("prices a wholesale customer's cart and order at wholesale prices, a guest's at public ones", async () => {
    const wholesale = await customer('trade-cart@group-shop.test', 'wholesale');
    const lines = [{ variantId: tent.variantId, quantity: 2 }];
    const guestCart = await ok(
      client.guest(mutations.createCart, { input: { currencyCode: 'EUR', lines } }),
      'createCart',
    );
    expect(guestCart.createCart.cart.subtotal.amount).toBe('40.00');

    const created = await ok(
      client.as(wholesale, mutations.createCart, { input: { currencyCode: 'EUR', lines } }),
      'createCart',
    );
    const cart = created.createCart.cart;
    expect(cart.lines[0].unitPrice.amount).toBe('15.00');
    expect(cart.subtotal.amount).toBe('30.00');
    const ready = await ok(
      client.as(wholesale, mutations.updateCart, {
        input: {
          cartId: cart.token,
          email: 'trade-cart@group-shop.test',
          shippingAddress: berlin,
          shippingMethodId: shop.shippingMethodId,
        },
      }),
      'updateCart',
    );
    // 30.00 + 4.90 shipping, 19 % VAT on both.
    expect(ready.updateCart.cart.total.amount).toBe('41.53');
    const placed = await ok(
      client.as(wholesale, mutations.placeOrder, {
        input: { cartId: cart.token, idempotencyKey: newId('key'), payment: { provider: 'TEST', card: visa } },
      }),
      'placeOrder',
    );
    expect(placed.placeOrder.order.lines[0].unitPrice.amount).toBe('15.00');
    expect(placed.placeOrder.order.subtotal.amount).toBe('30.00');
    expect(placed.placeOrder.order.total.amount).toBe('41.53');
  });
});
