import type { TestClient } from '@meridian/kit/testing';

export const productFields = `id title slug status descriptionHtml seo { title description }
  attributes { key values } options { name values }
  variants { id sku barcode title optionValues { name value } weightGrams dimensions { lengthMm widthMm heightMm } }
  media { url alt } categories { id slug }`;

export const createProductMutation = `mutation($input: CreateProductInput!) {
  createProduct(input: $input) { product { ${productFields} } userErrors { field code message } }
}`;

let counter = 0;
/** A valid createProduct input; pass overrides for what a test is about. */
export function productInput(overrides: Record<string, unknown> = {}) {
  counter++;
  const n = `${Date.now().toString(36)}-${counter}`;
  return {
    title: `Test Shirt ${n}`,
    slug: `test-shirt-${n}`,
    status: 'ACTIVE',
    options: [{ name: 'Size', values: ['S', 'M'] }],
    variants: [
      {
        sku: `TS-${n}-S`,
        optionValues: [{ name: 'Size', value: 'S' }],
        prices: [{ amount: '20.00', currencyCode: 'USD' }],
      },
      {
        sku: `TS-${n}-M`,
        optionValues: [{ name: 'Size', value: 'M' }],
        prices: [{ amount: '22.00', currencyCode: 'USD' }],
      },
    ],
    ...overrides,
  };
}

export async function createProduct(client: TestClient, overrides: Record<string, unknown> = {}) {
  const result = await client.request<{ createProduct: { product: any; userErrors: any[] } }>(createProductMutation, {
    input: productInput(overrides),
  });
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!.createProduct;
}

export const fieldsOf = (errors: { field: string[] | null }[]) => errors.map((e) => e.field?.join('.'));
