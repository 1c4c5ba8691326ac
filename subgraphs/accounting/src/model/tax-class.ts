import {
  loaderFor,
  mutate,
  newId,
  notFound,
  Problems,
  pageSize,
  parseId,
  previousResult,
  type RequestContext,
  read,
  recordAudit,
  recordIdempotentResult,
  reject,
  type TenantTx,
  type UserError,
} from '@meridian/kit';
import { and, asc, eq, gt, inArray, or, sql } from 'drizzle-orm';
import { AccountingError } from '../accounting.errors.ts';
import { productTaxClasses, taxClasses, taxRates, taxSettings } from '../db/schema.ts';
import { invalidateTaxRules } from './rules-cache.ts';
import { checkId, checkIdempotencyKey, checkText, cursorId } from './tax-input.ts';

export type TaxClassRow = typeof taxClasses.$inferSelect;
type ClassResult = { taxClass: TaxClassRow | null; userErrors: UserError[] };

const codePattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The classes every tenant starts with (seedDefaults); their codes are what commerce and imports name. */
export const builtInClasses = [
  { code: 'standard', name: 'Standard rate', exempt: false },
  { code: 'reduced', name: 'Reduced rate', exempt: false },
  { code: 'zero', name: 'Zero rate', exempt: false },
  { code: 'exempt', name: 'Exempt', exempt: true },
] as const;

const snapshot = (c: TaxClassRow) => ({ code: c.code, name: c.name, exempt: c.exempt, builtIn: c.builtIn });

export interface CreateTaxClassInput {
  idempotencyKey?: string | null;
  code: string;
  name: string;
  exempt?: boolean | null;
}

export async function createTaxClass(ctx: RequestContext, input: CreateTaxClassInput): Promise<ClassResult> {
  const problems = new Problems();
  const key = checkIdempotencyKey(problems, input.idempotencyKey);
  const code = input.code.trim().toLowerCase();
  if (!codePattern.test(code) || code.length > 40) {
    problems.add(['code'], AccountingError.INVALID, 'Use 1-40 lowercase letters, digits and single dashes');
  }
  const name = checkText(problems, ['name'], input.name, { required: true, max: 120 });
  if (!problems.ok || !name) return { taxClass: null, userErrors: problems.list };
  const result = await mutate<ClassResult>(ctx, { taxClass: null }, async (tx) => {
    const previous = await previousResult(tx, 'createTaxClass', key);
    if (previous) return { taxClass: (await classRows(tx, [previous]))[0] ?? null, userErrors: [] };
    const [created] = await tx
      .insert(taxClasses)
      .values({ id: newId('txc'), code, name, exempt: input.exempt ?? false })
      .onConflictDoNothing({ target: taxClasses.code })
      .returning();
    if (!created) {
      problems.add(['code'], AccountingError.DUPLICATE_CODE, `A tax class with code ${code} exists`);
      reject(problems);
    }
    await recordIdempotentResult(tx, 'createTaxClass', key, created.id);
    await recordAudit(tx, ctx, {
      action: 'tax-class.create',
      entityType: 'TaxClass',
      entityId: created.id,
      after: snapshot(created),
    });
    return { taxClass: created, userErrors: [] };
  });
  if (result.taxClass) await invalidateTaxRules(ctx);
  return result;
}

/** Only the name changes: a class's code is a stable handle and `exempt` decides whether it can carry rates. */
export async function updateTaxClass(
  ctx: RequestContext,
  input: { id: string; name?: string | null },
): Promise<ClassResult> {
  const problems = new Problems();
  checkId(problems, ['id'], 'txc', input.id, 'Tax class');
  const name = checkText(problems, ['name'], input.name, { required: true, max: 120 });
  if (!problems.ok || !name) return { taxClass: null, userErrors: problems.list };
  return mutate<ClassResult>(ctx, { taxClass: null }, async (tx) => {
    const [before] = await tx.select().from(taxClasses).where(eq(taxClasses.id, input.id)).for('update');
    if (!before) {
      problems.add(['id'], AccountingError.NOT_FOUND, 'Tax class not found');
      reject(problems);
    }
    const [updated] = await tx
      .update(taxClasses)
      .set({ name, updatedAt: sql`now()` })
      .where(eq(taxClasses.id, input.id))
      .returning();
    if (!updated) throw new Error('update returned nothing');
    await recordAudit(tx, ctx, {
      action: 'tax-class.update',
      entityType: 'TaxClass',
      entityId: updated.id,
      before: snapshot(before),
      after: snapshot(updated),
    });
    return { taxClass: updated, userErrors: [] };
  });
}

type DeleteResult = { deletedId: string | null; userErrors: UserError[] };

/** A custom class nothing refers to (no rates, no products, not a default in the settings). */
export async function deleteTaxClass(ctx: RequestContext, input: { id: string }): Promise<DeleteResult> {
  const problems = new Problems();
  if (!checkId(problems, ['id'], 'txc', input.id, 'Tax class')) return { deletedId: null, userErrors: problems.list };
  const result = await mutate<DeleteResult>(ctx, { deletedId: null }, async (tx) => {
    const [found] = await tx.select().from(taxClasses).where(eq(taxClasses.id, input.id)).for('update');
    if (!found) problems.add(['id'], AccountingError.NOT_FOUND, 'Tax class not found');
    else if (found.builtIn) problems.add(['id'], AccountingError.BUILT_IN, 'Built-in tax classes cannot be deleted');
    else if (await classInUse(tx, found.id)) {
      problems.add(['id'], AccountingError.IN_USE, 'Rates, products or the tax settings use this class');
    }
    if (!problems.ok || !found) reject(problems);
    await tx.delete(taxClasses).where(eq(taxClasses.id, found.id));
    await recordAudit(tx, ctx, {
      action: 'tax-class.delete',
      entityType: 'TaxClass',
      entityId: found.id,
      before: snapshot(found),
    });
    return { deletedId: found.id, userErrors: [] };
  });
  if (result.deletedId) await invalidateTaxRules(ctx);
  return result;
}

async function classInUse(tx: TenantTx, id: string): Promise<boolean> {
  const [rate] = await tx.select({ id: taxRates.id }).from(taxRates).where(eq(taxRates.taxClassId, id)).limit(1);
  const [product] = await tx
    .select({ id: productTaxClasses.productId })
    .from(productTaxClasses)
    .where(eq(productTaxClasses.taxClassId, id))
    .limit(1);
  const [settings] = await tx
    .select({ id: taxSettings.id })
    .from(taxSettings)
    .where(or(eq(taxSettings.defaultTaxClassId, id), eq(taxSettings.shippingTaxClassId, id)));
  return Boolean(rate || product || settings);
}

export function classRows(tx: TenantTx, ids: string[]): Promise<TaxClassRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return tx.select().from(taxClasses).where(inArray(taxClasses.id, ids));
}

export async function findTaxClass(ctx: RequestContext, id: string): Promise<TaxClassRow> {
  const found = parseId('txc', id) ? await taxClassById(ctx, id) : null;
  if (!found) throw notFound('TaxClass');
  return found;
}

export function taxClassById(ctx: RequestContext, id: string): Promise<TaxClassRow | null> {
  return loaderFor<string, TaxClassRow>(ctx, 'taxClassById', async (ids) => {
    const rows = await read(ctx, (tx) => classRows(tx, [...ids]));
    return new Map(rows.map((row) => [row.id, row]));
  }).load(id);
}

export async function listTaxClasses(ctx: RequestContext, args: { first?: number | null; after?: string | null }) {
  const limit = pageSize(args.first);
  const after = cursorId('txc', args.after);
  const rows = await read(ctx, (tx) =>
    tx
      .select()
      .from(taxClasses)
      .where(and(after ? gt(taxClasses.id, after) : undefined))
      .orderBy(asc(taxClasses.id))
      .limit(limit + 1),
  );
  return { nodes: rows.slice(0, limit), hasNextPage: rows.length > limit };
}
