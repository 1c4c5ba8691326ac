import { startTestSubgraphs, type TestSubgraphs } from '@meridian/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalogSubgraph } from '../src/index.ts';
import { createProduct, createProductMutation, fieldsOf, productFields, productInput } from './helpers.ts';

let t: TestSubgraphs;
beforeAll(async () => {
  t = await startTestSubgraphs([createCatalogSubgraph()]);
});
afterAll(async () => {
  await t?.close();
});

const writer = () => t.as({ permissions: ['catalog:write'] });

describe('products', () => {
  it('creates a product with options, variants, media, attributes and SEO, and sanitises the description', async () => {
    const { product, userErrors } = await createProduct(writer(), {
      descriptionHtml:
        '<p onclick="x()">Soft <strong>cotton</strong><script>alert(1)</script><a href="javascript:alert(1)">x</a></p>',
      seo: { title: 'Shirt', description: 'A shirt' },
      attributes: [{ key: 'Material', values: ['cotton', 'cotton', ' linen '] }],
      media: [{ url: 'https://cdn.example.com/a.jpg', alt: 'Front' }],
    });
    expect(userErrors).toEqual([]);
    expect(product.id).toMatch(/^prd_[0-9A-Z]{26}$/);
    expect(product.descriptionHtml).toBe(
      '<p>Soft <strong>cotton</strong><a rel="noopener noreferrer nofollow">x</a></p>',
    );
    expect(product.attributes).toEqual([{ key: 'material', values: ['cotton', 'linen'] }]);
    expect(product.variants.map((v: any) => v.title)).toEqual(['S', 'M']);
    expect(product.variants[0].id).toMatch(/^var_/);
    expect(product.media).toEqual([{ url: 'https://cdn.example.com/a.jpg', alt: 'Front' }]);
    expect(product.seo).toEqual({ title: 'Shirt', description: 'A shirt' });
  });

  it('refuses a duplicate slug or SKU with a userError naming the field, and writes nothing', async () => {
    const first = await createProduct(writer());
    const sku = first.product.variants[0].sku.toLowerCase();
    const dupSlug = await createProduct(writer(), { slug: first.product.slug });
    expect(dupSlug.product).toBeNull();
    expect(dupSlug.userErrors.map((e: any) => [e.field.join('.'), e.code])).toEqual([['input.slug', 'DUPLICATE_SLUG']]);
    const input = productInput();
    (input.variants as any)[1].sku = sku; // same SKU, other case
    const dupSku = await writer().request<any>(createProductMutation, { input });
    expect(dupSku.data.createProduct.userErrors.map((e: any) => [e.field.join('.'), e.code])).toEqual([
      ['input.variants.1.sku', 'DUPLICATE_SKU'],
    ]);
    const found = await t
      .asTenantAdmin()
      .request<any>('query($s: String) { product(slug: $s) { id } }', { s: input.slug });
    expect(found.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('refuses negative or fractional measures, prices in an unsold currency and bad amounts', async () => {
    const input = productInput();
    (input.variants as any)[0].weightGrams = -5;
    (input.variants as any)[0].dimensions = { lengthMm: -1 };
    (input.variants as any)[1].prices = [
      { amount: '9.999', currencyCode: 'USD' },
      { amount: '5', currencyCode: 'JPY' },
    ];
    const result = await writer().request<any>(createProductMutation, { input });
    const errors = result.data.createProduct.userErrors;
    expect(errors.map((e: any) => [e.field.join('.'), e.code])).toEqual([
      ['input.variants.0.weightGrams', 'NEGATIVE'],
      ['input.variants.0.dimensions.lengthMm', 'NEGATIVE'],
      ['input.variants.1.prices.0.amount', 'INVALID_AMOUNT'],
      ['input.variants.1.prices.1.currency', 'CURRENCY_NOT_SOLD'],
    ]);
    const fractional = await writer().request<any>(createProductMutation, {
      input: { ...productInput(), variants: [{ sku: 'FRAC-1', weightGrams: 1.5 }], options: [] },
    });
    expect(fractional.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('updates details, replaces media and categories, and archives', async () => {
    const { product } = await createProduct(writer());
    const updated = await writer().request<any>(
      `mutation($input: UpdateProductInput!) { updateProduct(input: $input) { product { ${productFields} } userErrors { field code } } }`,
      { input: { id: product.id, title: 'Renamed', media: [{ url: 'https://cdn.example.com/b.png' }] } },
    );
    expect(updated.data.updateProduct.product.title).toBe('Renamed');
    expect(updated.data.updateProduct.product.media).toEqual([{ url: 'https://cdn.example.com/b.png', alt: '' }]);
    const archived = await writer().request<any>(
      'mutation($id: ID!) { archiveProduct(input: { id: $id }) { product { status } userErrors { code } } }',
      { id: product.id },
    );
    expect(archived.data.archiveProduct.product.status).toBe('ARCHIVED');
    const publicView = await t
      .asAnonymous()
      .request<any>('query($id: ID) { product(id: $id) { id } }', { id: product.id });
    expect(publicView.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('adds and edits variants, with SKU uniqueness and option checks', async () => {
    const { product } = await createProduct(writer(), {
      options: [{ name: 'Size', values: ['S', 'M', 'L'] }],
    });
    const add = `mutation($input: CreateProductVariantInput!) { createProductVariant(input: $input) {
      product { variants { sku title } } userErrors { field code } } }`;
    const added = await writer().request<any>(add, {
      input: { productId: product.id, sku: `${product.slug}-L`, optionValues: [{ name: 'Size', value: 'L' }] },
    });
    expect(added.data.createProductVariant.product.variants.map((v: any) => v.title)).toEqual(['S', 'M', 'L']);
    const again = await writer().request<any>(add, {
      input: { productId: product.id, sku: product.variants[0].sku, optionValues: [{ name: 'Size', value: 'XL' }] },
    });
    expect(fieldsOf(again.data.createProductVariant.userErrors)).toEqual(['input.optionValues', 'input.sku']);
    const edited = await writer().request<any>(
      `mutation($input: UpdateProductVariantInput!) { updateProductVariant(input: $input) { product { variants { barcode weightGrams } } userErrors { field code } } }`,
      { input: { id: product.variants[0].id, barcode: '4006381333931', weightGrams: 250 } },
    );
    expect(edited.data.updateProductVariant.product.variants[0]).toEqual({
      barcode: '4006381333931',
      weightGrams: 250,
    });
  });

  it('is idempotent by key: a retried create returns the first product', async () => {
    const input = { ...productInput(), idempotencyKey: 'create-once' };
    const [a, b] = await Promise.all([
      writer().request<any>(createProductMutation, { input }),
      writer().request<any>(createProductMutation, { input }),
    ]);
    expect(a.data.createProduct.product.id).toBe(b.data.createProduct.product.id);
  });
});
