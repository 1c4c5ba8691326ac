import {
  newId,
  parseId,
  previousResult,
  publishEvent,
  type RequestContext,
  recordIdempotentResult,
  type TenantTx,
  type UserError,
} from '@meridian/kit';
import { inArray, sql } from 'drizzle-orm';
import { CatalogError } from '../catalog.errors.ts';
import {
  categories,
  productCategories,
  productMedia,
  productOptions,
  products,
  productVariants,
} from '../db/schema.ts';
import { productCreated } from '../events.ts';
import { auditedTransaction, replayed } from './audit.ts';
import { invalidateTags, listingsTag } from './cache-tags.ts';
import { isDemoTenant, soldCurrencies } from './context.ts';
import { writeBasePrices } from './price-list-defaults.ts';
import { checkProductInput, type NewProduct, type ProductInput } from './product-input.ts';
import { loadProductView } from './product-read.ts';
import type { ProductView } from './product-view.ts';
import { refreshSearchPrices } from './search-prices.ts';
import { Problems, Rejected, withUserErrors } from './validate.ts';

export const searchExtra = (variants: { sku: string; barcode: string | null }[]) =>
  variants
    .flatMap((v) => [v.sku, v.barcode ?? ''])
    .filter(Boolean)
    .join(' ');

/** Which of the product's unique values are taken already (for userErrors before the insert). */
export async function findConflicts(
  tx: TenantTx,
  product: NewProduct,
  problems: Problems,
  prefix: (string | number)[] = [],
) {
  const [slugTaken] = await tx
    .select({ id: products.id })
    .from(products)
    .where(sql`${products.slug} = ${product.slug}`);
  if (slugTaken) problems.add([...prefix, 'slug'], CatalogError.DUPLICATE_SLUG, `Slug ${product.slug} is taken`);
  await findSkuConflicts(tx, product.variants, problems, [...prefix, 'variants']);
  await findMissingCategories(tx, product.categoryIds, problems, [...prefix, 'categoryIds']);
}

export async function findMissingCategories(
  tx: TenantTx,
  ids: string[],
  problems: Problems,
  field: (string | number)[],
) {
  if (ids.length === 0) return;
  const valid = ids.filter((id) => parseId('cat', id) !== null);
  const found = valid.length
    ? await tx.select({ id: categories.id }).from(categories).where(inArray(categories.id, valid))
    : [];
  const known = new Set(found.map((r) => r.id));
  for (const [i, id] of ids.entries()) {
    if (!known.has(id)) problems.add([...field, i], CatalogError.NOT_FOUND, `No category ${id}`);
  }
}

export async function findSkuConflicts(
  tx: TenantTx,
  variants: { sku: string }[],
  problems: Problems,
  prefix: (string | number)[],
  exceptVariantId?: string,
) {
  const skus = variants.map((v) => v.sku.toLowerCase()).filter(Boolean);
  if (skus.length === 0) return;
  const taken = await tx
    .select({ id: productVariants.id, sku: sql<string>`lower(${productVariants.sku})` })
    .from(productVariants)
    .where(inArray(sql`lower(${productVariants.sku})`, skus));
  const takenSkus = new Set(taken.filter((t) => t.id !== exceptVariantId).map((t) => t.sku));
  for (const [i, variant] of variants.entries()) {
    if (takenSkus.has(variant.sku.toLowerCase())) {
      problems.add([...prefix, i, 'sku'], CatalogError.DUPLICATE_SKU, `SKU ${variant.sku} is taken`);
    }
  }
}

/**
 * Writes checked products (a few statements for the whole list) and publishes one
 * `catalog.product.created` per product in the same transaction. createProduct, the CSV import and the
 * demo seed all come through here, so every way in publishes the same event.
 */
export async function insertProducts(tx: TenantTx, list: NewProduct[], options: { demo: boolean }) {
  const written = list.map((product) => ({
    product,
    id: newId('prd'),
    variants: product.variants.map((v, position) => ({ ...v, id: newId('var'), position })),
  }));
  if (written.length === 0) return [];
  await tx.insert(products).values(
    written.map(({ id, product }) => ({
      id,
      title: product.title,
      slug: product.slug,
      descriptionHtml: product.descriptionHtml,
      descriptionText: product.descriptionText,
      status: product.status,
      seoTitle: product.seoTitle,
      seoDescription: product.seoDescription,
      attributes: product.attributes,
      searchExtra: searchExtra(product.variants),
      archivedAt: product.status === 'archived' ? sql`now()` : null,
    })),
  );
  const optionRows = written.flatMap(({ id, product }) =>
    product.options.map((o, position) => ({
      id: newId('opt'),
      productId: id,
      name: o.name,
      position,
      values: o.values,
    })),
  );
  if (optionRows.length > 0) await tx.insert(productOptions).values(optionRows);
  await tx.insert(productVariants).values(
    written.flatMap(({ id, variants }) =>
      variants.map((v) => ({
        id: v.id,
        productId: id,
        sku: v.sku,
        barcode: v.barcode,
        title: v.title,
        optionValues: v.optionValues,
        position: v.position,
        weightGrams: v.weightGrams,
        lengthMm: v.lengthMm,
        widthMm: v.widthMm,
        heightMm: v.heightMm,
      })),
    ),
  );
  const mediaRows = written.flatMap(({ id, product }) =>
    product.media.map((m, position) => ({ id: newId('med'), productId: id, url: m.url, alt: m.alt, position })),
  );
  if (mediaRows.length > 0) await tx.insert(productMedia).values(mediaRows);
  const links = written.flatMap(({ id, product }) =>
    product.categoryIds.map((categoryId) => ({ productId: id, categoryId })),
  );
  if (links.length > 0) await tx.insert(productCategories).values(links);
  await writeBasePrices(
    tx,
    written.flatMap(({ variants }) => variants.map((v) => ({ variantId: v.id, prices: v.prices }))),
  );
  await refreshSearchPrices(
    tx,
    written.map((w) => w.id),
  );
  const result = written.map(({ id, variants }) => ({ id, variants: variants.map((v) => ({ id: v.id, sku: v.sku })) }));
  for (const { id, variants } of result) {
    await publishEvent(tx, productCreated.create({ productId: id, variants, demo: options.demo }, { key: id }));
  }
  return result;
}

export async function insertProduct(tx: TenantTx, product: NewProduct, options: { demo: boolean }) {
  const [created] = await insertProducts(tx, [product], options);
  return created as { id: string; variants: { id: string; sku: string }[] };
}

/** Maps a unique violation that slipped past the checks (a concurrent writer) to its userError. */
export function productUniqueProblem(constraint: string): Problems | null {
  const problems = new Problems();
  if (constraint === 'products_slug_key') problems.add(['slug'], CatalogError.DUPLICATE_SLUG, 'Slug is taken');
  else if (constraint === 'product_variants_sku_key')
    problems.add(['variants'], CatalogError.DUPLICATE_SKU, 'A SKU is taken');
  else return null;
  return problems;
}

/** What a product's audit record keeps: the facts a reviewer looks for, not the description or images. */
function productSnapshot(product: NewProduct, created: { variants: { id: string; sku: string }[] }) {
  return {
    title: product.title,
    slug: product.slug,
    status: product.status,
    categoryIds: product.categoryIds,
    variants: created.variants.map((v, i) => ({ ...v, prices: product.variants[i]?.prices ?? [] })),
  };
}

export interface ProductPayload {
  product: ProductView | null;
  userErrors: UserError[];
}

export async function createProduct(
  ctx: RequestContext,
  input: ProductInput & { idempotencyKey?: string | null },
): Promise<ProductPayload> {
  const problems = new Problems();
  const product = checkProductInput(input, soldCurrencies(ctx), problems);
  if (!problems.ok) return { product: null, userErrors: problems.list };
  const result = await withUserErrors(
    () =>
      auditedTransaction(ctx, { action: 'product.create', entityType: 'Product' }, async (tx) => {
        const previous = await previousResult(tx, 'createProduct', input.idempotencyKey);
        if (previous) return replayed(previous);
        await findConflicts(tx, product, problems);
        if (!problems.ok) throw new Rejected(problems);
        const created = await insertProduct(tx, product, { demo: isDemoTenant(ctx) });
        await recordIdempotentResult(tx, 'createProduct', input.idempotencyKey, created.id);
        return { result: created.id, audit: { entityId: created.id, after: productSnapshot(product, created) } };
      }),
    productUniqueProblem,
  );
  if ('problems' in result) return { product: null, userErrors: result.problems.list };
  await invalidateTags(ctx, [listingsTag]);
  return { product: await loadProductView(ctx, result.ok), userErrors: [] };
}
