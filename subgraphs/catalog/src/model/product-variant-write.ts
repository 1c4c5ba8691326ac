import { newId, parseId, type RequestContext } from '@meridian/kit';
import { asc, eq, sql } from 'drizzle-orm';
import { CatalogError } from '../catalog.errors.ts';
import { productOptions, productVariants } from '../db/schema.ts';
import { auditedTransaction } from './audit.ts';
import { soldCurrencies } from './context.ts';
import { writeBasePrices } from './price-list-defaults.ts';
import { checkVariant, type VariantInput } from './product-input.ts';
import { announce, finish, lockProduct, notFoundPayload } from './product-update.ts';
import { findSkuConflicts, type ProductPayload } from './product-write.ts';
import { refreshSearchPrices } from './search-prices.ts';
import { Problems, Rejected, withUserErrors } from './validate.ts';

export interface CreateVariantInput extends VariantInput {
  productId: string;
}

/** Adds a variant to an existing product; its option values must fit the product's options. */
export async function createProductVariant(ctx: RequestContext, input: CreateVariantInput): Promise<ProductPayload> {
  if (!parseId('prd', input.productId)) return notFoundPayload('productId');
  const problems = new Problems();
  const result = await withUserErrors(
    () =>
      auditedTransaction(ctx, { action: 'product-variant.create', entityType: 'ProductVariant' }, async (tx) => {
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
        await refreshSearchPrices(tx, [input.productId]);
        await announce(tx, input.productId, ['variants'], false);
        return { result: input.productId, audit: { entityId: id, after: { productId: input.productId, ...variant } } };
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

const variantFacts = (v: typeof productVariants.$inferSelect) => ({
  sku: v.sku,
  barcode: v.barcode,
  title: v.title,
  weightGrams: v.weightGrams,
  lengthMm: v.lengthMm,
  widthMm: v.widthMm,
  heightMm: v.heightMm,
});

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
      auditedTransaction(ctx, { action: 'product-variant.update', entityType: 'ProductVariant' }, async (tx) => {
        const [owner] = await tx
          .select({ productId: productVariants.productId })
          .from(productVariants)
          .where(eq(productVariants.id, input.id));
        // The product row first, then the variant: the order every writer of both takes (no deadlock).
        if (owner) await lockProduct(tx, owner.productId);
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
        const { sku, barcode, title, weightGrams, lengthMm, widthMm, heightMm } = merged;
        return {
          result: current.productId,
          audit: {
            entityId: input.id,
            before: variantFacts(current),
            after: { sku, barcode, title, weightGrams, lengthMm, widthMm, heightMm },
          },
        };
      }),
    (constraint) => (constraint === 'product_variants_sku_key' ? skuTaken() : null),
  );
  return finish(ctx, result);
}
