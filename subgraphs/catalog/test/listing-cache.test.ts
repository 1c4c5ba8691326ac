import { deliverEvent, newId, withTenant } from '@meridian/kit';
import { startTestSubgraphs, type TestSubgraphs } from '@meridian/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalogSubgraph } from '../src/index.ts';
import { createProduct } from './helpers.ts';

let t: TestSubgraphs;
const subgraph = createCatalogSubgraph();
const slugs: string[] = [];
beforeAll(async () => {
  t = await startTestSubgraphs([subgraph]);
  for (const [i, price] of ['30.00', '10.00', '20.00'].entries()) {
    const { product } = await createProduct(writer(), {
      slug: `listed-${i}`,
      options: [],
      variants: [{ sku: `LISTED-${i}`, prices: [{ amount: price, currencyCode: 'USD' }] }],
    });
    slugs.push(product.slug);
  }
});
afterAll(async () => {
  await t?.close();
});

const writer = () => t.as({ permissions: ['catalog:write'] });
const inTenant = <T>(work: Parameters<typeof withTenant<T>>[2]) => withTenant(t.platform.database, t.tenant, work);
const listing = async (args = 'sort: NEWEST') => {
  const r = await t
    .asAnonymous()
    .request<any>(`{ products(first: 50, ${args}) { edges { node { slug availableForSale } } } }`);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data.products.edges.map((e: any) => e.node) as { slug: string; availableForSale: boolean }[];
};
const listed = async (args?: string) => (await listing(args)).map((n) => n.slug);
const deliver = (name: string, type: string, payload: unknown) =>
  deliverEvent(
    t.platform.database,
    subgraph.subscribers.find((s) => s.name === name)!,
    { tenantId: t.tenant.id, eventId: newId('evt'), type, key: null, payload, occurredAt: new Date().toISOString() },
    { cache: t.platform.cache },
  );

describe('storefront listing cache', () => {
  it('serves the page from the cache until a product event says it changed', async () => {
    expect(await listed()).toEqual([...slugs].reverse());
    // Archived behind the model's back (another instance, a script): the cached page still lists it.
    const productId = await idOf(slugs[0] as string);
    await inTenant((tx) => tx.execute(sql`update products set status = 'archived' where slug = ${slugs[0]}`));
    expect(await listed()).toContain(slugs[0]);
    await deliver('catalog.invalidate-on-product-archived', 'catalog.product.archived', { productId });
    expect(await listed()).not.toContain(slugs[0]);
    await inTenant((tx) => tx.execute(sql`update products set status = 'active' where slug = ${slugs[0]}`));
    await t.platform.cache.invalidateTags(t.tenant.id, ['catalog:listings']);
  });

  it('shows a created, updated or re-priced product on the very next read', async () => {
    await listed();
    const { product } = await createProduct(writer(), { slug: 'listed-new', options: [], variants: [{ sku: 'LN-1' }] });
    expect((await listed())[0]).toBe('listed-new');
    await writer().request('mutation($id: ID!) { archiveProduct(input: { id: $id }) { userErrors { code } } }', {
      id: product.id,
    });
    expect(await listed()).not.toContain('listed-new');

    expect((await listed('sort: PRICE_ASC')).slice(0, 3)).toEqual(['listed-1', 'listed-2', 'listed-0']);
    const variant = (await t.asAnonymous().request<any>('{ product(slug: "listed-0") { variants { id } } }')).data
      .product.variants[0].id;
    await writer().request(
      'mutation($v: ID!) { setVariantPrices(input: { variantId: $v, currencyCode: "USD", tiers: [{ minQuantity: 1, amount: "1.00" }] }) { userErrors { code } } }',
      { v: variant },
    );
    expect((await listed('sort: PRICE_ASC')).slice(0, 3)).toEqual(['listed-0', 'listed-1', 'listed-2']);
  });

  it('follows stock running out and coming back (in-stock filter and availability)', async () => {
    const variant = (await t.asAnonymous().request<any>('{ product(slug: "listed-2") { variants { id } } }')).data
      .product.variants[0].id;
    expect(await listed('filter: { inStock: true }')).toEqual([]);
    const stock = (available: number) =>
      deliver('catalog.record-stock-availability', 'inventory.stock-changed', {
        variantId: variant,
        warehouseId: 'wh_1',
        onHand: available,
        reserved: 0,
        available,
      });
    await stock(4);
    expect(await listing('filter: { inStock: true }')).toEqual([{ slug: 'listed-2', availableForSale: true }]);
    await stock(3); // still in stock: nothing a listing shows changed
    expect(await listed('filter: { inStock: true }')).toEqual(['listed-2']);
    await stock(0);
    expect(await listed('filter: { inStock: true }')).toEqual([]);
    expect((await listing()).find((n) => n.slug === 'listed-2')?.availableForSale).toBe(false);
  });
});

async function idOf(slug: string): Promise<string> {
  const r = await t
    .as({ permissions: ['catalog:read'] })
    .request<any>('query($s: String) { product(slug: $s) { id } }', {
      s: slug,
    });
  return r.data.product.id;
}
