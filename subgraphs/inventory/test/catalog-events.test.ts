import { createEventRuntime, type EventRuntime, newId, publishEvent, seedDemoData, withTenant } from '@meridian/kit';
import { startTestSubgraphs, type TestClient, type TestSubgraphs } from '@meridian/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogProductCreated, catalogProductUpdated } from '../src/events.ts';
import { createInventorySubgraph } from '../src/index.ts';
import { createWarehouse, expectLedgerBalanced, type Gql, mutations, receive } from './inventory-client.ts';

const subgraph = createInventorySubgraph();
let t: TestSubgraphs;
let admin: TestClient;
let events: EventRuntime;
beforeAll(async () => {
  t = await startTestSubgraphs([subgraph]);
  admin = t.asTenantAdmin();
  events = createEventRuntime({
    database: t.testDatabase.database,
    subscribers: subgraph.subscribers,
    options: { pollIntervalMs: 500 },
  });
  await events.start();
});
afterAll(async () => {
  await events?.stop();
  await t?.close();
});

/** Catalog's side of the contract: the event as catalog publishes it, in a tenant transaction. */
const publish = async (event: Parameters<typeof publishEvent>[1]) => {
  await withTenant(t.testDatabase.database, t.tenant, (tx) => publishEvent(tx, event));
  await events.drain();
};

const itemQuery = `query($id: ID!) { inventoryItem(variantId: $id) { sku product { id } onHand
  levels { warehouse { code } onHand reorderPoint } valuation { value { currency } } } }`;

describe('catalog events', () => {
  it('learns the variants of a new product, without stock outside the demo', async () => {
    const productId = newId('prd');
    const variants = [
      { id: newId('var'), sku: 'TENT-2P' },
      { id: newId('var'), sku: 'TENT-3P' },
    ];
    await publish(catalogProductCreated.create({ productId, variants, demo: false }));
    const item = await admin.request<Gql>(itemQuery, { id: variants[0]?.id });
    expect(item.errors).toBeUndefined();
    expect(item.data.inventoryItem).toMatchObject({
      sku: 'TENT-2P',
      product: { id: productId },
      onHand: 0,
      levels: [],
    });
  });

  it('learns variants added later from product updates', async () => {
    const productId = newId('prd');
    const first = { id: newId('var'), sku: 'MAT-S' };
    const added = { id: newId('var'), sku: 'MAT-L' };
    await publish(catalogProductCreated.create({ productId, variants: [first], demo: false }));
    await publish(catalogProductUpdated.create({ productId, changed: ['variants'], variants: [first, added] }));
    const item = await admin.request<Gql>(itemQuery, { id: added.id });
    expect(item.data.inventoryItem).toMatchObject({ sku: 'MAT-L', product: { id: productId } });
  });

  it('stocks demo products in the two demo warehouses, once, however often the event comes', async () => {
    await seedDemoData(t.testDatabase.database, t.tenant, [subgraph]);
    const productId = newId('prd');
    const variants = Array.from({ length: 6 }, (_, i) => ({ id: newId('var'), sku: `DEMO-${i}` }));
    const event = catalogProductCreated.create({ productId, variants, demo: true });
    await publish(event);
    await publish(event); // a second delivery of the same content (a new event id)
    const warehouses = await admin.request<Gql>('{ warehouses { edges { node { code } } } }');
    expect(warehouses.data.warehouses.edges.map((e: Gql) => e.node.code)).toEqual(['MAIN', 'EAST']);
    let stocked = 0;
    for (const variant of variants) {
      const item = (await admin.request<Gql>(itemQuery, { id: variant.id })).data.inventoryItem;
      expect(item.levels.map((l: Gql) => l.warehouse.code)).toEqual(['MAIN', 'EAST']);
      expect(item.levels.map((l: Gql) => l.reorderPoint >= 5)).toEqual([true, false]);
      if (item.onHand > 0) {
        stocked++;
        expect(item.valuation.value.currency).toBe('USD');
      }
    }
    expect(stocked).toBeGreaterThan(0);
    const movements = await admin.request<Gql>(
      '{ stockMovements(first: 100, kind: RECEIPT) { edges { node { variant { id } } } } }',
    );
    const receipts = movements.data.stockMovements.edges.filter((e: Gql) =>
      variants.some((v) => v.id === e.node.variant.id),
    );
    expect(receipts.length).toBeLessThanOrEqual(variants.length * 2);
    await expectLedgerBalanced(admin);
  });
});

describe('federation: Product and ProductVariant availability', () => {
  it('sums the sellable units of a product’s variants over active warehouses, for many products at once', async () => {
    const backroom = await createWarehouse(admin, 'BACK', 90);
    const listed = await admin.request<Gql>('{ warehouses { edges { node { id code } } } }');
    const main = listed.data.warehouses.edges.find((e: Gql) => e.node.code === 'MAIN').node.id;
    const products = Array.from({ length: 24 }, () => ({ id: newId('prd'), variants: [newId('var'), newId('var')] }));
    // Inventory learns the product of each variant (from catalog's events, tested above; tracked directly here).
    for (const product of products) {
      for (const variantId of product.variants) {
        await admin.request(mutations.track, { input: { variantId, productId: product.id, sku: variantId } });
      }
    }
    for (const [index, product] of products.entries()) {
      if (index % 3 === 0) continue; // sold out
      await receive(admin, product.variants[0] as string, main, index);
      await receive(admin, product.variants[1] as string, backroom, 100);
    }
    await admin.request(mutations.updateWarehouse, { input: { id: backroom, active: false } });
    const result = await t
      .asAnonymous()
      .request<Gql>(
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id available inStock } } }',
        { r: products.map((p) => ({ __typename: 'Product', id: p.id })) },
      );
    expect(result.errors).toBeUndefined();
    expect(result.data._entities).toEqual(
      products.map((p, index) => ({ id: p.id, available: index % 3 === 0 ? 0 : index, inStock: index % 3 !== 0 })),
    );
  });
});
