import {
  newId,
  notFound,
  parseId,
  previousResult,
  publishEvent,
  type RequestContext,
  recordIdempotentResult,
  type TenantTx,
  type UserError,
} from '@meridian/kit';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { CatalogError } from '../catalog.errors.ts';
import { priceLists, prices, products, productVariants } from '../db/schema.ts';
import { priceChanged } from '../events.ts';
import { auditedTransaction, replayed } from './audit.ts';
import { invalidateTags, listingsTag, pricingTag, productTag } from './cache-tags.ts';
import { soldCurrencies, tenantDb } from './context.ts';
import { defaultPriceLists } from './price-list-defaults.ts';
import { checkAmount } from './product-input.ts';
import { refreshSearchPrices } from './search-prices.ts';
import { checkCount, checkText, Problems, Rejected, withUserErrors } from './validate.ts';

export type PriceListRow = typeof priceLists.$inferSelect;

export interface PriceListInput {
  id?: string;
  name?: string | null;
  currency?: string | null;
  customerGroup?: string | null;
  priority?: number | null;
  validFrom?: Date | null;
  validTo?: Date | null;
  active?: boolean | null;
  idempotencyKey?: string | null;
}

function checkWindow(problems: Problems, from: Date | null | undefined, to: Date | null | undefined, field: string) {
  if (from && to && to.getTime() <= from.getTime()) {
    problems.add([field], CatalogError.INVALID_WINDOW, 'The window must end after it starts');
  }
}

export async function createPriceList(ctx: RequestContext, input: PriceListInput) {
  const problems = new Problems();
  const name = checkText(problems, ['name'], input.name, { required: true, max: 120 }) ?? '';
  const currency = (input.currency ?? '').trim().toUpperCase();
  if (!soldCurrencies(ctx).includes(currency)) {
    problems.add(
      ['currency'],
      CatalogError.CURRENCY_NOT_SOLD,
      `This shop does not sell in ${currency || 'that currency'}`,
    );
  }
  const group = checkText(problems, ['customerGroup'], input.customerGroup, { max: 60 });
  const priority = input.priority ?? 0;
  if (!Number.isInteger(priority)) problems.add(['priority'], CatalogError.NOT_AN_INTEGER, 'Must be a whole number');
  checkWindow(problems, input.validFrom, input.validTo, 'validTo');
  if (!problems.ok) return { priceList: null, userErrors: problems.list };
  const id = await auditedTransaction(ctx, { action: 'price-list.create', entityType: 'PriceList' }, async (tx) => {
    const previous = await previousResult(tx, 'createPriceList', input.idempotencyKey);
    if (previous) return replayed(previous);
    const created = newId('prl');
    const row = {
      name,
      currency,
      customerGroup: group,
      priority,
      validFrom: input.validFrom ?? null,
      validTo: input.validTo ?? null,
      active: input.active ?? true,
    };
    await tx.insert(priceLists).values({ id: created, ...row });
    await recordIdempotentResult(tx, 'createPriceList', input.idempotencyKey, created);
    return { result: created, audit: { entityId: created, after: row } };
  });
  await invalidateTags(ctx, [pricingTag]);
  return { priceList: await findPriceList(ctx, id), userErrors: [] as UserError[] };
}

export async function updatePriceList(ctx: RequestContext, input: PriceListInput & { id: string }) {
  const problems = new Problems();
  if (!parseId('prl', input.id)) problems.add(['id'], CatalogError.NOT_FOUND, 'Price list not found');
  const set: Partial<PriceListRow> = {};
  if (input.name) set.name = checkText(problems, ['name'], input.name, { required: true, max: 120 }) ?? '';
  if (input.customerGroup !== undefined)
    set.customerGroup = checkText(problems, ['customerGroup'], input.customerGroup, { max: 60 });
  if (input.priority !== undefined && input.priority !== null) set.priority = input.priority;
  if (input.validFrom !== undefined) set.validFrom = input.validFrom;
  if (input.validTo !== undefined) set.validTo = input.validTo;
  if (input.active !== undefined && input.active !== null) set.active = input.active;
  if (input.currency) problems.add(['currency'], CatalogError.INVALID, 'A price list keeps its currency');
  if (!problems.ok) return { priceList: null, userErrors: problems.list };
  const result = await withUserErrors(() =>
    auditedTransaction(ctx, { action: 'price-list.update', entityType: 'PriceList' }, async (tx) => {
      // NO KEY UPDATE: a concurrent price insert's foreign-key check (KEY SHARE) on this list need not wait.
      const [current] = await tx.select().from(priceLists).where(eq(priceLists.id, input.id)).for('no key update');
      if (!current) problems.add(['id'], CatalogError.NOT_FOUND, 'Price list not found');
      else checkWindow(problems, set.validFrom ?? current.validFrom, set.validTo ?? current.validTo, 'validTo');
      if (current?.isDefault && (set.customerGroup || set.validFrom || set.validTo || set.active === false)) {
        problems.add(['id'], CatalogError.INVALID_STATE, 'The default list is for everyone, always');
      }
      if (!problems.ok || !current) throw new Rejected(problems);
      await tx
        .update(priceLists)
        .set({ ...set, updatedAt: sql`now()` })
        .where(eq(priceLists.id, input.id));
      const variantIds = (
        await tx.selectDistinct({ id: prices.variantId }).from(prices).where(eq(prices.priceListId, input.id))
      ).map((r) => r.id);
      const productIds = await productsOf(tx, variantIds);
      // Window, activity or group decide whether the list counts for the from-price search uses.
      await refreshSearchPrices(tx, productIds);
      await publishEvent(
        tx,
        priceChanged.create(
          { priceListId: input.id, currency: current.currency, variantIds, productIds },
          { key: input.id },
        ),
      );
      const before = Object.fromEntries(Object.keys(set).map((k) => [k, current[k as keyof typeof set]]));
      return { result: productIds, audit: { entityId: input.id, before, after: set } };
    }),
  );
  if ('problems' in result) return { priceList: null, userErrors: result.problems.list };
  await invalidateTags(ctx, [pricingTag, listingsTag]);
  return { priceList: await findPriceList(ctx, input.id), userErrors: [] as UserError[] };
}

async function productsOf(tx: TenantTx, variantIds: string[]) {
  if (variantIds.length === 0) return [];
  const rows = await tx
    .selectDistinct({ productId: productVariants.productId })
    .from(productVariants)
    .where(inArray(productVariants.id, variantIds));
  return rows.map((r) => r.productId);
}

export interface SetVariantPricesInput {
  variantId: string;
  /** Defaults to the currency's default list. */
  priceListId?: string | null;
  currency?: string | null;
  tiers: { minQuantity: number; amount: string }[];
}

/**
 * Replaces a variant's quantity tiers in one price list (an empty list removes its prices there) and
 * publishes `catalog.price.changed` in the same transaction.
 */
export async function setVariantPrices(ctx: RequestContext, input: SetVariantPricesInput) {
  const problems = new Problems();
  if (!parseId('var', input.variantId)) problems.add(['variantId'], CatalogError.NOT_FOUND, 'Variant not found');
  if (input.priceListId && !parseId('prl', input.priceListId)) {
    problems.add(['priceListId'], CatalogError.NOT_FOUND, 'Price list not found');
  }
  if (!input.priceListId && !input.currency)
    problems.add(['currency'], CatalogError.REQUIRED, 'Give a price list or a currency');
  if (!problems.ok) return { variantId: null, userErrors: problems.list };
  const result = await withUserErrors(() =>
    auditedTransaction(ctx, { action: 'product-variant.set-prices', entityType: 'ProductVariant' }, async (tx) => {
      const [variant] = await tx
        .select({ id: productVariants.id, productId: productVariants.productId })
        .from(productVariants)
        .where(eq(productVariants.id, input.variantId));
      if (!variant) problems.add(['variantId'], CatalogError.NOT_FOUND, 'Variant not found');
      // Price writes of one product run one after the other (product row first, like every writer of
      // its variants): a second replace of the same tiers then sees the first one's rows and deletes them.
      else
        await tx
          .select({ id: products.id })
          .from(products)
          .where(eq(products.id, variant.productId))
          .for('no key update');
      let list: PriceListRow | undefined;
      if (input.priceListId) {
        [list] = await tx.select().from(priceLists).where(eq(priceLists.id, input.priceListId));
        if (!list) problems.add(['priceListId'], CatalogError.NOT_FOUND, 'Price list not found');
      } else {
        const currency = (input.currency ?? '').trim().toUpperCase();
        if (!soldCurrencies(ctx).includes(currency)) {
          problems.add(['currency'], CatalogError.CURRENCY_NOT_SOLD, `This shop does not sell in ${currency}`);
        } else {
          const id = (await defaultPriceLists(tx, [currency])).get(currency) as string;
          [list] = await tx.select().from(priceLists).where(eq(priceLists.id, id));
        }
      }
      if (!problems.ok || !list || !variant) throw new Rejected(problems);
      const tiers: { minQuantity: number; amount: number }[] = [];
      const seen = new Set<number>();
      for (const [i, tier] of input.tiers.entries()) {
        const minQuantity = checkCount(problems, ['tiers', i, 'minQuantity'], tier.minQuantity, { min: 1 });
        const amount = checkAmount(problems, ['tiers', i, 'amount'], tier.amount, list.currency);
        if (minQuantity !== null && seen.has(minQuantity)) {
          problems.add(['tiers', i, 'minQuantity'], CatalogError.INVALID, `Two tiers start at ${minQuantity}`);
        }
        if (minQuantity !== null) seen.add(minQuantity);
        if (minQuantity !== null && amount !== null) tiers.push({ minQuantity, amount });
      }
      if (!problems.ok) throw new Rejected(problems);
      const removed = await tx
        .delete(prices)
        .where(and(eq(prices.priceListId, list.id), eq(prices.variantId, variant.id)))
        .returning({ minQuantity: prices.minQuantity, amount: prices.amount });
      if (tiers.length > 0) {
        await tx.insert(prices).values(tiers.map((t) => ({ priceListId: list.id, variantId: variant.id, ...t })));
      }
      await refreshSearchPrices(tx, [variant.productId]);
      await publishEvent(
        tx,
        priceChanged.create(
          { priceListId: list.id, currency: list.currency, variantIds: [variant.id], productIds: [variant.productId] },
          { key: variant.productId },
        ),
      );
      const byQuantity = (a: { minQuantity: number }, b: { minQuantity: number }) => a.minQuantity - b.minQuantity;
      return {
        result: variant.productId,
        audit: {
          entityId: variant.id,
          before: { priceListId: list.id, currency: list.currency, tiers: removed.toSorted(byQuantity) },
          after: { priceListId: list.id, currency: list.currency, tiers: tiers.toSorted(byQuantity) },
        },
      };
    }),
  );
  if ('problems' in result) return { variantId: null, userErrors: result.problems.list };
  await invalidateTags(ctx, [productTag(result.ok), listingsTag]);
  return { variantId: input.variantId, userErrors: [] as UserError[] };
}

export async function findPriceList(ctx: RequestContext, id: string): Promise<PriceListRow> {
  if (!parseId('prl', id)) throw notFound('PriceList');
  const [row] = await tenantDb(ctx).transaction((tx) => tx.select().from(priceLists).where(eq(priceLists.id, id)));
  if (!row) throw notFound('PriceList');
  return row;
}

export function listPriceLists(ctx: RequestContext, currency?: string | null) {
  return tenantDb(ctx).transaction((tx) =>
    tx
      .select()
      .from(priceLists)
      .where(currency ? eq(priceLists.currency, currency) : undefined)
      .orderBy(priceLists.currency, priceLists.id),
  );
}
