import {
  type CommerceOptions,
  createCommerceSubgraph,
  type OrderPayload,
  orderCancelled,
  orderFulfilled,
  orderPaid,
  orderPlaced,
  orderRefunded,
  type PaymentProviders,
} from '@meridian/commerce';
import {
  allow,
  createMailer,
  createSubgraph,
  type DeliveredEvent,
  type EventDescriptor,
  newId,
  type Subgraph,
  subscribe,
  type Tenant,
} from '@meridian/kit';
import type { TestSmtpServer } from '@meridian/kit/testing';
import { parse } from 'graphql';
import { expect } from 'vitest';
import { createAllSubgraphs } from '../src/subgraphs.ts';
import { type GatewayResult, startTestSuite, type TestSuite } from '../src/testing/test-suite.ts';

/** Shared steps of the commerce tests through the gateway: a suite, a shop with stock, prices, tax and shipping. */

// biome-ignore lint/suspicious/noExplicitAny: response shapes are asserted, not typed, in tests
export type Gql = any;
export const userErrors = 'userErrors { field code message }';

/**
 * The whole backend with the commerce subgraph given its own mail transport, payment providers and, for the
 * shops' own Stripe accounts, where their clients connect and the secret box that seals their keys.
 */
export function startCommerceSuite(
  options: {
    smtp?: TestSmtpServer;
    providers?: PaymentProviders;
    commerce?: Pick<CommerceOptions, 'stripeConnection' | 'secretBox'>;
    extra?: Subgraph[];
  } = {},
) {
  const mailer = options.smtp
    ? createMailer({
        NODE_ENV: 'test',
        MERIDIAN_DATA_DIR: '/tmp',
        SMTP_URL: options.smtp.url,
        MAIL_FROM: 'Shop <shop@example.test>',
      })
    : { send: async () => {} };
  const commerce: CommerceOptions = {
    mailer,
    ...(options.providers ? { providers: options.providers } : {}),
    ...options.commerce,
  };
  return startTestSuite({
    subgraphs: (deps) => [
      ...createAllSubgraphs(deps).map((s) => (s.name === 'commerce' ? createCommerceSubgraph(commerce) : s)),
      ...(options.extra ?? []),
    ],
    // Checkout storms come from one test process: the per-IP budget must not be what they measure.
    edge: {
      rateLimits: {
        ip: { points: 1_000_000, durationSeconds: 60 },
        user: { points: 1_000_000, durationSeconds: 60 },
        tenant: { points: 1_000_000, durationSeconds: 60 },
      },
    },
  });
}

export interface Shop {
  tenant: Tenant;
  host: string;
  admin: string;
  warehouseId: string;
  shippingMethodId: string;
  standardClassId: string;
  reducedClassId: string;
}

export interface ShopClient {
  /** Anonymous storefront call on the shop's host. */
  guest<T = Gql>(query: string, variables?: Record<string, unknown>): Promise<GatewayResult<T>>;
  /** As a token holder (staff or customer). */
  as<T = Gql>(token: string, query: string, variables?: Record<string, unknown>): Promise<GatewayResult<T>>;
  admin<T = Gql>(query: string, variables?: Record<string, unknown>): Promise<GatewayResult<T>>;
}

export function clientFor(t: TestSuite, shop: Shop): ShopClient {
  return {
    guest: (query, variables) => t.call(query, { host: shop.host, ...(variables ? { variables } : {}) }),
    as: (token, query, variables) => t.call(query, { token, ...(variables ? { variables } : {}) }),
    admin: (query, variables) => t.call(query, { token: shop.admin, ...(variables ? { variables } : {}) }),
  };
}

export async function ok<T = Gql>(result: Promise<GatewayResult<T>>, path?: string): Promise<T> {
  const r = await result;
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  if (path) {
    const payload = (r.data as Record<string, { userErrors?: unknown[] }>)[path];
    expect(payload?.userErrors ?? [], JSON.stringify(payload?.userErrors)).toEqual([]);
  }
  return r.data as T;
}

/** No GraphQL errors and no userErrors in any root field. */
async function okAll<T = Gql>(result: Promise<GatewayResult<T>>): Promise<T> {
  const data = (await ok(result)) as Record<string, { userErrors?: unknown[] } | null>;
  for (const payload of Object.values(data))
    expect(payload?.userErrors ?? [], JSON.stringify(payload?.userErrors)).toEqual([]);
  return data as T;
}

/** A tenant selling in EUR to Germany: 19 % standard / 7 % reduced VAT (prices exclude tax), one shipping method. */
export async function createShop(t: TestSuite, slug: string): Promise<Shop> {
  const tenant = await t.suite.platform.tenants.create({ slug, name: slug, hosts: [`${slug}.localhost`] });
  const admin = await t.tokenFor(tenant.id, { permissions: ['*'], userId: newId('usr') });
  const call = (query: string, variables?: Record<string, unknown>) =>
    okAll(t.call(query, { token: admin, ...(variables ? { variables } : {}) }));
  // Every tenant starts with the MAIN warehouse (inventory's defaults).
  const warehouses = await call('{ warehouses(first: 5) { edges { node { id code } } } }');
  const warehouseId = warehouses.warehouses.edges.find((e: Gql) => e.node.code === 'MAIN').node.id as string;
  const classes = await call('{ taxClasses { edges { node { id code } } } }');
  const classId = (code: string) => classes.taxClasses.edges.find((e: Gql) => e.node.code === code).node.id as string;
  const zone = await call(
    `mutation { createTaxZone(input: { name: "Germany", country: "DE" }) { taxZone { id } ${userErrors} } }`,
  );
  for (const [code, rate] of [
    ['standard', '19'],
    ['reduced', '7'],
  ] as const) {
    await call(
      `mutation($input: CreateTaxRateInput!) { createTaxRate(input: $input) { taxRate { id } ${userErrors} } }`,
      {
        input: { zoneId: zone.createTaxZone.taxZone.id, taxClassId: classId(code), name: 'MwSt', rate },
      },
    );
  }
  const shippingZone = await call(
    `mutation { createShippingZone(input: { name: "DACH", countries: ["DE", "AT"] }) { shippingZone { id } ${userErrors} } }`,
  );
  const method = await call(
    `mutation($input: CreateShippingMethodInput!) { createShippingMethod(input: $input) { shippingMethod { id } ${userErrors} } }`,
    {
      input: {
        zoneId: shippingZone.createShippingZone.shippingZone.id,
        name: 'Standard',
        carrier: 'DHL',
        rates: [{ currencyCode: 'EUR', kind: 'FLAT', amount: '4.90', freeOver: '100.00' }],
      },
    },
  );
  return {
    tenant,
    host: `${slug}.localhost`,
    admin,
    warehouseId,
    shippingMethodId: method.createShippingMethod.shippingMethod.id,
    standardClassId: classId('standard'),
    reducedClassId: classId('reduced'),
  };
}

let skuCounter = 0;

/** An active product with one variant at `price` EUR, `stock` units on hand, optionally in the reduced class. */
export async function createStockedVariant(
  t: TestSuite,
  shop: Shop,
  options: { price: string; stock: number; weightGrams?: number; reduced?: boolean; title?: string },
): Promise<{ productId: string; variantId: string; sku: string }> {
  const call = (query: string, variables?: Record<string, unknown>) =>
    okAll(t.call(query, { token: shop.admin, ...(variables ? { variables } : {}) }));
  skuCounter += 1;
  const sku = `SKU-${Date.now().toString(36)}-${skuCounter}`;
  const created = await call(
    `mutation($input: CreateProductInput!) { createProduct(input: $input) { product { id variants { id sku } } ${userErrors} } }`,
    {
      input: {
        title: options.title ?? `Product ${sku}`,
        status: 'ACTIVE',
        variants: [
          { sku, weightGrams: options.weightGrams ?? 500, prices: [{ amount: options.price, currencyCode: 'EUR' }] },
        ],
      },
    },
  );
  const product = created.createProduct.product;
  const variantId = product.variants[0].id as string;
  await call(
    `mutation($input: TrackInventoryItemInput!) { trackInventoryItem(input: $input) { inventoryItem { sku } ${userErrors} } }`,
    {
      input: { variantId, productId: product.id, sku },
    },
  );
  if (options.stock > 0) {
    await call(
      `mutation($input: ReceiveStockInput!) { receiveStock(input: $input) { operation { id } ${userErrors} } }`,
      {
        input: {
          variantId,
          warehouseId: shop.warehouseId,
          quantity: options.stock,
          unitCost: { amount: '1.00', currency: 'EUR' },
        },
      },
    );
  }
  if (options.reduced) {
    await call(
      `mutation($input: SetProductTaxClassInput!) { setProductTaxClass(input: $input) { products { id } ${userErrors} } }`,
      {
        input: { productIds: [product.id], taxClassId: shop.reducedClassId },
      },
    );
  }
  return { productId: product.id, variantId, sku };
}

export const berlin = {
  name: 'Erika Mustermann',
  line1: 'Unter den Linden 1',
  city: 'Berlin',
  postalCode: '10117',
  country: 'DE',
};

export const cartFields = `id token status currencyCode email
  lines { id quantity sku title unitPrice { amount } lineTotal { amount } variant { id } }
  subtotal { amount } discountTotal { amount } shippingTotal { amount } taxTotal { amount } total { amount currencyCode }
  pricesIncludeTax taxLines { name rate amount { amount } } warnings { field code message }
  availableShippingMethods { methodId name price { amount } } shippingMethod { methodId name price { amount } }`;

export const orderFields = `id number name status fulfillmentStatus email currencyCode
  lines { id sku quantity unitPrice { amount } netAmount { amount } taxAmount { amount } grossAmount { amount } fulfilledQuantity refundedQuantity }
  subtotal { amount } discountTotal { amount } shippingTotal { amount } taxTotal { amount } total { amount } refundedTotal { amount }
  payments { id status provider amount { amount } cardLast4 }`;

export const mutations = {
  createCart: `mutation($input: CreateCartInput!) { createCart(input: $input) { cart { ${cartFields} } ${userErrors} } }`,
  addLines: `mutation($input: AddCartLinesInput!) { addCartLines(input: $input) { cart { ${cartFields} } ${userErrors} } }`,
  updateLines: `mutation($input: UpdateCartLinesInput!) { updateCartLines(input: $input) { cart { ${cartFields} } ${userErrors} } }`,
  removeLines: `mutation($input: RemoveCartLinesInput!) { removeCartLines(input: $input) { cart { ${cartFields} } ${userErrors} } }`,
  updateCart: `mutation($input: UpdateCartInput!) { updateCart(input: $input) { cart { ${cartFields} } ${userErrors} } }`,
  mergeCarts: `mutation($input: MergeCartsInput!) { mergeCarts(input: $input) { cart { ${cartFields} } ${userErrors} } }`,
  placeOrder: `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) {
    order { ${orderFields} } payment { id status failureCode failureMessage nextAction { type redirectUrl } } ${userErrors} } }`,
  confirm: `mutation($input: ConfirmOrderPaymentInput!) { confirmOrderPayment(input: $input) {
    order { ${orderFields} } payment { id status failureCode } ${userErrors} } }`,
};

export const visa = { number: '4242424242424242', expMonth: 12, expYear: 2040, cvc: '123' };
export const declinedCard = { ...visa, number: '4000000000000002' };
export const threeDSecureCard = { ...visa, number: '4000002500003155' };

/** A guest cart ready to pay: lines, email, address, shipping method. Returns the cart token. */
export async function readyCart(client: ShopClient, shop: Shop, lines: { variantId: string; quantity: number }[]) {
  const created = await ok(client.guest(mutations.createCart, { input: { currencyCode: 'EUR', lines } }), 'createCart');
  const token = created.createCart.cart.token as string;
  await ok(
    client.guest(mutations.updateCart, {
      input: {
        cartId: token,
        email: 'erika@example.test',
        shippingAddress: berlin,
        shippingMethodId: shop.shippingMethodId,
      },
    }),
    'updateCart',
  );
  return token;
}

export async function stockOf(client: ShopClient, variantId: string) {
  const data = await ok(
    client.admin('query($id: ID!) { inventoryItem(variantId: $id) { onHand reserved available } }', { id: variantId }),
  );
  return data.inventoryItem as { onHand: number; reserved: number; available: number };
}

/**
 * A subgraph that only listens: it records every commerce order event it receives, so tests can check
 * the payloads accounting and CRM will get.
 */
export function eventSpy(): { subgraph: Subgraph; received: DeliveredEvent<OrderPayload & Record<string, unknown>>[] } {
  const received: DeliveredEvent<OrderPayload & Record<string, unknown>>[] = [];
  const record = (name: string, descriptor: EventDescriptor<OrderPayload & Record<string, unknown>>) =>
    subscribe(descriptor, {
      name: `spy.${name}`,
      handle: async (_tx, event) => {
        received.push(event);
      },
    });
  const subgraph = createSubgraph({
    name: 'spy',
    typeDefs: parse('type Query { spy: String }'),
    resolvers: { Query: { spy: () => null } },
    permissions: { Query: allow },
    subscribers: [
      record('placed', orderPlaced as never),
      record('paid', orderPaid as never),
      record('fulfilled', orderFulfilled as never),
      record('cancelled', orderCancelled as never),
      record('refunded', orderRefunded as never),
    ],
  });
  return { subgraph, received };
}

/**
 * The stock once it settles at `expected` (or as it is after 5 s): a paid order's reservation is turned
 * into sales just after checkout answers, so the level moves a moment later.
 */
export async function settledStock(
  client: ShopClient,
  variantId: string,
  expected: Partial<{ onHand: number; reserved: number; available: number }>,
) {
  const deadline = Date.now() + 5000;
  for (;;) {
    const level = await stockOf(client, variantId);
    const matches = Object.entries(expected).every(([k, v]) => level[k as keyof typeof level] === v);
    if (matches || Date.now() > deadline) return level;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
