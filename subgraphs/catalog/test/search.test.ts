import { deliverEvent, newId } from '@meridian/kit';
import { startTestSubgraphs, type TestSubgraphs } from '@meridian/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalogSubgraph } from '../src/index.ts';
import { createProduct } from './helpers.ts';

let t: TestSubgraphs;
const subgraph = createCatalogSubgraph();
const ids: Record<string, string> = {};
const variants: Record<string, string> = {};
let shoes: string;
let hats: string;

beforeAll(async () => {
  t = await startTestSubgraphs([subgraph]);
  const writer = t.as({ permissions: ['catalog:write'] });
  const cat = async (title: string) =>
    (
      await writer.request<any>('mutation($t: String!) { createCategory(input: { title: $t }) { category { id } } }', {
        t: title,
      })
    ).data.createCategory.category.id;
  shoes = await cat('Shoes');
  hats = await cat('Hats');
  const items: [string, string, string, string, string][] = [
    ['Trail Running Shoe', 'RUN-1', '120.00', 'red', 'shoes'],
    ['Leather Walking Shoe', 'WALK-1', '80.00', 'brown', 'shoes'],
    ['Wool Beanie Hat', 'HAT-1', '25.00', 'red', 'hats'],
    ['Canvas Sun Hat', 'HAT-2', '35.00', 'beige', 'hats'],
    ['Cotton Socks', 'SOCK-1', '9.50', 'white', ''],
  ];
  for (const [title, sku, price, color, category] of items) {
    const { product } = await createProduct(writer, {
      title,
      slug: sku.toLowerCase(),
      options: [],
      attributes: [{ key: 'color', values: [color] }],
      categoryIds: category === 'shoes' ? [shoes] : category === 'hats' ? [hats] : [],
      variants: [{ sku, prices: [{ amount: price, currencyCode: 'USD' }] }],
    });
    ids[sku] = product.id;
    variants[sku] = product.variants[0].id;
  }
  await createProduct(writer, {
    title: 'Draft Running Shoe',
    slug: 'draft-shoe',
    status: 'DRAFT',
    options: [],
    variants: [{ sku: 'DRAFT-1' }],
  });
});
afterAll(async () => {
  await t?.close();
});

const search = async (args: string, vars: Record<string, unknown> = {}, client = t.asAnonymous()) => {
  const r = await client.request<any>(
    `query($f: ProductFilter, $s: ProductSort, $after: String, $first: Int) { products(filter: $f, sort: $s, after: $after, first: $first) { ${args} } }`,
    vars,
  );
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data.products;
};
const titles = (conn: any) => conn.edges.map((e: any) => e.node.title);

describe('search', () => {
  it('finds by full text with prefixes, only active products for the storefront', async () => {
    expect(titles(await search('edges { node { title } }', { f: { query: 'shoe' } }))).toEqual(
      expect.arrayContaining(['Trail Running Shoe', 'Leather Walking Shoe']),
    );
    expect(titles(await search('edges { node { title } }', { f: { query: 'runn' } }))).toEqual(['Trail Running Shoe']);
    const admin = await search('edges { node { title } }', { f: { query: 'running' } }, t.asTenantAdmin());
    expect(titles(admin).sort()).toEqual(['Draft Running Shoe', 'Trail Running Shoe']);
  });

  it('tolerates typos through trigrams', async () => {
    expect(titles(await search('edges { node { title } }', { f: { query: 'beanei' } }))).toEqual(['Wool Beanie Hat']);
    expect(titles(await search('edges { node { title } }', { f: { query: 'lether' } }))).toEqual([
      'Leather Walking Shoe',
    ]);
  });

  it('finds by SKU', async () => {
    expect(titles(await search('edges { node { title } }', { f: { query: 'SOCK-1' } }))).toEqual(['Cotton Socks']);
  });

  it('filters by category, attributes and price, and sorts by price', async () => {
    expect(titles(await search('edges { node { title } }', { f: { categoryIds: [hats] }, s: 'TITLE_ASC' }))).toEqual([
      'Canvas Sun Hat',
      'Wool Beanie Hat',
    ]);
    expect(
      titles(
        await search('edges { node { title } }', {
          f: { attributes: [{ key: 'color', values: ['red'] }] },
          s: 'TITLE_ASC',
        }),
      ),
    ).toEqual(['Trail Running Shoe', 'Wool Beanie Hat']);
    expect(
      titles(await search('edges { node { title } }', { f: { priceMin: '20', priceMax: '80' }, s: 'PRICE_ASC' })),
    ).toEqual(['Wool Beanie Hat', 'Canvas Sun Hat', 'Leather Walking Shoe']);
    expect(titles(await search('edges { node { title } }', { s: 'PRICE_DESC', first: 2 }))).toEqual([
      'Trail Running Shoe',
      'Leather Walking Shoe',
    ]);
  });

  it('pages with cursors without gaps or repeats, in every order', async () => {
    for (const s of ['NEWEST', 'TITLE_ASC', 'TITLE_DESC', 'PRICE_ASC', 'PRICE_DESC']) {
      const seen: string[] = [];
      let after: string | null = null;
      for (let i = 0; i < 10; i++) {
        const page: any = await search('edges { node { title } } pageInfo { hasNextPage endCursor }', {
          s,
          first: 2,
          after,
        });
        seen.push(...titles(page));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toHaveLength(5);
      expect(new Set(seen).size).toBe(5);
    }
    const relevance: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 5; i++) {
      const page: any = await search('edges { node { title } } pageInfo { hasNextPage endCursor }', {
        f: { query: 'hat' },
        first: 1,
        after,
      });
      relevance.push(...titles(page));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(relevance.sort()).toEqual(['Canvas Sun Hat', 'Wool Beanie Hat']);
  });

  it('returns facets over the whole match: categories, price range, attributes, stock', async () => {
    const conn = await search(
      'totalCount facets { categories { category { title } count } price { min { amount } max { amount } } attributes { key values { value count } } availability { inStock outOfStock } }',
    );
    expect(conn.totalCount).toBe(5);
    expect(conn.facets.categories.map((c: any) => [c.category.title, c.count]).sort()).toEqual([
      ['Hats', 2],
      ['Shoes', 2],
    ]);
    expect(conn.facets.price).toEqual({ min: { amount: '9.50' }, max: { amount: '120.00' } });
    expect(conn.facets.attributes[0].values.find((v: any) => v.value === 'red').count).toBe(2);
    expect(conn.facets.availability).toEqual({ inStock: 0, outOfStock: 5 });
  });

  it("filters by stock from inventory's stock events, ignoring a late older event", async () => {
    const stock = subgraph.subscribers.find((s) => s.name === 'catalog.record-stock-availability')!;
    const deliver = (eventId: string, variantId: string, available: number) =>
      deliverEvent(
        t.platform.database,
        stock,
        {
          tenantId: t.tenant.id,
          eventId,
          type: 'inventory.stock-changed',
          key: null,
          payload: { variantId, warehouseId: 'wh_A', onHand: available, reserved: 0, available },
          occurredAt: new Date().toISOString(),
        },
        { cache: t.platform.cache },
      );
    const older = newId('evt');
    const newer = newId('evt');
    await deliver(newer, variants['HAT-1'] as string, 3);
    await deliver(older, variants['HAT-1'] as string, 0); // arrives late: ignored
    expect(titles(await search('edges { node { title availableForSale } }', { f: { inStock: true } }))).toEqual([
      'Wool Beanie Hat',
    ]);
    const sock = await t
      .asAnonymous()
      .request<any>('query($id: ID!) { productVariant(id: $id) { availableForSale } }', { id: variants['HAT-1'] });
    expect(sock.data.productVariant.availableForSale).toBe(true);
  });

  it('answers NOT_FOUND for an unknown category or collection in a filter', async () => {
    const r = await t.asAnonymous().request<any>('query($f: ProductFilter) { products(filter: $f) { totalCount } }', {
      f: { categoryIds: ['cat_01J0000000000000000000000Z'] },
    });
    expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
