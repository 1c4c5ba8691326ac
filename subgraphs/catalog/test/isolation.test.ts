import type { Tenant } from '@meridian/kit';
import { startTestSubgraphs, type TestSubgraphs } from '@meridian/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalogSubgraph } from '../src/index.ts';
import { createProduct } from './helpers.ts';

let t: TestSubgraphs;
let other: Tenant;
const a: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestSubgraphs([createCatalogSubgraph()]);
  other = await t.createTenant('tenant-b');
  const admin = t.asTenantAdmin();
  const { product } = await createProduct(admin);
  a.product = product.id;
  a.variant = product.variants[0].id;
  const one = async (query: string, path: string[]) => {
    const r = await admin.request<any>(query);
    let value = r.data;
    for (const key of path) value = value[key];
    return value as string;
  };
  a.category = await one('mutation { createCategory(input: { title: "A cat" }) { category { id } } }', [
    'createCategory',
    'category',
    'id',
  ]);
  a.collection = await one('mutation { createCollection(input: { title: "A col" }) { collection { id } } }', [
    'createCollection',
    'collection',
    'id',
  ]);
  a.priceList = await one(
    'mutation { createPriceList(input: { name: "A", currencyCode: "USD" }) { priceList { id } } }',
    ['createPriceList', 'priceList', 'id'],
  );
  a.discount = await one(
    'mutation { createDiscount(input: { title: "A", kind: PERCENTAGE, percentage: "5", scope: ORDER }) { discount { id } } }',
    ['createDiscount', 'discount', 'id'],
  );
  a.import = await one('mutation { createProductImport(input: { idempotencyKey: "a" }) { productImport { id } } }', [
    'createProductImport',
    'productImport',
    'id',
  ]);
});
afterAll(async () => {
  await t?.close();
});

/** Every id-taking field, called by tenant B's admin with tenant A's ids. */
const matrix: [string, string, () => Record<string, unknown>][] = [
  ['product(id)', 'query($id: ID) { product(id: $id) { id } }', () => ({ id: a.product })],
  ['productVariant(id)', 'query($id: ID!) { productVariant(id: $id) { id } }', () => ({ id: a.variant })],
  ['category(id)', 'query($id: ID) { category(id: $id) { id } }', () => ({ id: a.category })],
  [
    'categories(parentId)',
    'query($id: ID) { categories(parentId: $id) { edges { cursor } } }',
    () => ({ id: a.category }),
  ],
  ['collection(id)', 'query($id: ID) { collection(id: $id) { id } }', () => ({ id: a.collection })],
  ['priceList(id)', 'query($id: ID!) { priceList(id: $id) { id } }', () => ({ id: a.priceList })],
  ['discount(id)', 'query($id: ID!) { discount(id: $id) { id } }', () => ({ id: a.discount })],
  ['productImport(id)', 'query($id: ID!) { productImport(id: $id) { id } }', () => ({ id: a.import })],
  [
    'products(filter.categoryIds)',
    'query($id: ID!) { products(filter: { categoryIds: [$id] }) { totalCount } }',
    () => ({ id: a.category }),
  ],
  [
    'products(filter.collectionId)',
    'query($id: ID!) { products(filter: { collectionId: $id }) { totalCount } }',
    () => ({ id: a.collection }),
  ],
  [
    'priceQuote(lines.variantId)',
    'query($id: ID!) { priceQuote(input: { currency: "USD", lines: [{ variantId: $id, quantity: 1 }] }) { userErrors { code } } }',
    () => ({ id: a.variant }),
  ],
  [
    'updateProduct(id)',
    'mutation($id: ID!) { updateProduct(input: { id: $id, title: "x" }) { userErrors { code } } }',
    () => ({ id: a.product }),
  ],
  [
    'archiveProduct(id)',
    'mutation($id: ID!) { archiveProduct(input: { id: $id }) { userErrors { code } } }',
    () => ({ id: a.product }),
  ],
  [
    'updateProduct(categoryIds)',
    'mutation($id: ID!) { createProduct(input: { title: "x", variants: [{ sku: "ISO-X" }], categoryIds: [$id] }) { userErrors { code } } }',
    () => ({ id: a.category }),
  ],
  [
    'createProductVariant(productId)',
    'mutation($id: ID!) { createProductVariant(input: { productId: $id, sku: "ISO-1" }) { userErrors { code } } }',
    () => ({ id: a.product }),
  ],
  [
    'updateProductVariant(id)',
    'mutation($id: ID!) { updateProductVariant(input: { id: $id, sku: "ISO-2" }) { userErrors { code } } }',
    () => ({ id: a.variant }),
  ],
  [
    'setVariantPrices(variantId)',
    'mutation($id: ID!) { setVariantPrices(input: { variantId: $id, currencyCode: "USD", tiers: [] }) { userErrors { code } } }',
    () => ({ id: a.variant }),
  ],
  [
    'setVariantPrices(priceListId)',
    'mutation($id: ID!, $v: ID!) { setVariantPrices(input: { variantId: $v, priceListId: $id, tiers: [] }) { userErrors { code } } }',
    () => ({ id: a.priceList, v: a.variant }),
  ],
  [
    'createCategory(parentId)',
    'mutation($id: ID!) { createCategory(input: { title: "iso", parentId: $id }) { userErrors { code } } }',
    () => ({ id: a.category }),
  ],
  [
    'updateCategory(id)',
    'mutation($id: ID!) { updateCategory(input: { id: $id, title: "x" }) { userErrors { code } } }',
    () => ({ id: a.category }),
  ],
  [
    'moveCategory(id)',
    'mutation($id: ID!) { moveCategory(input: { id: $id }) { userErrors { code } } }',
    () => ({ id: a.category }),
  ],
  [
    'deleteCategory(id)',
    'mutation($id: ID!) { deleteCategory(input: { id: $id }) { userErrors { code } } }',
    () => ({ id: a.category }),
  ],
  [
    'updateCollection(id)',
    'mutation($id: ID!) { updateCollection(input: { id: $id, title: "x" }) { userErrors { code } } }',
    () => ({ id: a.collection }),
  ],
  [
    'addProductsToCollection(collectionId)',
    'mutation($id: ID!) { addProductsToCollection(input: { collectionId: $id, productIds: [] }) { userErrors { code } } }',
    () => ({ id: a.collection }),
  ],
  [
    'removeProductsFromCollection(collectionId)',
    'mutation($id: ID!) { removeProductsFromCollection(input: { collectionId: $id, productIds: [] }) { userErrors { code } } }',
    () => ({ id: a.collection }),
  ],
  [
    'updatePriceList(id)',
    'mutation($id: ID!) { updatePriceList(input: { id: $id, name: "x" }) { userErrors { code } } }',
    () => ({ id: a.priceList }),
  ],
  [
    'createDiscount(productIds)',
    'mutation($id: ID!) { createDiscount(input: { title: "x", kind: PERCENTAGE, percentage: "5", scope: PRODUCT, productIds: [$id] }) { userErrors { code } } }',
    () => ({ id: a.product }),
  ],
  [
    'createDiscount(categoryIds)',
    'mutation($id: ID!) { createDiscount(input: { title: "x", kind: PERCENTAGE, percentage: "5", scope: CATEGORY, categoryIds: [$id] }) { userErrors { code } } }',
    () => ({ id: a.category }),
  ],
  [
    'updateDiscount(id)',
    'mutation($id: ID!) { updateDiscount(input: { id: $id, active: false }) { userErrors { code } } }',
    () => ({ id: a.discount }),
  ],
  [
    'appendProductImportPart(importId)',
    'mutation($id: ID!) { appendProductImportPart(input: { importId: $id, sequence: 0, csv: "slug,title,sku" }) { userErrors { code } } }',
    () => ({ id: a.import }),
  ],
  [
    'startProductImport(importId)',
    'mutation($id: ID!) { startProductImport(input: { importId: $id }) { userErrors { code } } }',
    () => ({ id: a.import }),
  ],
];

function codes(result: { data?: any; errors?: { extensions?: { code?: string } }[] }): string[] {
  const found = (result.errors ?? []).map((e) => e.extensions?.code ?? '');
  const walk = (value: unknown) => {
    if (!value || typeof value !== 'object') return;
    if ('userErrors' in value) found.push(...((value as any).userErrors as { code: string }[]).map((e) => e.code));
    for (const v of Object.values(value)) walk(v);
  };
  walk(result.data);
  return found;
}

describe('isolation: tenant B with tenant A ids', () => {
  it.each(matrix)('%s → NOT_FOUND', async (_name, query, variables) => {
    const result = await t.asTenantAdmin(other).request(query, variables());
    expect(codes(result)).toContain('NOT_FOUND');
    // ...and tenant A's data is untouched: its own admin still sees the product under its title.
  });

  it('entity references of another tenant resolve to nothing', async () => {
    const r = await t
      .asTenantAdmin(other)
      .request<any>(
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { title } ... on ProductVariant { sku } } }',
        {
          r: [
            { __typename: 'Product', id: a.product },
            { __typename: 'ProductVariant', id: a.variant },
          ],
        },
      );
    expect(r.data._entities).toEqual([null, null]);
    const own = await t
      .asTenantAdmin()
      .request<any>('query($id: ID) { product(id: $id) { title } }', { id: a.product });
    expect(own.data.product.title).toMatch(/^Test Shirt/);
  });

  it('denies drafts to the storefront and every write and back-office read to shoppers', async () => {
    const draft = (await createProduct(t.asTenantAdmin(), { status: 'DRAFT' })).product.id;
    const anon = t.asAnonymous();
    expect(codes(await anon.request('query($id: ID) { product(id: $id) { id } }', { id: draft }))).toEqual([
      'NOT_FOUND',
    ]);
    expect(codes(await anon.request('query($id: ID) { product(id: $id) { id } }', { id: a.product }))).toEqual([]);
    expect(
      codes(await anon.request('mutation { createCategory(input: { title: "no" }) { userErrors { code } } }')),
    ).toEqual(['FORBIDDEN']);
    expect(codes(await anon.request('{ discounts { edges { cursor } } }'))).toEqual(['FORBIDDEN']);
    expect(
      codes(
        await t
          .as({ permissions: ['catalog:read'] })
          .request('mutation { createCategory(input: { title: "no" }) { userErrors { code } } }'),
      ),
    ).toEqual(['FORBIDDEN']);
    expect(codes(await t.asAnonymous(null).request('{ products { totalCount } }'))).toEqual(['FORBIDDEN']);
  });
});
