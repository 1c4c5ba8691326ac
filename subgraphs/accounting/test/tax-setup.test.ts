import { listAuditLog, newId, outbox, seedDemoData, verifyAuditChain, withTenant } from '@meridian/kit';
import { startTestSubgraphs, type TestClient, type TestSubgraphs } from '@meridian/kit/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccountingSubgraph } from '../src/index.ts';
import { classIds, created, documents, fieldsOf, type Gql, mutate } from './tax-client.ts';

let t: TestSubgraphs;
let admin: TestClient;
let classes: Record<string, string>;

beforeAll(async () => {
  t = await startTestSubgraphs([createAccountingSubgraph()]);
  admin = t.asTenantAdmin();
  classes = await classIds(admin);
});
afterAll(async () => {
  await t?.close();
});

const inTenant = <T>(work: Parameters<typeof withTenant<T>>[2]) => withTenant(t.platform.database, t.tenant, work);

async function zone(country = 'GB', extra = {}) {
  return (await created(admin, documents.createZone, { name: `Zone ${country} ${Math.random()}`, country, ...extra }))
    .id as string;
}

describe('defaults of a new tenant', () => {
  it('has the built-in classes, exclusive prices, the standard class by default and no zones', async () => {
    expect(Object.keys(classes).sort()).toEqual(['exempt', 'reduced', 'standard', 'zero']);
    const settings = await admin.request<Gql>(
      '{ taxSettings { pricesIncludeTax shippingTaxMode defaultTaxClass { code } } taxZones { edges { node { id } } } }',
    );
    expect(settings.data).toEqual({
      taxSettings: { pricesIncludeTax: false, shippingTaxMode: 'PROPORTIONAL', defaultTaxClass: { code: 'standard' } },
      taxZones: { edges: [] },
    });
  });
});

describe('zones', () => {
  it('normalises codes and patterns, and pages through zones', async () => {
    const created1 = await created(admin, documents.createZone, {
      name: 'New York City',
      country: 'us',
      regions: ['ny', 'NY'],
      postalCodePatterns: ['100*', '10001..10299', 'sw1a 1aa'],
    });
    expect(created1).toMatchObject({
      country: 'US',
      regions: ['NY'],
      postalCodePatterns: ['100*', '10001..10299', 'SW1A1AA'],
    });
    await zone('DE');
    const first = await admin.request<Gql>(
      '{ taxZones(first: 1) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }',
    );
    expect(first.data.taxZones.pageInfo.hasNextPage).toBe(true);
    const next = await admin.request<Gql>(
      'query($a: String) { taxZones(first: 1, after: $a) { edges { node { country } } } }',
      {
        a: first.data.taxZones.pageInfo.endCursor,
      },
    );
    expect(next.data.taxZones.edges.map((e: Gql) => e.node.country)).toEqual(['DE']);
    const german = await admin.request<Gql>('{ taxZones(country: "de") { edges { node { country } } } }');
    expect(german.data.taxZones.edges).toEqual([{ node: { country: 'DE' } }]);
  });

  it('refuses bad input with userErrors and writes nothing', async () => {
    const before = await admin.request<Gql>('{ taxZones(first: 250) { edges { node { id } } } }');
    const payload = await mutate(admin, documents.createZone, {
      name: ' ',
      country: 'XX',
      regions: ['North Rhine'],
      postalCodePatterns: ['1..99', 'a b c d e f g h i j k l m n o p q'],
    });
    expect(payload.taxZone).toBeNull();
    expect(fieldsOf(payload.userErrors)).toEqual([
      'input.name:REQUIRED',
      'input.country:UNKNOWN_COUNTRY',
      'input.regions.0:INVALID',
      'input.postalCodePatterns.0:INVALID',
      'input.postalCodePatterns.1:INVALID',
    ]);
    const after = await admin.request<Gql>('{ taxZones(first: 250) { edges { node { id } } } }');
    expect(after.data.taxZones.edges).toHaveLength(before.data.taxZones.edges.length);
  });

  it('updates and deletes a zone without rates, refuses to delete one with rates', async () => {
    const id = await zone('FR');
    const updated = await created(admin, documents.updateZone, {
      id,
      name: 'France métropolitaine',
      postalCodePatterns: ['75*'],
    });
    expect(updated).toMatchObject({ name: 'France métropolitaine', country: 'FR', postalCodePatterns: ['75*'] });
    await created(admin, documents.createRate, { zoneId: id, taxClassId: classes.standard, name: 'TVA', rate: '20' });
    const refused = await mutate(admin, documents.deleteZone, { id });
    expect(fieldsOf(refused.userErrors)).toEqual(['input.id:IN_USE']);
    const empty = await zone('BE');
    expect(await mutate(admin, documents.deleteZone, { id: empty })).toEqual({ deletedId: empty, userErrors: [] });
    const gone = await admin.request<Gql>('query($id: ID!) { taxZone(id: $id) { id } }', { id: empty });
    expect(gone.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('returns the first zone for a retried create with the same idempotency key', async () => {
    const input = { idempotencyKey: 'zone-retry', name: 'Ireland', country: 'IE' };
    const [a, b] = await Promise.all([
      created(admin, documents.createZone, input),
      created(admin, documents.createZone, input),
    ]);
    expect(a.id).toBe(b.id);
    const listed = await admin.request<Gql>('{ taxZones(country: "IE") { edges { node { id } } } }');
    expect(listed.data.taxZones.edges).toHaveLength(1);
  });
});

describe('classes', () => {
  it('creates custom classes; codes are unique; built-in and used classes stay', async () => {
    const books = await created(admin, documents.createClass, { code: 'books', name: 'Books' });
    expect(books).toMatchObject({ code: 'books', exempt: false, builtIn: false });
    const duplicate = await mutate(admin, documents.createClass, { code: 'Books', name: 'Again' });
    expect(fieldsOf(duplicate.userErrors)).toEqual(['input.code:DUPLICATE_CODE']);
    const invalid = await mutate(admin, documents.createClass, { code: 'no spaces', name: '' });
    expect(fieldsOf(invalid.userErrors)).toEqual(['input.code:INVALID', 'input.name:REQUIRED']);
    expect(fieldsOf((await mutate(admin, documents.deleteClass, { id: classes.standard })).userErrors)).toEqual([
      'input.id:BUILT_IN',
    ]);
    await mutate(admin, documents.setProductClass, { productIds: [newId('prd')], taxClassId: books.id });
    expect(fieldsOf((await mutate(admin, documents.deleteClass, { id: books.id })).userErrors)).toEqual([
      'input.id:IN_USE',
    ]);
    const spare = await created(admin, documents.createClass, { code: 'spare', name: 'Spare' });
    expect((await mutate(admin, documents.deleteClass, { id: spare.id })).deletedId).toBe(spare.id);
    expect((await created(admin, documents.updateClass, { id: books.id, name: 'Printed books' })).name).toBe(
      'Printed books',
    );
  });

  it('never attaches a rate to an exempt class', async () => {
    const payload = await mutate(admin, documents.createRate, {
      zoneId: await zone('NL'),
      taxClassId: classes.exempt,
      name: 'BTW',
      rate: '21',
    });
    expect(fieldsOf(payload.userErrors)).toEqual(['input.taxClassId:CLASS_EXEMPT']);
  });
});

describe('rates', () => {
  it('validates the percentage, priority and window', async () => {
    const zoneId = await zone('AT');
    const payload = await mutate(admin, documents.createRate, {
      zoneId,
      taxClassId: classes.standard,
      name: 'USt',
      rate: '20.0005',
      priority: 10,
      validFrom: '2026-01-01T00:00:00Z',
      validTo: '2025-01-01T00:00:00Z',
    });
    expect(fieldsOf(payload.userErrors)).toEqual([
      'input.rate:INVALID_RATE',
      'input.priority:INVALID',
      'input.validTo:INVALID_WINDOW',
    ]);
    for (const rate of ['101', '-1', '1e2', 'twenty']) {
      const refused = await mutate(admin, documents.createRate, {
        zoneId,
        taxClassId: classes.standard,
        name: 'USt',
        rate,
      });
      expect(fieldsOf(refused.userErrors)).toEqual(['input.rate:INVALID_RATE']);
    }
    const unknown = await mutate(admin, documents.createRate, {
      zoneId: newId('txz'),
      taxClassId: newId('txc'),
      name: 'x',
      rate: '1',
    });
    expect(fieldsOf(unknown.userErrors)).toEqual(['input.zoneId:NOT_FOUND', 'input.taxClassId:NOT_FOUND']);
  });

  it('refuses overlapping validity for the same zone × class × priority; adjacent windows are fine', async () => {
    const zoneId = await zone('PT');
    const rate = (validFrom: string | null, validTo: string | null, extra = {}) =>
      mutate(admin, documents.createRate, {
        zoneId,
        taxClassId: classes.standard,
        name: 'IVA',
        rate: '23',
        validFrom,
        validTo,
        ...extra,
      });
    expect((await rate('2020-01-01T00:00:00Z', '2024-01-01T00:00:00Z')).userErrors).toEqual([]);
    expect((await rate('2024-01-01T00:00:00Z', null)).userErrors).toEqual([]);
    for (const [from, to] of [
      ['2023-12-31T00:00:00Z', '2024-06-01T00:00:00Z'],
      [null, '2020-01-01T00:00:01Z'],
      ['2030-01-01T00:00:00Z', null],
      [null, null],
    ]) {
      const payload = await rate(from ?? null, to ?? null);
      expect(fieldsOf(payload.userErrors)).toEqual(['input.validFrom:OVERLAPPING_VALIDITY']);
    }
    // Another priority stacks instead of overlapping; another class is another rate.
    expect((await rate(null, null, { priority: 2, name: 'Local' })).userErrors).toEqual([]);
    expect((await rate(null, null, { taxClassId: classes.reduced })).userErrors).toEqual([]);
    // An update may not move a window onto its neighbour.
    const rates = await admin.request<Gql>(
      'query($z: ID!) { taxRates(zoneId: $z, validAt: "2021-06-01T00:00:00Z") { edges { node { id } } } }',
      {
        z: zoneId,
      },
    );
    const [early] = rates.data.taxRates.edges.map((e: Gql) => e.node.id);
    const moved = await mutate(admin, documents.updateRate, { id: early, validTo: null });
    expect(fieldsOf(moved.userErrors)).toEqual(['input.validFrom:OVERLAPPING_VALIDITY']);
  });

  it('lets exactly one of 50 concurrent overlapping creates through', async () => {
    const zoneId = await zone('PL');
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        mutate(admin, documents.createRate, {
          zoneId,
          taxClassId: classes.standard,
          name: `VAT ${i}`,
          rate: '23',
          validFrom: `2025-01-${String((i % 28) + 1).padStart(2, '0')}T00:00:00Z`,
        }),
      ),
    );
    expect(results.filter((r) => r.taxRate)).toHaveLength(1);
    expect(results.filter((r) => r.userErrors[0]?.code === 'OVERLAPPING_VALIDITY')).toHaveLength(49);
    const stored = await admin.request<Gql>('query($z: ID!) { taxRates(zoneId: $z) { edges { node { id } } } }', {
      z: zoneId,
    });
    expect(stored.data.taxRates.edges).toHaveLength(1);
  });

  it('creates once for 20 concurrent retries with one idempotency key', async () => {
    const zoneId = await zone('CZ');
    const input = { idempotencyKey: 'rate-once', zoneId, taxClassId: classes.standard, name: 'DPH', rate: '21' };
    const results = await Promise.all(Array.from({ length: 20 }, () => mutate(admin, documents.createRate, input)));
    expect(new Set(results.map((r) => r.taxRate?.id)).size).toBe(1);
    expect(results.every((r) => r.userErrors.length === 0)).toBe(true);
  });

  it('schedules a change of law: the old rate ends where the new one starts', async () => {
    const zoneId = await zone('SK');
    const current = await created(admin, documents.createRate, {
      zoneId,
      taxClassId: classes.standard,
      name: 'DPH',
      rate: '20',
    });
    const change = { id: current.id, rate: '23', effectiveFrom: '2025-01-01T00:00:00Z', idempotencyKey: 'sk-2025' };
    const payload = await mutate(admin, documents.scheduleChange, change);
    expect(payload.previousRate).toMatchObject({
      rate: '20.000',
      validFrom: null,
      validTo: '2025-01-01T00:00:00.000Z',
    });
    expect(payload.taxRate).toMatchObject({
      rate: '23.000',
      validFrom: '2025-01-01T00:00:00.000Z',
      validTo: null,
      name: 'DPH',
    });
    expect((await mutate(admin, documents.scheduleChange, change)).taxRate.id).toBe(payload.taxRate.id);
    const outside = await mutate(admin, documents.scheduleChange, {
      ...change,
      idempotencyKey: null,
      effectiveFrom: '2026-01-01T00:00:00Z',
    });
    expect(fieldsOf(outside.userErrors)).toEqual(['input.effectiveFrom:INVALID_WINDOW']);
  });

  it('publishes accounting.tax-rate.changed and audits every change in the same transaction', async () => {
    const zoneId = await zone('HU');
    const rate = await created(admin, documents.createRate, {
      zoneId,
      taxClassId: classes.standard,
      name: 'ÁFA',
      rate: '27',
    });
    await created(admin, documents.updateRate, { id: rate.id, rate: '27.5' });
    expect((await mutate(admin, documents.deleteRate, { id: rate.id })).deletedId).toBe(rate.id);
    const events = await inTenant((tx) => tx.select().from(outbox).where(eq(outbox.key, rate.id)));
    expect(
      events.map((e) => [e.type, (e.payload as Gql).change, (e.payload as Gql).rate, (e.payload as Gql).country]),
    ).toEqual([
      ['accounting.tax-rate.changed', 'created', '27.000', 'HU'],
      ['accounting.tax-rate.changed', 'updated', '27.500', 'HU'],
      ['accounting.tax-rate.changed', 'deleted', '27.500', 'HU'],
    ]);
    const audit = await inTenant((tx) => listAuditLog(tx, { entityId: rate.id }));
    expect(audit.edges.map((e) => e.node.action).reverse()).toEqual([
      'tax-rate.create',
      'tax-rate.update',
      'tax-rate.delete',
    ]);
    const update = audit.edges.find((e) => e.node.action === 'tax-rate.update')?.node as Gql;
    expect([update.before.rate, update.after.rate]).toEqual(['27.000', '27.500']);
    expect((await inTenant((tx) => verifyAuditChain(tx))).ok).toBe(true);
  });

  it('audits zone, class, settings and product-class changes too', async () => {
    const actions = await inTenant(async (tx) =>
      (await listAuditLog(tx, { first: 250 })).edges.map((e) => e.node.action),
    );
    for (const action of [
      'tax-zone.create',
      'tax-zone.update',
      'tax-zone.delete',
      'tax-class.create',
      'tax-class.update',
      'tax-class.delete',
      'product.tax-class.set',
    ]) {
      expect(actions).toContain(action);
    }
  });
});

describe('settings', () => {
  it('needs a class when shipping is taxed by class, and names unknown classes', async () => {
    const missing = await mutate(admin, documents.updateSettings, { shippingTaxMode: 'CLASS' });
    expect(fieldsOf(missing.userErrors)).toEqual(['input.shippingTaxClassId:REQUIRED']);
    const unknown = await mutate(admin, documents.updateSettings, { defaultTaxClassId: newId('txc') });
    expect(fieldsOf(unknown.userErrors)).toEqual(['input.defaultTaxClassId:NOT_FOUND']);
    const set = await created(admin, documents.updateSettings, {
      shippingTaxMode: 'CLASS',
      shippingTaxClassId: classes.standard,
    });
    expect(set).toMatchObject({ shippingTaxMode: 'CLASS', shippingTaxClass: { code: 'standard' } });
    const events = await inTenant((tx) =>
      tx.select().from(outbox).where(eq(outbox.type, 'accounting.tax-settings.changed')),
    );
    expect(events.at(-1)?.payload).toMatchObject({ shippingTaxMode: 'class', shippingTaxClassId: classes.standard });
  });
});

describe('demo data', () => {
  it('seeds UK, EU and US zones once; New York City stacks on the state rate', async () => {
    const demo = await t.createTenant('demo-tax');
    const subgraph = createAccountingSubgraph();
    await seedDemoData(t.platform.database, demo, [subgraph]);
    await seedDemoData(t.platform.database, demo, [subgraph]);
    const staff = t.asTenantAdmin(demo);
    const zones = await staff.request<Gql>('{ taxZones(first: 100) { edges { node { name country regions } } } }');
    expect(zones.data.taxZones.edges.map((e: Gql) => e.node.name)).toEqual([
      'United Kingdom',
      'Germany',
      'France',
      'Netherlands',
      'California',
      'New York State',
      'New York City',
      'Texas',
    ]);
    const quote = await t.asAnonymous(demo).request<Gql>(documents.taxQuote, {
      input: {
        currency: 'USD',
        address: { country: 'US', region: 'NY', postalCode: '10001' },
        lines: [{ key: 'tent', unitAmount: '100', quantity: 1 }],
      },
    });
    expect(quote.data.taxQuote.quote.breakdown.map((b: Gql) => [b.name, b.taxAmount.amount])).toEqual([
      ['NY state tax', '4.00'],
      ['NYC tax', '4.50'],
      ['MCTD', '0.38'],
    ]);
    const books = (await classIds(staff)).books;
    const uk = await t.asAnonymous(demo).request<Gql>(documents.taxQuote, {
      input: {
        currency: 'GBP',
        address: { country: 'GB' },
        lines: [{ key: 'book', unitAmount: '10', quantity: 1, taxClassId: books }],
      },
    });
    expect(uk.data.taxQuote.quote.taxTotal.amount).toBe('0.00');
  });
});
