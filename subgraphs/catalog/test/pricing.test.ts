import { startTestSubgraphs, type TestSubgraphs } from '@meridian/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalogSubgraph } from '../src/index.ts';
import { createProduct } from './helpers.ts';

let t: TestSubgraphs;
let product: any;
beforeAll(async () => {
  t = await startTestSubgraphs([createCatalogSubgraph()]);
  product = (await createProduct(t.as({ permissions: ['catalog:write'] }))).product;
});
afterAll(async () => {
  await t?.close();
});

const writer = () => t.as({ permissions: ['catalog:write'] });
const variantPrice = async (variantId: string, args: string, client = t.asAnonymous()) => {
  const r = await client.request<any>(
    `query($id: ID!) { productVariant(id: $id) { price${args ? `(${args})` : ''} { unitPrice { amount currencyCode } unitListPrice { amount } lineTotal { amount } discountId minQuantity } } }`,
    { id: variantId },
  );
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data.productVariant.price;
};
const createPriceList = (input: Record<string, unknown>) =>
  writer().request<any>(
    'mutation($input: CreatePriceListInput!) { createPriceList(input: $input) { priceList { id currencyCode } userErrors { field code } } }',
    { input },
  );
const setPrices = (input: Record<string, unknown>) =>
  writer().request<any>(
    'mutation($input: SetVariantPricesInput!) { setVariantPrices(input: $input) { variant { id } userErrors { field code } } }',
    { input },
  );
const createDiscount = (input: Record<string, unknown>) =>
  writer().request<any>(
    'mutation($input: CreateDiscountInput!) { createDiscount(input: $input) { discount { id code percentage usageLimit } userErrors { field code } } }',
    { input },
  );

describe('pricing through the graph', () => {
  it('prices a variant from its base price, with quantity tiers and a customer-group list', async () => {
    const variant = product.variants[0].id;
    expect(await variantPrice(variant, '')).toMatchObject({ unitPrice: { amount: '20.00', currencyCode: 'USD' } });
    await setPrices({
      variantId: variant,
      currencyCode: 'USD',
      tiers: [
        { minQuantity: 1, amount: '20.00' },
        { minQuantity: 10, amount: '18.00' },
      ],
    });
    expect(await variantPrice(variant, 'quantity: 12')).toMatchObject({
      unitPrice: { amount: '18.00' },
      lineTotal: { amount: '216.00' },
      minQuantity: 10,
    });
    const vip = await createPriceList({ name: 'VIP', currencyCode: 'USD', customerGroup: 'vip' });
    await setPrices({
      variantId: variant,
      priceListId: vip.data.createPriceList.priceList.id,
      tiers: [{ minQuantity: 1, amount: '15.00' }],
    });
    // Shoppers cannot claim a group; the back office can preview it.
    expect((await variantPrice(variant, 'customerGroup: "vip"')).unitPrice.amount).toBe('20.00');
    expect(
      (await variantPrice(variant, 'customerGroup: "vip"', t.as({ permissions: ['catalog:read'] }))).unitPrice.amount,
    ).toBe('15.00');
  });

  it('prices a signed-in shopper by the group in their token, never by a group they name', async () => {
    const variant = product.variants[0].id;
    const vip = t.as({ kind: 'user', userId: 'usr_01J0000000000000000000001', permissions: [], customerGroup: 'vip' });
    const plain = t.as({ kind: 'user', userId: 'usr_01J0000000000000000000002', permissions: [] });
    const range = async (client: ReturnType<typeof t.as>, args = '') => {
      const r = await client.request<any>(
        `query($id: ID!) { product(id: $id) { priceRange${args ? `(${args})` : ''} { min { amount } max { amount } } } }`,
        { id: product.id },
      );
      return r.data.product.priceRange.min.amount;
    };
    expect((await variantPrice(variant, '', vip)).unitPrice.amount).toBe('15.00');
    expect((await variantPrice(variant, 'customerGroup: "other"', vip)).unitPrice.amount).toBe('15.00');
    expect((await variantPrice(variant, 'customerGroup: "vip"', plain)).unitPrice.amount).toBe('20.00');
    expect((await variantPrice(variant, '', plain)).unitPrice.amount).toBe('20.00');
    expect(await range(vip)).toBe('15.00');
    expect(await range(plain, 'customerGroup: "vip"')).toBe(await range(plain));

    const quoteAs = async (client: ReturnType<typeof t.as>, customerGroup: string | null) => {
      const r = await client.request<any>(
        'query($i: PriceQuoteInput!) { priceQuote(input: $i) { quote { subtotal { amount } } userErrors { code } } }',
        { i: { currency: 'USD', customerGroup, lines: [{ variantId: variant, quantity: 2 }] } },
      );
      return r.data.priceQuote.quote.subtotal.amount;
    };
    expect(await quoteAs(vip, null)).toBe('30.00');
    expect(await quoteAs(plain, 'vip')).toBe('40.00');
    // Another subgraph (commerce pricing a cart) names the group of the shopper it prices for.
    expect(await quoteAs(t.as({ kind: 'system', permissions: [] }), 'vip')).toBe('30.00');
    expect(await quoteAs(t.as({ kind: 'system', permissions: [] }), null)).toBe('40.00');
  });

  it('refuses prices and price lists in a currency the tenant does not sell, and bad quantities', async () => {
    const list = await createPriceList({ name: 'Yen', currencyCode: 'JPY' });
    expect(list.data.createPriceList.userErrors).toEqual([{ field: ['input', 'currency'], code: 'CURRENCY_NOT_SOLD' }]);
    const tiers = await setPrices({
      variantId: product.variants[1].id,
      currencyCode: 'USD',
      tiers: [
        { minQuantity: -1, amount: '1.00' },
        { minQuantity: 0, amount: '1.00' },
      ],
    });
    expect(tiers.data.setVariantPrices.userErrors).toEqual([
      { field: ['input', 'tiers', '0', 'minQuantity'], code: 'NEGATIVE' },
      { field: ['input', 'tiers', '1', 'minQuantity'], code: 'NEGATIVE' },
    ]);
    const quote = await t
      .asAnonymous()
      .request<any>(
        'query($i: PriceQuoteInput!) { priceQuote(input: $i) { quote { total { amount } } userErrors { field code } } }',
        { i: { currency: 'USD', lines: [{ variantId: product.variants[1].id, quantity: -2 }] } },
      );
    expect(quote.data.priceQuote.userErrors).toEqual([
      { field: ['input', 'lines', '0', 'quantity'], code: 'NEGATIVE' },
    ]);
    const fractional = await t
      .asAnonymous()
      .request<any>('query($i: PriceQuoteInput!) { priceQuote(input: $i) { quote { total { amount } } } }', {
        i: { currency: 'USD', lines: [{ variantId: product.variants[1].id, quantity: 1.5 }] },
      });
    expect(fractional.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const unsold = await t
      .asAnonymous()
      .request<any>('query($id: ID!) { productVariant(id: $id) { price(currency: "JPY") { lineTotal { amount } } } }', {
        id: product.variants[1].id,
      });
    expect(unsold.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'currency' });
  });

  it('refuses a discount window that ends before it starts or is over', async () => {
    const reversed = await createDiscount({
      title: 'Backwards',
      kind: 'PERCENTAGE',
      percentage: '10',
      scope: 'ORDER',
      startsAt: '2030-01-02T00:00:00Z',
      endsAt: '2030-01-01T00:00:00Z',
    });
    expect(reversed.data.createDiscount.userErrors).toEqual([{ field: ['input', 'endsAt'], code: 'INVALID_WINDOW' }]);
    const over = await createDiscount({
      title: 'Over',
      kind: 'PERCENTAGE',
      percentage: '10',
      scope: 'ORDER',
      endsAt: '2020-01-01T00:00:00Z',
    });
    expect(over.data.createDiscount.userErrors).toEqual([{ field: ['input', 'endsAt'], code: 'INVALID_WINDOW' }]);
  });

  it('quotes a cart: line discount, order code, and a code outside its window reported on discountCode', async () => {
    const variant = product.variants[1].id; // 22.00
    await createDiscount({
      title: 'Shirt deal',
      kind: 'FIXED',
      amount: { amount: '2.00', currencyCode: 'USD' },
      scope: 'PRODUCT',
      productIds: [product.id],
    });
    await createDiscount({ title: 'Ten off', code: 'TENOFF', kind: 'PERCENTAGE', percentage: '10', scope: 'ORDER' });
    await createDiscount({
      title: 'Later',
      code: 'LATER',
      kind: 'PERCENTAGE',
      percentage: '50',
      scope: 'ORDER',
      startsAt: '2099-01-01T00:00:00Z',
    });
    const quote = (code: string) =>
      t
        .asAnonymous()
        .request<any>(
          'query($i: PriceQuoteInput!) { priceQuote(input: $i) { quote { subtotal { amount } orderDiscount { amount { amount } } total { amount } lines { unitPrice { amount } lineTotal { amount } variant { sku } } } userErrors { field code } } }',
          { i: { currency: 'USD', discountCode: code, lines: [{ variantId: variant, quantity: 2 }] } },
        );
    const ok = (await quote('tenoff')).data.priceQuote;
    expect(ok.userErrors).toEqual([]);
    expect(ok.quote).toMatchObject({
      subtotal: { amount: '40.00' },
      orderDiscount: { amount: { amount: '4.00' } },
      total: { amount: '36.00' },
    });
    const later = (await quote('LATER')).data.priceQuote;
    expect(later.userErrors).toEqual([{ field: ['input', 'discountCode'], code: 'DISCOUNT_NOT_ACTIVE' }]);
    expect(later.quote.total.amount).toBe('40.00');
  });

  it('redeems a code limited to 10 uses exactly 10 times under 200 concurrent attempts; a retried key counts once', async () => {
    const created = await createDiscount({
      title: 'Flash',
      code: 'FLASH10',
      kind: 'PERCENTAGE',
      percentage: '5',
      scope: 'ORDER',
      usageLimit: 10,
    });
    expect(created.data.createDiscount.userErrors).toEqual([]);
    const redeem = (key: string) =>
      t
        .as({ permissions: ['orders:write', 'catalog:read'] })
        .request<any>(
          'mutation($key: String!) { redeemDiscount(input: { code: "flash10", idempotencyKey: $key }) { discount { usageCount } userErrors { field code } } }',
          { key },
        );
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => redeem(`order-${i}`)));
    const ok = results.filter((r) => r.data?.redeemDiscount.userErrors.length === 0);
    const usedUp = results.filter((r) => r.data?.redeemDiscount.userErrors[0]?.code === 'DISCOUNT_USED_UP');
    expect(ok).toHaveLength(10);
    expect(usedUp).toHaveLength(190);
    expect(usedUp[0]!.data.redeemDiscount.userErrors[0].field).toEqual(['input', 'code']);
    const again = await redeem('order-retry');
    expect(again.data.redeemDiscount.userErrors[0].code).toBe('DISCOUNT_USED_UP');
    const winner = results.findIndex((r) => r.data?.redeemDiscount.userErrors.length === 0);
    const retried = await redeem(`order-${winner}`);
    expect(retried.data.redeemDiscount).toMatchObject({ userErrors: [], discount: { usageCount: 10 } });
  });
});
