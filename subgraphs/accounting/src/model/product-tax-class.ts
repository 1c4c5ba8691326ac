import {
  loaderFor,
  mutate,
  Problems,
  parseId,
  type RequestContext,
  read,
  recordAudit,
  reject,
  type TenantTx,
  type UserError,
} from '@meridian/kit';
import { eq, inArray, sql } from 'drizzle-orm';
import { AccountingError } from '../accounting.errors.ts';
import { productTaxClasses, taxClasses } from '../db/schema.ts';
import { checkId } from './tax-input.ts';

/**
 * Which tax class a catalog product is in. Catalog owns products; accounting owns this assignment and
 * shows it as `Product.taxClass`. Products without a row are in the default class (tax settings).
 */

export function productTaxClassRows(tx: TenantTx, productIds: readonly string[]) {
  if (productIds.length === 0) return Promise.resolve([]);
  return tx
    .select({ productId: productTaxClasses.productId, taxClassId: productTaxClasses.taxClassId })
    .from(productTaxClasses)
    .where(inArray(productTaxClasses.productId, [...productIds]));
}

/** The assigned class id per product (absent: the default), batched per request. */
export function assignedTaxClassId(ctx: RequestContext, productId: string): Promise<string | null> {
  return loaderFor<string, string>(ctx, 'productTaxClass', async (ids) => {
    const rows = await read(ctx, (tx) => productTaxClassRows(tx, ids));
    return new Map(rows.map((row) => [row.productId, row.taxClassId]));
  }).load(productId);
}

export interface SetProductTaxClassInput {
  productIds: string[];
  /** null: back to the default class. */
  taxClassId?: string | null;
}

type SetResult = { productIds: string[]; userErrors: UserError[] };

const maxProducts = 100;

export async function setProductTaxClass(ctx: RequestContext, input: SetProductTaxClassInput): Promise<SetResult> {
  const problems = new Problems();
  if (input.productIds.length === 0 || input.productIds.length > maxProducts) {
    problems.add(['productIds'], AccountingError.TOO_MANY, `Give 1 to ${maxProducts} products`);
  }
  input.productIds.forEach((id, i) => {
    if (!parseId('prd', id)) problems.add(['productIds', i], AccountingError.NOT_FOUND, 'Product not found');
  });
  const taxClassId = input.taxClassId ?? null;
  if (taxClassId) checkId(problems, ['taxClassId'], 'txc', taxClassId, 'Tax class');
  if (!problems.ok) return { productIds: [], userErrors: problems.list };
  const productIds = [...new Set(input.productIds)];
  return mutate<SetResult>(ctx, { productIds: [] }, async (tx) => {
    if (taxClassId) {
      const [found] = await tx.select({ id: taxClasses.id }).from(taxClasses).where(eq(taxClasses.id, taxClassId));
      if (!found) {
        problems.add(['taxClassId'], AccountingError.NOT_FOUND, 'Tax class not found');
        reject(problems);
      }
    }
    const before = new Map((await productTaxClassRows(tx, productIds)).map((r) => [r.productId, r.taxClassId]));
    if (taxClassId) {
      await tx
        .insert(productTaxClasses)
        .values(productIds.map((productId) => ({ productId, taxClassId })))
        .onConflictDoUpdate({ target: productTaxClasses.productId, set: { taxClassId, updatedAt: sql`now()` } });
    } else {
      await tx.delete(productTaxClasses).where(inArray(productTaxClasses.productId, productIds));
    }
    for (const productId of productIds) {
      await recordAudit(tx, ctx, {
        action: 'product.tax-class.set',
        entityType: 'Product',
        entityId: productId,
        before: { taxClassId: before.get(productId) ?? null },
        after: { taxClassId },
      });
    }
    return { productIds, userErrors: [] };
  });
}
