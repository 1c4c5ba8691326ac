import {
  newId,
  notFound,
  parseId,
  previousResult,
  publishEvent,
  type RequestContext,
  recordIdempotentResult,
  type UserError,
} from '@meridian/kit';
import { eq, inArray, sql } from 'drizzle-orm';
import { CatalogError } from '../catalog.errors.ts';
import { categories, discountCategories, discountProducts, discounts, products } from '../db/schema.ts';
import { discountChanged } from '../events.ts';
import { auditedTransaction, replayed } from './audit.ts';
import { invalidateTags, pricingTag } from './cache-tags.ts';
import { soldCurrencies, tenantDb } from './context.ts';
import { checkAmount, type MoneyInput } from './product-input.ts';
import { checkCount, checkText, Problems, Rejected, withUserErrors } from './validate.ts';

export type DiscountRow = typeof discounts.$inferSelect;

export interface DiscountInput {
  title: string;
  code?: string | null;
  kind: 'percentage' | 'fixed';
  /** Decimal percent, e.g. "12.5". */
  percentage?: string | null;
  amount?: MoneyInput | null;
  scope: 'product' | 'category' | 'order';
  productIds?: string[] | null;
  categoryIds?: string[] | null;
  customerGroup?: string | null;
  startsAt?: Date | null;
  endsAt?: Date | null;
  usageLimit?: number | null;
  active?: boolean | null;
  idempotencyKey?: string | null;
}

const percentPattern = /^\d{1,3}(\.\d{1,2})?$/;

function checkDiscount(ctx: RequestContext, input: DiscountInput, problems: Problems, now: Date) {
  const title = checkText(problems, ['title'], input.title, { required: true, max: 255 }) ?? '';
  const code = checkText(problems, ['code'], input.code, { max: 40 });
  if (code && !/^[A-Za-z0-9_-]+$/.test(code))
    problems.add(['code'], CatalogError.INVALID, 'Letters, digits, _ and - only');
  let percentBasisPoints: number | null = null;
  let amount: number | null = null;
  let currency: string | null = null;
  if (input.kind === 'percentage') {
    const text = input.percentage?.trim() ?? '';
    const value = percentPattern.test(text) ? Math.round(Number(text) * 100) : Number.NaN;
    if (!(value > 0 && value <= 10_000))
      problems.add(['percentage'], CatalogError.INVALID, 'A percentage above 0 and at most 100, two decimals');
    else percentBasisPoints = value;
  } else if (!input.amount) {
    problems.add(['amount'], CatalogError.REQUIRED, 'A fixed discount needs an amount');
  } else {
    currency = input.amount.currencyCode.trim().toUpperCase();
    if (!soldCurrencies(ctx).includes(currency)) {
      problems.add(['amount', 'currency'], CatalogError.CURRENCY_NOT_SOLD, `This shop does not sell in ${currency}`);
    } else amount = checkAmount(problems, ['amount', 'amount'], input.amount.amount, currency);
  }
  const productIds = [...new Set(input.productIds ?? [])];
  const categoryIds = [...new Set(input.categoryIds ?? [])];
  if (input.scope === 'product' && productIds.length === 0)
    problems.add(['productIds'], CatalogError.REQUIRED, 'Name the products');
  if (input.scope === 'category' && categoryIds.length === 0)
    problems.add(['categoryIds'], CatalogError.REQUIRED, 'Name the categories');
  if (input.scope !== 'product' && productIds.length > 0)
    problems.add(['productIds'], CatalogError.INVALID, 'Only for product scope');
  if (input.scope !== 'category' && categoryIds.length > 0)
    problems.add(['categoryIds'], CatalogError.INVALID, 'Only for category scope');
  const startsAt = input.startsAt ?? null;
  const endsAt = input.endsAt ?? null;
  if (startsAt && endsAt && endsAt.getTime() <= startsAt.getTime()) {
    problems.add(['endsAt'], CatalogError.INVALID_WINDOW, 'The discount must end after it starts');
  } else if (endsAt && endsAt.getTime() <= now.getTime()) {
    problems.add(['endsAt'], CatalogError.INVALID_WINDOW, 'The discount would already be over');
  }
  const usageLimit = checkCount(problems, ['usageLimit'], input.usageLimit, { min: 1 });
  const customerGroup = checkText(problems, ['customerGroup'], input.customerGroup, { max: 60 });
  return {
    row: {
      title,
      code,
      kind: input.kind,
      percentBasisPoints,
      amount,
      currency,
      scope: input.scope,
      customerGroup,
      startsAt,
      endsAt,
      usageLimit,
      active: input.active ?? true,
    },
    productIds,
    categoryIds,
  };
}

export async function createDiscount(ctx: RequestContext, input: DiscountInput) {
  const problems = new Problems();
  const checked = checkDiscount(ctx, input, problems, new Date());
  if (!problems.ok) return { discount: null, userErrors: problems.list };
  const result = await withUserErrors(
    () =>
      auditedTransaction(ctx, { action: 'discount.create', entityType: 'Discount' }, async (tx) => {
        const previous = await previousResult(tx, 'createDiscount', input.idempotencyKey);
        if (previous) return replayed(previous);
        const validProducts = checked.productIds.filter((id) => parseId('prd', id));
        const validCategories = checked.categoryIds.filter((id) => parseId('cat', id));
        const foundProducts = new Set(
          validProducts.length
            ? (await tx.select({ id: products.id }).from(products).where(inArray(products.id, validProducts))).map(
                (r) => r.id,
              )
            : [],
        );
        const foundCategories = new Set(
          validCategories.length
            ? (
                await tx.select({ id: categories.id }).from(categories).where(inArray(categories.id, validCategories))
              ).map((r) => r.id)
            : [],
        );
        checked.productIds.forEach((id, i) => {
          if (!foundProducts.has(id)) problems.add(['productIds', i], CatalogError.NOT_FOUND, `No product ${id}`);
        });
        checked.categoryIds.forEach((id, i) => {
          if (!foundCategories.has(id)) problems.add(['categoryIds', i], CatalogError.NOT_FOUND, `No category ${id}`);
        });
        if (checked.row.code) {
          const [taken] = await tx
            .select({ id: discounts.id })
            .from(discounts)
            .where(sql`upper(${discounts.code}) = upper(${checked.row.code})`);
          if (taken) problems.add(['code'], CatalogError.DUPLICATE_CODE, `Code ${checked.row.code} exists`);
        }
        if (!problems.ok) throw new Rejected(problems);
        const id = newId('dsc');
        await tx.insert(discounts).values({ id, ...checked.row });
        if (checked.productIds.length)
          await tx
            .insert(discountProducts)
            .values(checked.productIds.map((productId) => ({ discountId: id, productId })));
        if (checked.categoryIds.length)
          await tx
            .insert(discountCategories)
            .values(checked.categoryIds.map((categoryId) => ({ discountId: id, categoryId })));
        await publishEvent(tx, discountChanged.create({ discountId: id, change: 'created' }, { key: id }));
        await recordIdempotentResult(tx, 'createDiscount', input.idempotencyKey, id);
        const after = { ...checked.row, productIds: checked.productIds, categoryIds: checked.categoryIds };
        return { result: id, audit: { entityId: id, after } };
      }),
    (constraint) => {
      if (constraint !== 'discounts_code_key') return null;
      const p = new Problems();
      p.add(['code'], CatalogError.DUPLICATE_CODE, 'Code exists');
      return p;
    },
  );
  if ('problems' in result) return { discount: null, userErrors: result.problems.list };
  await invalidateTags(ctx, [pricingTag]);
  return { discount: await findDiscount(ctx, result.ok), userErrors: [] as UserError[] };
}

/** Switches a discount on or off, or moves its window; the rest of a discount is fixed once created. */
export async function updateDiscount(
  ctx: RequestContext,
  input: {
    id: string;
    active?: boolean | null;
    startsAt?: Date | null;
    endsAt?: Date | null;
    usageLimit?: number | null;
  },
) {
  const problems = new Problems();
  if (!parseId('dsc', input.id)) problems.add(['id'], CatalogError.NOT_FOUND, 'Discount not found');
  const usageLimit = checkCount(problems, ['usageLimit'], input.usageLimit, { min: 1 });
  if (!problems.ok) return { discount: null, userErrors: problems.list };
  const result = await withUserErrors(() =>
    auditedTransaction(ctx, { action: 'discount.update', entityType: 'Discount' }, async (tx) => {
      const [current] = await tx.select().from(discounts).where(eq(discounts.id, input.id)).for('update');
      if (!current) {
        problems.add(['id'], CatalogError.NOT_FOUND, 'Discount not found');
        throw new Rejected(problems);
      }
      const startsAt = input.startsAt === undefined ? current.startsAt : input.startsAt;
      const endsAt = input.endsAt === undefined ? current.endsAt : input.endsAt;
      if (startsAt && endsAt && endsAt <= startsAt)
        problems.add(['endsAt'], CatalogError.INVALID_WINDOW, 'The discount must end after it starts');
      if (usageLimit !== null && usageLimit < current.usageCount) {
        problems.add(['usageLimit'], CatalogError.INVALID, `It was used ${current.usageCount} times already`);
      }
      if (!problems.ok) throw new Rejected(problems);
      const set = {
        startsAt,
        endsAt,
        ...(input.active === undefined || input.active === null ? {} : { active: input.active }),
        ...(input.usageLimit === undefined ? {} : { usageLimit }),
      };
      await tx
        .update(discounts)
        .set({ ...set, updatedAt: sql`now()` })
        .where(eq(discounts.id, input.id));
      await publishEvent(tx, discountChanged.create({ discountId: input.id, change: 'updated' }, { key: input.id }));
      const before = Object.fromEntries(Object.keys(set).map((k) => [k, current[k as keyof typeof set]]));
      return { result: input.id, audit: { entityId: input.id, before, after: set } };
    }),
  );
  if ('problems' in result) return { discount: null, userErrors: result.problems.list };
  await invalidateTags(ctx, [pricingTag]);
  return { discount: await findDiscount(ctx, result.ok), userErrors: [] as UserError[] };
}

export async function findDiscount(ctx: RequestContext, id: string) {
  if (!parseId('dsc', id)) throw notFound('Discount');
  return tenantDb(ctx).transaction(async (tx) => {
    const [row] = await tx.select().from(discounts).where(eq(discounts.id, id));
    if (!row) throw notFound('Discount');
    const [productRows, categoryRows] = await Promise.all([
      tx.select({ id: discountProducts.productId }).from(discountProducts).where(eq(discountProducts.discountId, id)),
      tx
        .select({ id: discountCategories.categoryId })
        .from(discountCategories)
        .where(eq(discountCategories.discountId, id)),
    ]);
    return { ...row, productIds: productRows.map((r) => r.id), categoryIds: categoryRows.map((r) => r.id) };
  });
}

export function listDiscounts(ctx: RequestContext) {
  return tenantDb(ctx).transaction((tx) => tx.select().from(discounts).orderBy(discounts.id));
}
