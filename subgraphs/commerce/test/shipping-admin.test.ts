import { startTestSubgraphs, type TestSubgraphs } from '@meridian/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommerceSubgraph } from '../src/index.ts';

// biome-ignore lint/suspicious/noExplicitAny: response shapes are asserted, not typed, in tests
type Gql = any;
let t: TestSubgraphs;

beforeAll(async () => {
  t = await startTestSubgraphs([createCommerceSubgraph({ providers: {}, mailer: { send: async () => {} } })]);
});
afterAll(async () => {
  await t?.close();
});

const userErrors = 'userErrors { field code message }';
const createZone = `mutation($input: CreateShippingZoneInput!) { createShippingZone(input: $input) { shippingZone { id name countries regions } ${userErrors} } }`;
const createMethod = `mutation($input: CreateShippingMethodInput!) { createShippingMethod(input: $input) {
  shippingMethod { id name carrier rates { kind currencyCode amount { amount } minWeightGrams maxWeightGrams minSubtotal { amount } maxSubtotal { amount } freeOver { amount } } } ${userErrors} } }`;
const settings = () => t.as({ permissions: ['settings:write', 'settings:read'] });

describe('shipping zones, methods and rates (commerce alone)', () => {
  it('creates a zone and a method with flat, weight, price and free-over rates; a retry with the key creates nothing more', async () => {
    const zone = await settings().request<Gql>(createZone, {
      input: { name: 'EU', countries: ['de', 'FR'], regions: ['es-cn'], idempotencyKey: 'zone-eu-0001' },
    });
    expect(zone.data.createShippingZone).toMatchObject({
      shippingZone: { name: 'EU', countries: ['DE', 'FR'], regions: ['ES-CN'] },
      userErrors: [],
    });
    const again = await settings().request<Gql>(createZone, {
      input: { name: 'EU', countries: ['DE'], idempotencyKey: 'zone-eu-0001' },
    });
    expect(again.data.createShippingZone.shippingZone.id).toBe(zone.data.createShippingZone.shippingZone.id);
    const method = await settings().request<Gql>(createMethod, {
      input: {
        zoneId: zone.data.createShippingZone.shippingZone.id,
        name: 'Parcel',
        carrier: 'DHL',
        rates: [
          { currencyCode: 'EUR', kind: 'FLAT', amount: '4.90', freeOver: '50' },
          { currencyCode: 'EUR', kind: 'WEIGHT', amount: '9.90', minWeightGrams: 2000, maxWeightGrams: 5000 },
          { currencyCode: 'USD', kind: 'PRICE', amount: '0', minSubtotal: '100.00' },
        ],
      },
    });
    expect(method.data.createShippingMethod.userErrors).toEqual([]);
    expect(method.data.createShippingMethod.shippingMethod.rates).toEqual([
      {
        kind: 'FLAT',
        currencyCode: 'EUR',
        amount: { amount: '4.90' },
        minWeightGrams: null,
        maxWeightGrams: null,
        minSubtotal: null,
        maxSubtotal: null,
        freeOver: { amount: '50.00' },
      },
      {
        kind: 'WEIGHT',
        currencyCode: 'EUR',
        amount: { amount: '9.90' },
        minWeightGrams: 2000,
        maxWeightGrams: 5000,
        minSubtotal: null,
        maxSubtotal: null,
        freeOver: null,
      },
      {
        kind: 'PRICE',
        currencyCode: 'USD',
        amount: { amount: '0.00' },
        minWeightGrams: null,
        maxWeightGrams: null,
        minSubtotal: { amount: '100.00' },
        maxSubtotal: null,
        freeOver: null,
      },
    ]);
    const listed = await t
      .as({ permissions: ['orders:read'] })
      .request<Gql>('{ shippingZones { edges { node { name methods { name } } } } }');
    expect(listed.data.shippingZones.edges).toEqual([{ node: { name: 'EU', methods: [{ name: 'Parcel' }] } }]);
  });

  it('refuses bad zones and rates, naming the field, and writes nothing', async () => {
    const zone = await settings().request<Gql>(createZone, {
      input: { name: '', countries: ['XX', 'UK'], regions: ['US-'] },
    });
    expect(zone.data.createShippingZone.userErrors.map((e: Gql) => [e.field.join('.'), e.code])).toEqual([
      ['input.name', 'REQUIRED'],
      ['input.countries.0', 'INVALID_COUNTRY'],
      ['input.countries.1', 'INVALID_COUNTRY'],
      ['input.regions.0', 'INVALID'],
    ]);
    const zones = await settings().request<Gql>('{ shippingZones { edges { node { id } } } }');
    const zoneId = zones.data.shippingZones.edges[0].node.id;
    const method = await settings().request<Gql>(createMethod, {
      input: {
        zoneId,
        name: 'Bad',
        rates: [
          { currencyCode: 'JPY', kind: 'FLAT', amount: '1' },
          { currencyCode: 'EUR', kind: 'FLAT', amount: '-1' },
          { currencyCode: 'EUR', kind: 'FLAT', amount: '1.999' },
          { currencyCode: 'EUR', kind: 'WEIGHT', amount: '1', minWeightGrams: 500, maxWeightGrams: 100 },
          { currencyCode: 'EUR', kind: 'FLAT', amount: '1', minSubtotal: '5' },
        ],
      },
    });
    expect(method.data.createShippingMethod.userErrors.map((e: Gql) => [e.field.join('.'), e.code])).toEqual([
      ['input.rates.0.currencyCode', 'UNSUPPORTED_CURRENCY'],
      ['input.rates.1.amount', 'INVALID_AMOUNT'],
      ['input.rates.2.amount', 'INVALID_AMOUNT'],
      ['input.rates.3.maxWeightGrams', 'INVALID'],
      ['input.rates.4.kind', 'INVALID'],
    ]);
    const none = await settings().request<Gql>(createMethod, { input: { zoneId, name: 'Empty', rates: [] } });
    expect(none.data.createShippingMethod.userErrors[0]).toMatchObject({ field: ['input', 'rates'], code: 'REQUIRED' });
    const wrongKind = await settings().request<Gql>(createMethod, {
      input: { zoneId: 'ord_01M8EZ1ADP0E6NPFBR7ZS43PDK', name: 'X', rates: [] },
    });
    expect(wrongKind.data.createShippingMethod.userErrors[0]).toMatchObject({
      field: ['input', 'zoneId'],
      code: 'NOT_FOUND',
    });
    const after = await settings().request<Gql>('{ shippingZones { edges { node { methods { name } } } } }');
    expect(after.data.shippingZones.edges[0].node.methods).toEqual([{ name: 'Parcel' }]);
  });

  it('needs settings:write to change shipping, and a staff permission to read it', async () => {
    const denied = await t
      .as({ permissions: ['orders:write'] })
      .request<Gql>(createZone, { input: { name: 'X', countries: ['DE'] } });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await t.asAnonymous().request<Gql>('{ shippingZones { edges { node { id } } } }');
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('keeps tenants apart', async () => {
    const other = await t.createTenant('other-shop');
    const zones = await settings().request<Gql>('{ shippingZones { edges { node { id } } } }');
    const id = zones.data.shippingZones.edges[0].node.id;
    const result = await t
      .as({ permissions: ['settings:write', 'settings:read'] }, { tenant: other })
      .request<Gql>('query($id: ID!) { shippingZone(id: $id) { id } }', { id });
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const update = await t
      .as({ permissions: ['settings:write'] }, { tenant: other })
      .request<Gql>(`mutation($id: ID!) { updateShippingZone(input: { id: $id, name: "mine" }) { ${userErrors} } }`, {
        id,
      });
    expect(update.data.updateShippingZone.userErrors[0].code).toBe('NOT_FOUND');
  });

  it('checks addresses when a cart asks for shipping (address rules, without the other domains)', async () => {
    const { checkAddress } = await import('../src/model/address.ts');
    const { Problems } = await import('@meridian/kit');
    const problems = new Problems();
    expect(
      checkAddress(problems, ['a'], {
        name: 'A',
        line1: '1 Main St',
        city: 'Austin',
        country: 'us',
        region: 'tx',
        postalCode: '73301',
      }),
    ).toMatchObject({ country: 'US', region: 'TX' });
    expect(
      checkAddress(problems, ['b'], { name: 'B', line1: '1', city: 'X', country: 'US', postalCode: '7330' }),
    ).toBeNull();
    expect(
      checkAddress(problems, ['c'], { name: 'C', line1: '1', city: 'London', country: 'GB', postalCode: 'sw1a 1aa' }),
    ).toMatchObject({ postalCode: 'SW1A 1AA' });
    expect(checkAddress(problems, ['d'], { name: 'D', line1: '1', city: 'Dublin', country: 'IE' })).toMatchObject({
      postalCode: null,
    });
    expect(problems.list.map((p) => [p.field?.join('.'), p.code])).toEqual([
      ['input.b.region', 'REQUIRED'],
      ['input.b.postalCode', 'INVALID_POSTAL_CODE'],
    ]);
  });
});
