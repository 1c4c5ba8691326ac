import { connectDatabase, type Database, deliverEvent, idToUuid, newId, withTenant } from '@meridian/kit';
import { startTestSubgraphs, type TestSubgraphs } from '@meridian/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalogSubgraph } from '../src/index.ts';
import { createProduct } from './helpers.ts';

/**
 * The catalog's copy of inventory's stock (`inventory.stock-changed`, twice per order): the variant's
 * sum over warehouses, the product's in-stock flag, late reports, and the statements one report costs.
 */

let t: TestSubgraphs;
let counted: Database;
const statements: string[] = [];
const subgraph = createCatalogSubgraph();
const handler = subgraph.subscribers.find((s) => s.name === 'catalog.record-stock-availability')!;
let productId: string;
let small: string;
let large: string;

beforeAll(async () => {
  t = await startTestSubgraphs([subgraph]);
  const { product } = await createProduct(t.as({ permissions: ['catalog:write'] }));
  productId = product.id;
  [small, large] = product.variants.map((v: { id: string }) => v.id);
  counted = connectDatabase(t.platform.database.url, { max: 2 });
  (counted.sql.options as { debug?: unknown }).debug = (_connection: number, text: string) => {
    // The tenant lookup before delivery is the kit's, and cached in a running suite.
    if (!text.includes('pg_catalog.pg_type') && !text.includes('"control".'))
      statements.push(text.replace(/\s+/g, ' ').trim().slice(0, 100));
  };
});
afterAll(async () => {
  await counted?.close();
  await t?.close();
});

/** Delivers one report (a fresh event id unless given) and returns the statements it sent. */
async function report(variantId: string, warehouseId: string, available: number, eventId = newId('evt')) {
  statements.length = 0;
  const outcome = await deliverEvent(
    counted,
    handler,
    {
      tenantId: t.tenant.id,
      eventId,
      type: 'inventory.stock-changed',
      key: variantId,
      payload: { variantId, warehouseId, onHand: available, reserved: 0, available },
      occurredAt: new Date().toISOString(),
    },
    { cache: t.platform.cache },
  );
  expect(outcome).toBe('handled');
  return [...statements];
}

async function stored() {
  return withTenant(t.platform.database, t.tenant, async (tx) => {
    const variants = (await tx.execute(
      sql`select id, available from product_variants where product_id = ${idToUuid('prd', productId)}`,
    )) as unknown as { id: string; available: number }[];
    const [product] = (await tx.execute(
      sql`select in_stock from products where id = ${idToUuid('prd', productId)}`,
    )) as unknown as { in_stock: boolean }[];
    const of = (id: string) => variants.find((v) => v.id === idToUuid('var', id))?.available;
    return { small: of(small), large: of(large), inStock: product?.in_stock };
  });
}

describe('stock availability from inventory', () => {
  it('sums warehouses per variant, flags the product, and keeps the newest report', async () => {
    const handled = await report(small, 'whs_a', 4);
    // begin, bind, the delivery mark, the product lock, the one statement for the rest, commit.
    expect(handled, handled.join('\n')).toHaveLength(6);
    expect(await stored()).toEqual({ small: 4, large: 0, inStock: true });

    await report(small, 'whs_b', 3);
    await report(small, 'whs_c', -2); // oversold in one warehouse: counts as none there
    expect(await stored()).toEqual({ small: 7, large: 0, inStock: true });

    const older = newId('evt');
    const newer = newId('evt');
    await report(large, 'whs_a', 5, newer);
    await report(large, 'whs_a', 0, older); // arrives late: ignored
    expect(await stored()).toEqual({ small: 7, large: 5, inStock: true });

    await report(small, 'whs_a', 0);
    await report(small, 'whs_b', 0);
    expect(await stored()).toEqual({ small: 0, large: 5, inStock: true });
    await report(large, 'whs_a', 0);
    expect(await stored()).toEqual({ small: 0, large: 0, inStock: false });
    await report(large, 'whs_b', 1);
    expect(await stored()).toEqual({ small: 0, large: 1, inStock: true });
  });

  it('mends a stored sum or flag that drifted, as a full recompute would', async () => {
    await withTenant(t.platform.database, t.tenant, (tx) =>
      tx.execute(sql`update product_variants set available = 99 where id = ${idToUuid('var', large)}`),
    );
    await withTenant(t.platform.database, t.tenant, (tx) =>
      tx.execute(sql`update products set in_stock = false where id = ${idToUuid('prd', productId)}`),
    );
    await report(small, 'whs_a', 0); // changes nothing of its own
    expect(await stored()).toEqual({ small: 0, large: 99, inStock: true });
    await report(large, 'whs_a', 0);
    expect(await stored()).toEqual({ small: 0, large: 1, inStock: true });
  });

  it('ignores a variant the catalog does not know', async () => {
    const handled = await report(newId('var'), 'whs_a', 3);
    expect(handled).toHaveLength(5);
  });
});
