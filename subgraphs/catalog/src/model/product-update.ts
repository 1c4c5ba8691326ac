import { newId, parseId, publishEvent, type RequestContext, type TenantTx } from '@meridian/kit';
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { CatalogError } from '../catalog.errors.ts';
import {
  type ProductStatus,
  productCategories,
  productMedia,
  productOptions,
  products,
  productVariants,
} from '../db/schema.ts';
import { productArchived, productUpdated } from '../events.ts';
import { invalidateTags, productTag } from './cache-tags.ts';
import { soldCurrencies, tenantDb } from './context.ts';
import { writeBasePrices } from './price-list-defaults.ts';
import { checkAttributes, checkVariant, type ProductInput, type VariantInput } from './product-input.ts';
import { loadProductView } from './product-read.ts';
import {
  findMissingCategories,
  findSkuConflicts,
  type ProductPayload,
  productUniqueProblem,
  searchExtra,
} from './product-write.ts';
import { plainText, sanitizeRichText } from './rich-text.ts';
import { checkMediaUrl, checkSlug, checkText, Problems, Rejected, withUserErrors } from './validate.ts';

export interface UpdateProductInput extends Partial<Omit<ProductInput, 'variants' | 'options'>> {
  id: string;
}

/** Locks the product row for the rest of the transaction; a Rejected NOT_FOUND when it is not there. */
async function lockProduct(tx: TenantTx, id: string, field: string[] = ['id']) {
  const [row] = await tx.select().from(products).where(eq(products.id, id)).for('update');
  if (!row) {
    const problems = new Problems();
    problems.add(field, CatalogError.NOT_FOUND, 'Product not found');
    throw new Rejected(problems);
  }
  return row;
}

async function variantRefs(tx: TenantTx, productId: string) {
  return tx
    .select({ id: productVariants.id, sku: productVariants.sku, barcode: productVariants.barcode })
    .from(productVariants)
    .where(eq(productVariants.productId, productId))
    .orderBy(asc(productVariants.position));
}

/** Publishes the update (and archive) events, returns the tags to invalidate after commit. */
async function announce(tx: TenantTx, productId: string, changed: string[], archived: boolean) {
  const variants = await variantRefs(tx, productId);
  await tx
    .update(products)
    .set({ searchExtra: searchExtra(variants), updatedAt: sql`now()` })
    .where(eq(products.id, productId));
  await publishEvent(
    tx,
    productUpdated.create(
      { productId, changed, variants: variants.map(({ id, sku }) => ({ id, sku })) },
      { key: productId },
    ),
  );
  if (archived) await publishEvent(tx, productArchived.create({ productId }, { key: productId }));
}

async function finish(
  ctx: RequestContext,
  result: Awaited<ReturnType<typeof withUserErrors<string>>>,
): Promise<ProductPayload> {
  if ('problems' in result) return { product: null, userErrors: result.problems.list };
  await invalidateTags(ctx, [productTag(result.ok)]);
  return { product: await loadProductView(ctx, result.ok), userErrors: [] };
}

function notFoundPayload(field: string): ProductPayload {
  const problems = new Problems();
  problems.add([field], CatalogError.NOT_FOUND, 'Not found');
  return { product: null, userErrors: problems.list };
}

export async function updateProduct(ctx: RequestContext, input: UpdateProductInput): Promise<ProductPayload> {
  if (!parseId('prd', input.id)) return notFoundPayload('id');
  const problems = new Problems();
  const set: Partial<typeof products.$inferInsert> = {};
  const changed = new Set<string>();
  if (input.title !== undefined && input.title !== null) {
    set.title = checkText(problems, ['title'], input.title, { required: true, max: 255 }) ?? '';
    changed.add('details');
  }
  if (input.slug !== undefined && input.slug !== null) {
    set.slug = checkSlug(problems, ['slug'], input.slug) ?? '';
    changed.add('details');
  }
  if (input.descriptionHtml !== undefined && input.descriptionHtml !== null) {
    set.descriptionHtml = sanitizeRichText(input.descriptionHtml);
    set.descriptionText = plainText(set.descriptionHtml);
    changed.add('details');
  }
  if (input.seo) {
    set.seoTitle = checkText(problems, ['seo', 'title'], input.seo.title, { max: 70 });
    set.seoDescription = checkText(problems, ['seo', 'description'], input.seo.description, { max: 320 });
    changed.add('details');
  }
  if (input.attributes) {
    set.attributes = checkAttributes(problems, ['attributes'], input.attributes);
    changed.add('details');
  }
  const status: ProductStatus | null = input.status ?? null;
  if (status) {
    set.status = status;
    changed.add('status');
  }
  const media = input.media?.map((m, i) => ({
    url: checkMediaUrl(problems, ['media', i, 'url'], m.url.trim()),
    alt: checkText(problems, ['media', i, 'alt'], m.alt, { max: 255 }) ?? '',
  }));
  if (media) changed.add('media');
  const categoryIds = input.categoryIds ? [...new Set(input.categoryIds)] : null;
  if (categoryIds) changed.add('categories');
  if (!problems.ok) return { product: null, userErrors: problems.list };

  const result = await withUserErrors(
    () =>
      tenantDb(ctx).transaction(async (tx) => {
        const current = await lockProduct(tx, input.id);
        if (set.slug && set.slug !== current.slug) {
          const [taken] = await tx
            .select({ id: products.id })
            .from(products)
            .where(and(eq(products.slug, set.slug), ne(products.id, input.id)));
          if (taken) problems.add(['slug'], CatalogError.DUPLICATE_SLUG, `Slug ${set.slug} is taken`);
        }
        if (categoryIds) {
          await findMissingCategories(tx, categoryIds, problems, ['categoryIds']);
        }
        if (!problems.ok) throw new Rejected(problems);
        const archiving = status === 'archived' && current.status !== 'archived';
        if (status) set.archivedAt = status === 'archived' ? (current.archivedAt ?? new Date()) : null;
        if (Object.keys(set).length > 0) await tx.update(products).set(set).where(eq(products.id, input.id));
        if (media) {
          await tx.delete(productMedia).where(eq(productMedia.productId, input.id));
          if (media.length > 0) {
            await tx.insert(productMedia).values(
              media.map((m, position) => ({
                id: newId('med'),
                productId: input.id,
                url: m.url,
                alt: m.alt,
                position,
              })),
            );
          }
        }
        if (categoryIds) {
          await tx.delete(productCategories).where(eq(productCategories.productId, input.id));
          if (categoryIds.length > 0) {
            await tx
              .insert(productCategories)
              .values(categoryIds.map((categoryId) => ({ productId: input.id, categoryId })));
          }
        }
        await announce(tx, input.id, [...changed], archiving);
        return input.id;
      }),
    productUniqueProblem,
  );
  return finish(ctx, result);
}

export function archiveProduct(ctx: RequestContext, id: string): Promise<ProductPayload> {
  return updateProduct(ctx, { id, status: 'archived' });
}

export interface CreateVariantInput extends VariantInput {
  productId: string;
}

/** Adds a variant to an existing product; its option values must fit the product's options. */
export async function createProductVariant(ctx: RequestContext, input: CreateVariantInput): Promise<ProductPayload> {
  if (!parseId('prd', input.productId)) return notFoundPayload('productId');
  const problems = new Problems();
  const result = await withUserErrors(
    () =>
      tenantDb(ctx).transaction(async (tx) => {
        await lockProduct(tx, input.productId, ['productId']);
        const options = await tx
          .select({ name: productOptions.name, values: productOptions.values })
          .from(productOptions)
          .where(eq(productOptions.productId, input.productId))
          .orderBy(asc(productOptions.position));
        const variant = checkVariant(problems, [], input, options, soldCurrencies(ctx));
        const existing = await tx
          .select({ optionValues: productVariants.optionValues, position: productVariants.position })
          .from(productVariants)
          .where(eq(productVariants.productId, input.productId));
        if (options.length === 0 && existing.length > 0) {
          problems.add(['productId'], CatalogError.INVALID, 'A product without options has one variant');
        }
        if (existing.some((e) => JSON.stringify(e.optionValues) === JSON.stringify(variant.optionValues))) {
          problems.add(['optionValues'], CatalogError.INVALID, 'A variant with these option values exists');
        }
        await findSkuConflicts(tx, [variant], problems, []);
        if (!problems.ok) throw new Rejected(fixPaths(problems));
        const id = newId('var');
        await tx.insert(productVariants).values({
          id,
          productId: input.productId,
          sku: variant.sku,
          barcode: variant.barcode,
          title: variant.title,
          optionValues: variant.optionValues,
          position: Math.max(-1, ...existing.map((e) => e.position)) + 1,
          weightGrams: variant.weightGrams,
          lengthMm: variant.lengthMm,
          widthMm: variant.widthMm,
          heightMm: variant.heightMm,
        });
        await writeBasePrices(tx, [{ variantId: id, prices: variant.prices }]);
        await announce(tx, input.productId, ['variants'], false);
        return input.productId;
      }),
    (constraint) => (constraint === 'product_variants_sku_key' ? skuTaken() : null),
  );
  return finish(ctx, result);
}

/** findSkuConflicts reports `[i, 'sku']`; a single-variant input names `sku` directly. */
function fixPaths(problems: Problems): Problems {
  const fixed = new Problems([]);
  for (const e of problems.list) {
    const field = e.field ?? [];
    const path = field[1] === '0' && field[2] === 'sku' ? ['input', 'sku'] : field;
    fixed.add(path, e.code, e.message);
  }
  return fixed;
}

function skuTaken(): Problems {
  const problems = new Problems();
  problems.add(['sku'], CatalogError.DUPLICATE_SKU, 'SKU is taken');
  return problems;
}

export interface UpdateVariantInput {
  id: string;
  sku?: string | null;
  barcode?: string | null;
  title?: string | null;
  weightGrams?: number | null;
  dimensions?: VariantInput['dimensions'];
}

export async function updateProductVariant(ctx: RequestContext, input: UpdateVariantInput): Promise<ProductPayload> {
  if (!parseId('var', input.id)) return notFoundPayload('id');
  const problems = new Problems();
  const result = await withUserErrors(
    () =>
      tenantDb(ctx).transaction(async (tx) => {
        const [current] = await tx.select().from(productVariants).where(eq(productVariants.id, input.id)).for('update');
        if (!current) {
          problems.add(['id'], CatalogError.NOT_FOUND, 'Variant not found');
          throw new Rejected(problems);
        }
        const merged = checkVariant(
          problems,
          [],
          {
            sku: input.sku ?? current.sku,
            barcode: input.barcode === undefined ? current.barcode : input.barcode,
            title: input.title ?? current.title,
            optionValues: current.optionValues,
            weightGrams: input.weightGrams === undefined ? current.weightGrams : input.weightGrams,
            dimensions: {
              lengthMm: input.dimensions?.lengthMm === undefined ? current.lengthMm : input.dimensions.lengthMm,
              widthMm: input.dimensions?.widthMm === undefined ? current.widthMm : input.dimensions.widthMm,
              heightMm: input.dimensions?.heightMm === undefined ? current.heightMm : input.dimensions.heightMm,
            },
          },
          current.optionValues.map((o) => ({ name: o.name, values: [o.value] })),
          soldCurrencies(ctx),
        );
        await findSkuConflicts(tx, [merged], problems, [], input.id);
        if (!problems.ok) throw new Rejected(fixPaths(problems));
        await tx
          .update(productVariants)
          .set({
            sku: merged.sku,
            barcode: merged.barcode,
            title: merged.title,
            weightGrams: merged.weightGrams,
            lengthMm: merged.lengthMm,
            widthMm: merged.widthMm,
            heightMm: merged.heightMm,
            updatedAt: sql`now()`,
          })
          .where(eq(productVariants.id, input.id));
        await announce(tx, current.productId, ['variants'], false);
        return current.productId;
      }),
    (constraint) => (constraint === 'product_variants_sku_key' ? skuTaken() : null),
  );
  return finish(ctx, result);
}
