import { newId } from '@meridian/kit';
import { startTestSubgraphs, type TestClient, type TestSubgraphs } from '@meridian/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccountingSubgraph } from '../src/index.ts';
import { classIds, created, documents, fieldsOf, type Gql, mutate, numbersOf } from './tax-client.ts';

// The worked examples of docs/accounting/tax.md, through the graph, on rates set up through the graph.

let t: TestSubgraphs;
let admin: TestClient;
let shopper: TestClient;
let classes: Record<string, string>;
const zones = { gb: '', de: '', usCa: '' };
const vatChange = '2011-01-04T00:00:00.000Z';

beforeAll(async () => {
  t = await startTestSubgraphs([createAccountingSubgraph()]);
  admin = t.asTenantAdmin();
  shopper = t.asAnonymous();
  classes = await classIds(admin);
  zones.gb = (await created(admin, documents.createZone, { name: 'United Kingdom', country: 'gb' })).id;
  zones.de = (await created(admin, documents.createZone, { name: 'Germany', country: 'DE' })).id;
  zones.usCa = (await created(admin, documents.createZone, { name: 'California', country: 'US', regions: ['ca'] })).id;
  const rate = (zoneId: string, code: string, value: string, extra = {}) =>
    created(admin, documents.createRate, { zoneId, taxClassId: classes[code], name: 'VAT', rate: value, ...extra });
  const old = await rate(zones.gb, 'standard', '17.5');
  await created(admin, documents.scheduleChange, { id: old.id, rate: '20', effectiveFrom: vatChange });
  await rate(zones.gb, 'reduced', '5');
  await rate(zones.de, 'standard', '19', { name: 'MwSt' });
  await rate(zones.de, 'reduced', '7', { name: 'MwSt' });
  await rate(zones.usCa, 'standard', '7.25', { name: 'CA sales tax' });
  await rate(zones.usCa, 'zero', '0', { name: 'CA sales tax' });
});
afterAll(async () => {
  await t?.close();
});

const ukCart = () => [
  { key: 'jacket', unitAmount: '12.99', quantity: 3, taxClassId: classes.standard },
  { key: 'child-seat', unitAmount: '4.50', quantity: 2, taxClassId: classes.reduced },
];

async function quote(client: TestClient, input: Record<string, unknown>, document = documents.taxQuote): Promise<Gql> {
  const result = await client.request<Gql>(document, { input });
  expect(result.errors).toBeUndefined();
  const payload = Object.values(result.data as object)[0] as Gql;
  expect(payload.userErrors).toEqual([]);
  return payload.quote;
}

describe('taxQuote: worked examples', () => {
  it('UK mixed cart, prices exclusive (the default): 20% and 5%, per line half-even', async () => {
    const result = await quote(shopper, {
      currency: 'GBP',
      address: { country: 'GB', postalCode: 'SW1A 1AA' },
      lines: ukCart(),
    });
    expect(numbersOf(result)).toEqual({
      lines: [
        ['jacket', '38.97', '7.79', '46.76'],
        ['child-seat', '9.00', '0.45', '9.45'],
      ],
      totals: ['47.97', '8.24', '56.21'],
    });
    expect(result.zone).toEqual({ id: zones.gb, name: 'United Kingdom' });
    expect(result.pricesIncludeTax).toBe(false);
    expect(result.breakdown.map((b: Gql) => [b.rate, b.taxableAmount.amount, b.taxAmount.amount])).toEqual([
      ['20.000', '38.97', '7.79'],
      ['5.000', '9.00', '0.45'],
    ]);
  });

  it('UK mixed cart, prices inclusive (staff ask with calculateTax; the storefront follows the setting)', async () => {
    const input = { currency: 'GBP', address: { country: 'GB' }, lines: ukCart() };
    const staff = await quote(admin, { ...input, pricesIncludeTax: true }, documents.calculateTax);
    // 38.97 × 20/120 = 6.495 → 6.50 (half-even); 9.00 × 5/105 = 0.4286 → 0.43
    const expected = {
      lines: [
        ['jacket', '32.47', '6.50', '38.97'],
        ['child-seat', '8.57', '0.43', '9.00'],
      ],
      totals: ['41.04', '6.93', '47.97'],
    };
    expect(numbersOf(staff)).toEqual(expected);
    await created(admin, documents.updateSettings, { pricesIncludeTax: true });
    try {
      const storefront = await quote(shopper, input);
      expect(storefront.pricesIncludeTax).toBe(true);
      expect(numbersOf(storefront)).toEqual(expected);
    } finally {
      await created(admin, documents.updateSettings, { pricesIncludeTax: false });
    }
  });

  it('Germany, prices inclusive: 19% and 7%', async () => {
    const result = await quote(
      admin,
      {
        currency: 'EUR',
        address: { country: 'DE', postalCode: '10115' },
        pricesIncludeTax: true,
        lines: [
          { key: 'boots', unitAmount: '19.99', quantity: 2, taxClassId: classes.standard },
          { key: 'coffee', unitAmount: '2.49', quantity: 4, taxClassId: classes.reduced },
        ],
      },
      documents.calculateTax,
    );
    expect(numbersOf(result)).toEqual({
      lines: [
        ['boots', '33.60', '6.38', '39.98'],
        ['coffee', '9.31', '0.65', '9.96'],
      ],
      totals: ['42.91', '7.03', '49.94'],
    });
  });

  it('a US state zone with a zero-rated line', async () => {
    const result = await quote(shopper, {
      currency: 'USD',
      address: { country: 'US', region: 'CA', postalCode: '94103' },
      lines: [
        { key: 'tent', unitAmount: '29.99', quantity: 1, taxClassId: classes.standard },
        { key: 'groceries', unitAmount: '5', quantity: 3, taxClassId: classes.zero },
      ],
    });
    expect(numbersOf(result)).toEqual({
      lines: [
        ['tent', '29.99', '2.17', '32.16'],
        ['groceries', '15.00', '0.00', '15.00'],
      ],
      totals: ['44.99', '2.17', '47.16'],
    });
    expect(result.breakdown.map((b: Gql) => [b.name, b.rate, b.taxAmount.amount])).toEqual([
      ['CA sales tax', '7.250', '2.17'],
      ['CA sales tax', '0.000', '0.00'],
    ]);
    // Another state has no zone here: no tax.
    const nevada = await quote(shopper, {
      currency: 'USD',
      address: { country: 'US', region: 'NV' },
      lines: [{ key: 'tent', unitAmount: '29.99', quantity: 1 }],
    });
    expect([nevada.zone, nevada.taxTotal.amount, nevada.breakdown]).toEqual([null, '0.00', []]);
  });

  it('switches rate exactly at the validity boundary', async () => {
    const at = async (instant: string) =>
      quote(
        admin,
        {
          currency: 'GBP',
          address: { country: 'GB' },
          at: instant,
          lines: [{ key: 'coat', unitAmount: '100', quantity: 1 }],
        },
        documents.calculateTax,
      );
    const before = await at('2011-01-03T23:59:59.999Z');
    const after = await at(vatChange);
    expect([before.taxTotal.amount, before.breakdown[0].rate]).toEqual(['17.50', '17.500']);
    expect([after.taxTotal.amount, after.breakdown[0].rate]).toEqual(['20.00', '20.000']);
  });

  it('rounds half to even at .5 of a minor unit', async () => {
    const result = await quote(shopper, {
      currency: 'EUR',
      address: { country: 'DE' },
      lines: ['0.50', '1.50', '2.50'].map((unitAmount, i) => ({
        key: `l${i}`,
        unitAmount,
        quantity: 1,
        taxClassId: classes.reduced,
      })),
    });
    // 7%: 3.5 → 4, 10.5 → 10, 17.5 → 18 cents
    expect(result.lines.map((l: Gql) => l.taxAmount.amount)).toEqual(['0.04', '0.10', '0.18']);
  });

  it('charges nothing for an address in no zone', async () => {
    const result = await quote(shopper, { currency: 'EUR', address: { country: 'FR' }, lines: ukCart() });
    expect(result.zone).toBeNull();
    expect(numbersOf(result).totals).toEqual(['47.97', '0.00', '47.97']);
  });

  it('takes a line discount off before tax and taxes shipping like the goods', async () => {
    const result = await quote(shopper, {
      currency: 'GBP',
      address: { country: 'GB' },
      lines: [
        { key: 'jacket', unitAmount: '40', quantity: 1, discount: '0.00', taxClassId: classes.standard },
        { key: 'seat', unitAmount: '12.50', quantity: 1, discount: '2.50', taxClassId: classes.reduced },
      ],
      shipping: '4.99',
    });
    expect(result.shipping.taxes.map((s: Gql) => [s.rate, s.taxableAmount.amount, s.taxAmount.amount])).toEqual([
      ['20.000', '3.99', '0.80'],
      ['5.000', '1.00', '0.05'],
    ]);
    expect(numbersOf(result).totals).toEqual(['54.99', '9.35', '64.34']);
  });

  it('finds a line’s class from its product, else the default class', async () => {
    const book = newId('prd');
    const other = newId('prd');
    const assigned = await mutate(admin, documents.setProductClass, {
      productIds: [book],
      taxClassId: classes.reduced,
    });
    expect(assigned.products).toEqual([{ id: book, taxClass: { code: 'reduced' } }]);
    const result = await quote(shopper, {
      currency: 'GBP',
      address: { country: 'GB' },
      lines: [
        { key: 'book', unitAmount: '10', quantity: 1, productId: book },
        { key: 'other', unitAmount: '10', quantity: 1, productId: other },
        { key: 'override', unitAmount: '10', quantity: 1, productId: book, taxClassId: classes.standard },
      ],
    });
    expect(result.lines.map((l: Gql) => [l.key, l.taxClassId, l.taxAmount.amount])).toEqual([
      ['book', classes.reduced, '0.50'],
      ['other', classes.standard, '2.00'],
      ['override', classes.standard, '2.00'],
    ]);
  });

  it('sees a rate change at once (the cached rules are invalidated by the write)', async () => {
    const input = {
      currency: 'EUR',
      address: { country: 'DE' },
      lines: [{ key: 'x', unitAmount: '100', quantity: 1 }],
    };
    expect((await quote(shopper, input)).taxTotal.amount).toBe('19.00');
    const rates = await admin.request<Gql>('query($z: ID!) { taxRates(zoneId: $z) { edges { node { id rate } } } }', {
      z: zones.de,
    });
    const standard = rates.data.taxRates.edges.find((e: Gql) => e.node.rate === '19.000').node.id;
    await created(admin, documents.updateRate, { id: standard, rate: '16' });
    expect((await quote(shopper, input)).taxTotal.amount).toBe('16.00');
    await created(admin, documents.updateRate, { id: standard, rate: '19' });
    expect((await quote(shopper, input)).taxTotal.amount).toBe('19.00');
  });

  it('answers 200 concurrent quotes identically', async () => {
    const input = { currency: 'GBP', address: { country: 'GB' }, lines: ukCart(), shipping: '3.95' };
    const results = await Promise.all(Array.from({ length: 200 }, () => quote(shopper, input)));
    const first = JSON.stringify(numbersOf(results[0]));
    expect(results.every((r) => JSON.stringify(numbersOf(r)) === first)).toBe(true);
  });
});

describe('taxQuote: bad input is refused with userErrors naming the field', () => {
  const base = () => ({ currency: 'GBP', address: { country: 'GB' }, lines: ukCart() });
  const cases: [string, (input: Gql) => Gql, string[]][] = [
    ['unknown country', (i) => ({ ...i, address: { country: 'UK' } }), ['input.address.country:UNKNOWN_COUNTRY']],
    ['unsupported currency', (i) => ({ ...i, currency: 'XYZ' }), ['input.currency:UNSUPPORTED_CURRENCY']],
    [
      'a region that is no code',
      (i) => ({ ...i, address: { country: 'US', region: 'California' } }),
      ['input.address.region:INVALID'],
    ],
    [
      'zero quantity',
      (i) => ({ ...i, lines: [{ ...i.lines[0], quantity: 0 }] }),
      ['input.lines.0.quantity:INVALID_QUANTITY'],
    ],
    [
      'negative amount',
      (i) => ({ ...i, lines: [{ ...i.lines[0], unitAmount: '-1.00' }] }),
      ['input.lines.0.unitAmount:INVALID_AMOUNT'],
    ],
    [
      'too many decimals',
      (i) => ({ ...i, lines: [{ ...i.lines[0], unitAmount: '1.999' }] }),
      ['input.lines.0.unitAmount:INVALID_AMOUNT'],
    ],
    [
      'discount above the line',
      (i) => ({ ...i, lines: [{ ...i.lines[0], discount: '50' }] }),
      ['input.lines.0.discount:INVALID_DISCOUNT'],
    ],
    ['duplicate keys', (i) => ({ ...i, lines: [i.lines[0], i.lines[0]] }), ['input.lines.1.key:DUPLICATE_KEY']],
    [
      'unknown class',
      (i) => ({ ...i, lines: [{ ...i.lines[0], taxClassId: newId('txc') }] }),
      ['input.lines.0.taxClassId:NOT_FOUND'],
    ],
    [
      'a class id of another kind',
      (i) => ({ ...i, lines: [{ ...i.lines[0], taxClassId: newId('txr') }] }),
      ['input.lines.0.taxClassId:NOT_FOUND'],
    ],
    [
      'a product id of another kind',
      (i) => ({ ...i, lines: [{ ...i.lines[0], productId: newId('var') }] }),
      ['input.lines.0.productId:NOT_FOUND'],
    ],
    ['bad shipping', (i) => ({ ...i, shipping: 'free' }), ['input.shipping:INVALID_AMOUNT']],
  ];
  it.each(cases)('%s', async (_name, change, expected) => {
    const result = await shopper.request<Gql>(documents.taxQuote, { input: change(base()) });
    expect(result.errors).toBeUndefined();
    expect(result.data.taxQuote.quote).toBeNull();
    expect(fieldsOf(result.data.taxQuote.userErrors)).toEqual(expected);
  });
});
