import { newId } from '@meridian/kit';
import { startTestSubgraphs, type TestClient, type TestSubgraphs } from '@meridian/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccountingSubgraph } from '../src/index.ts';
import { classIds, created, documents, fieldsOf, type Gql, mutate } from './tax-client.ts';

let t: TestSubgraphs;
let admin: TestClient;
let tenantB: TestClient;
/** Tenant A's ids, which tenant B then uses. */
const a = { zone: '', rate: '', taxClass: '', product: '' };
let bClasses: Record<string, string>;

beforeAll(async () => {
  t = await startTestSubgraphs([createAccountingSubgraph()]);
  admin = t.asTenantAdmin();
  const classes = await classIds(admin);
  a.zone = (await created(admin, documents.createZone, { name: 'UK', country: 'GB' })).id;
  a.taxClass = (await created(admin, documents.createClass, { code: 'books', name: 'Books' })).id;
  a.rate = (
    await created(admin, documents.createRate, {
      zoneId: a.zone,
      taxClassId: classes.standard,
      name: 'VAT',
      rate: '20',
    })
  ).id;
  a.product = newId('prd');
  await mutate(admin, documents.setProductClass, { productIds: [a.product], taxClassId: a.taxClass });
  tenantB = t.asTenantAdmin(await t.createTenant('tenant-b'));
  bClasses = await classIds(tenantB);
});
afterAll(async () => {
  await t?.close();
});

const quoteInput = (lines: Gql[] = [{ key: 'x', unitAmount: '10', quantity: 1 }]) => ({
  currency: 'GBP',
  address: { country: 'GB' },
  lines,
});

const reads: [string, string][] = [
  [
    'calculateTax',
    `query { calculateTax(input: { currency: "GBP", address: { country: "GB" }, lines: [] }) { userErrors { code } } }`,
  ],
  ['taxZones', '{ taxZones { edges { node { id } } } }'],
  ['taxRates', '{ taxRates { edges { node { id } } } }'],
  ['taxSettings', '{ taxSettings { pricesIncludeTax } }'],
  ['taxClasses', '{ taxClasses { edges { node { id } } } }'],
];

const writes: [string, string, () => Record<string, unknown>][] = [
  ['createTaxZone', documents.createZone, () => ({ name: 'X', country: 'FR' })],
  ['updateTaxZone', documents.updateZone, () => ({ id: a.zone, name: 'Hacked' })],
  ['deleteTaxZone', documents.deleteZone, () => ({ id: a.zone })],
  ['createTaxClass', documents.createClass, () => ({ code: 'x', name: 'X' })],
  ['updateTaxClass', documents.updateClass, () => ({ id: a.taxClass, name: 'Hacked' })],
  ['deleteTaxClass', documents.deleteClass, () => ({ id: a.taxClass })],
  ['createTaxRate', documents.createRate, () => ({ zoneId: a.zone, taxClassId: a.taxClass, name: 'X', rate: '1' })],
  ['updateTaxRate', documents.updateRate, () => ({ id: a.rate, rate: '0' })],
  ['deleteTaxRate', documents.deleteRate, () => ({ id: a.rate })],
  [
    'scheduleTaxRateChange',
    documents.scheduleChange,
    () => ({ id: a.rate, rate: '0', effectiveFrom: '2030-01-01T00:00:00Z' }),
  ],
  ['updateTaxSettings', documents.updateSettings, () => ({ pricesIncludeTax: true })],
  ['setProductTaxClass', documents.setProductClass, () => ({ productIds: [a.product], taxClassId: null })],
];

async function unchanged() {
  const zone = await admin.request<Gql>(
    'query($id: ID!) { taxZone(id: $id) { name rates { edges { node { rate } } } } }',
    { id: a.zone },
  );
  expect(zone.data.taxZone).toEqual({ name: 'UK', rates: { edges: [{ node: { rate: '20.000' } }] } });
  const settings = await admin.request<Gql>('{ taxSettings { pricesIncludeTax } }');
  expect(settings.data.taxSettings.pricesIncludeTax).toBe(false);
  const product = await admin.request<Gql>(
    'query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { taxClass { code } } } }',
    {
      r: [{ __typename: 'Product', id: a.product }],
    },
  );
  expect(product.data._entities).toEqual([{ taxClass: { code: 'books' } }]);
}

describe('permissions', () => {
  const roles: [string, () => TestClient, string[]][] = [
    ['an anonymous shopper', () => t.asAnonymous(), []],
    ['a signed-in customer', () => t.as({ permissions: [] }), []],
    ['sales and support staff', () => t.as({ permissions: ['orders:*', 'crm:*', 'customers:*'] }), []],
    ['accounting:read', () => t.as({ permissions: ['accounting:read'] }), reads.map(([name]) => name)],
    ['catalog:read', () => t.as({ permissions: ['catalog:read'] }), ['taxClasses']],
  ];

  it.each(roles)('%s: taxQuote, and only the reads listed', async (_name, client, allowed) => {
    const quote = await client().request<Gql>(documents.taxQuote, { input: quoteInput() });
    expect(quote.errors).toBeUndefined();
    expect(quote.data.taxQuote.quote.taxTotal.amount).toBe('2.00');
    for (const [name, query] of reads) {
      const result = await client().request<Gql>(query);
      expect([name, result.errors?.[0]?.extensions?.code ?? 'OK']).toEqual([
        name,
        allowed.includes(name) ? 'OK' : 'FORBIDDEN',
      ]);
    }
    for (const [name, document, input] of writes) {
      const result = await client().request<Gql>(document, { input: input() });
      expect([name, result.errors?.[0]?.extensions?.code]).toEqual([name, 'FORBIDDEN']);
    }
    await unchanged();
  });

  it('catalog:write may read classes and assign a product’s class, nothing else', async () => {
    const merchandiser = t.as({ permissions: ['catalog:write'] });
    const product = newId('prd');
    const assigned = await merchandiser.request<Gql>(documents.setProductClass, {
      input: { productIds: [product], taxClassId: a.taxClass },
    });
    expect(assigned.data.setProductTaxClass.products).toEqual([{ id: product, taxClass: { code: 'books' } }]);
    for (const query of ['{ taxZones { edges { node { id } } } }', '{ taxSettings { pricesIncludeTax } }']) {
      expect((await merchandiser.request(query)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const create = await merchandiser.request(documents.createClass, { input: { code: 'y', name: 'Y' } });
    expect(create.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('accounting:write writes', async () => {
    const accountant = t.as({ permissions: ['accounting:write'] });
    const payload = await mutate(accountant, documents.createZone, { name: 'Ireland', country: 'IE' });
    expect(payload.userErrors).toEqual([]);
    expect((await mutate(accountant, documents.deleteZone, { id: payload.taxZone.id })).deletedId).toBe(
      payload.taxZone.id,
    );
  });

  it('needs a tenant even for a quote', async () => {
    const result = await t.asAnonymous(null).request<Gql>(documents.taxQuote, { input: quoteInput() });
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('shows staff fields of entities only to staff', async () => {
    const result = await t
      .asAnonymous()
      .request<Gql>(
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on TaxRate { rate } ... on Product { taxClass { code } } } }',
        {
          r: [
            { __typename: 'TaxRate', id: a.rate },
            { __typename: 'Product', id: a.product },
          ],
        },
      );
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    expect(JSON.stringify(result.data)).not.toContain('20.000');
  });
});

describe('isolation: tenant B with tenant A’s ids', () => {
  const queries: [string, string, Record<string, keyof typeof a>][] = [
    ['taxZone', 'query($id: ID!) { taxZone(id: $id) { id } }', { id: 'zone' }],
    ['taxRate', 'query($id: ID!) { taxRate(id: $id) { id } }', { id: 'rate' }],
    ['taxClass', 'query($id: ID!) { taxClass(id: $id) { id } }', { id: 'taxClass' }],
    ['taxRates(zoneId)', 'query($id: ID!) { taxRates(zoneId: $id) { edges { cursor } } }', { id: 'zone' }],
    ['taxRates(taxClassId)', 'query($id: ID!) { taxRates(taxClassId: $id) { edges { cursor } } }', { id: 'taxClass' }],
  ];

  it.each(queries)('query %s → NOT_FOUND', async (_name, query, variables) => {
    const values = Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, a[v]]));
    const result = await tenantB.request<Gql>(query, values);
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('resolves none of A’s entities, and A’s product is in B’s default class', async () => {
    const result = await tenantB.request<Gql>(
      `query($r: [_Any!]!) { _entities(representations: $r) {
        ... on TaxZone { name } ... on TaxRate { rate } ... on TaxClass { code } ... on Product { taxClass { id code } } } }`,
      {
        r: [
          { __typename: 'TaxZone', id: a.zone },
          { __typename: 'TaxRate', id: a.rate },
          { __typename: 'TaxClass', id: a.taxClass },
          { __typename: 'Product', id: a.product },
        ],
      },
    );
    expect(result.data._entities).toEqual([
      null,
      null,
      null,
      { taxClass: { id: bClasses.standard, code: 'standard' } },
    ]);
  });

  const mutations: [string, string, () => Record<string, unknown>, string][] = [
    ['updateTaxZone', documents.updateZone, () => ({ id: a.zone, name: 'x' }), 'input.id'],
    ['deleteTaxZone', documents.deleteZone, () => ({ id: a.zone }), 'input.id'],
    ['updateTaxClass', documents.updateClass, () => ({ id: a.taxClass, name: 'x' }), 'input.id'],
    ['deleteTaxClass', documents.deleteClass, () => ({ id: a.taxClass }), 'input.id'],
    [
      'createTaxRate.zoneId',
      documents.createRate,
      () => ({ zoneId: a.zone, taxClassId: bClasses.standard, name: 'x', rate: '1' }),
      'input.zoneId',
    ],
    [
      'createTaxRate.taxClassId',
      documents.createRate,
      () => ({ zoneId: bZone, taxClassId: a.taxClass, name: 'x', rate: '1' }),
      'input.taxClassId',
    ],
    ['updateTaxRate', documents.updateRate, () => ({ id: a.rate, rate: '0' }), 'input.id'],
    ['deleteTaxRate', documents.deleteRate, () => ({ id: a.rate }), 'input.id'],
    [
      'scheduleTaxRateChange',
      documents.scheduleChange,
      () => ({ id: a.rate, rate: '0', effectiveFrom: '2030-01-01T00:00:00Z' }),
      'input.id',
    ],
    [
      'updateTaxSettings.defaultTaxClassId',
      documents.updateSettings,
      () => ({ defaultTaxClassId: a.taxClass }),
      'input.defaultTaxClassId',
    ],
    [
      'updateTaxSettings.shippingTaxClassId',
      documents.updateSettings,
      () => ({ shippingTaxMode: 'CLASS', shippingTaxClassId: a.taxClass }),
      'input.shippingTaxClassId',
    ],
    [
      'setProductTaxClass.taxClassId',
      documents.setProductClass,
      () => ({ productIds: [a.product], taxClassId: a.taxClass }),
      'input.taxClassId',
    ],
  ];
  let bZone = '';

  it.each(mutations)('mutation %s → userError NOT_FOUND, nothing written', async (_name, document, input, field) => {
    bZone ||= (await created(tenantB, documents.createZone, { name: 'B', country: 'GB' })).id;
    const payload = await mutate(tenantB, document, input());
    expect(payload.userErrors.map((e: Gql) => `${e.field.join('.')}:${e.code}`)).toContain(`${field}:NOT_FOUND`);
    await unchanged();
  });

  it.each([
    ['taxQuote', documents.taxQuote],
    ['calculateTax', documents.calculateTax],
  ])('%s with A’s class → userError NOT_FOUND', async (_name, document) => {
    const result = await tenantB.request<Gql>(document, {
      input: quoteInput([{ key: 'x', unitAmount: '10', quantity: 1, taxClassId: a.taxClass }]),
    });
    const payload = Object.values(result.data)[0] as Gql;
    expect(fieldsOf(payload.userErrors)).toEqual(['input.lines.0.taxClassId:NOT_FOUND']);
  });

  it('quotes B’s own rules only (B has no zones: no tax)', async () => {
    const other = await t.createTenant('tenant-c');
    const result = await t.asAnonymous(other).request<Gql>(documents.taxQuote, { input: quoteInput() });
    expect(result.data.taxQuote.quote).toMatchObject({ zone: null, taxTotal: { amount: '0.00' } });
  });
});
