import { startTestSubgraphs, type TestSubgraphs } from '@meridian/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalogSubgraph } from '../src/index.ts';
import { createProduct } from './helpers.ts';

let t: TestSubgraphs;

beforeAll(async () => {
  t = await startTestSubgraphs([createCatalogSubgraph()]);
  const writer = t.as({ permissions: ['catalog:write'] });
  const items: [string, string, string][] = [
    ['Blue Jacket', 'JKT-1', '90.00'],
    ['Blue Rain Jacket', 'JKT-2', '120.00'],
    ['Navy Blue Jackets Rack', 'RACK-1', '40.00'],
    ['Blue Jacket Hood', 'HOOD-1', '25.00'],
    ['Red Jacket', 'JKT-3', '95.00'],
    ['Wool Sweater', 'KNIT-7731', '60.00'],
    ['Woolen Sweater', 'KNIT-8', '70.00'],
    ['Blue Mug', 'MUG-1', '12.00'],
    ['Music Box', 'BOX-1', '30.00'],
  ];
  for (const [title, sku, amount] of items) {
    await createProduct(writer, {
      title,
      slug: sku.toLowerCase(),
      options: [],
      variants: [{ sku, prices: [{ amount, currencyCode: 'USD' }] }],
    });
  }
});
afterAll(async () => {
  await t?.close();
});

const search = async (fields: string, vars: Record<string, unknown>) => {
  const r = await t
    .asAnonymous()
    .request<any>(
      `query($f: ProductFilter, $after: String, $first: Int) { products(filter: $f, after: $after, first: $first) { ${fields} } }`,
      vars,
    );
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data.products;
};
const titlesFor = async (query: string) =>
  (await search('edges { node { title } }', { f: { query } })).edges.map((e: any) => e.node.title);

describe('search with typos in a multi-word query', () => {
  it('finds the product when one or every word has a typo', async () => {
    // The closer match ranks first ("wooll" is nearer "wool" than "woolen").
    expect(await titlesFor('wooll sweeter')).toEqual(['Wool Sweater', 'Woolen Sweater']);
    expect(await titlesFor('wool sweeter')).toEqual(['Wool Sweater', 'Woolen Sweater']);
    // Two edits ("jaket" → "jackets") are too far.
    expect((await titlesFor('blue jaket')).sort()).toEqual(['Blue Jacket', 'Blue Jacket Hood', 'Blue Rain Jacket']);
  });

  it('needs every word to match: unrelated words do not', async () => {
    expect(await titlesFor('wool mug')).toEqual([]);
    expect(await titlesFor('blue sweeter')).toEqual([]);
    expect(await titlesFor('green jaket')).toEqual([]);
    // "mug" shares its start with "music", not the word.
    expect(await titlesFor('mug')).toEqual(['Blue Mug']);
    expect(await titlesFor('zzyzx')).toEqual([]);
    expect(await titlesFor('?!')).toEqual([]);
  });

  it('tolerates a typo next to a SKU', async () => {
    expect(await titlesFor('knitt 7731')).toEqual(['Wool Sweater']);
  });

  it('counts, facets and pages the same typo-tolerant match', async () => {
    const all = await search('totalCount facets { price { min { amount } max { amount } } }', {
      f: { query: 'blue jaket' },
    });
    expect(all.totalCount).toBe(3);
    expect(all.facets.price).toEqual({ min: { amount: '25.00' }, max: { amount: '120.00' } });
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 5; i++) {
      const page: any = await search('edges { node { title } } pageInfo { hasNextPage endCursor }', {
        f: { query: 'blue jaket' },
        first: 1,
        after,
      });
      seen.push(...page.edges.map((e: any) => e.node.title));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen.sort()).toEqual(['Blue Jacket', 'Blue Jacket Hood', 'Blue Rain Jacket']);
  });
});
