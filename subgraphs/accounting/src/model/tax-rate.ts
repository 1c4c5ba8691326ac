import {
  mutate,
  newId,
  Problems,
  previousResult,
  publishEvent,
  type RequestContext,
  recordAudit,
  recordIdempotentResult,
  reject,
  type TenantTx,
  type UserError,
} from '@meridian/kit';
import { and, eq, gt, isNull, lt, ne, or, sql } from 'drizzle-orm';
import { AccountingError } from '../accounting.errors.ts';
import { taxClasses, taxRates, taxZones } from '../db/schema.ts';
import { taxRateChanged } from '../events.ts';
import { parseRatePercent } from './rate-value.ts';
import { invalidateTaxRules } from './rules-cache.ts';
import { checkId, checkIdempotencyKey, checkText } from './tax-input.ts';

export type TaxRateRow = typeof taxRates.$inferSelect;

export interface CreateTaxRateInput {
  idempotencyKey?: string | null;
  zoneId: string;
  taxClassId: string;
  name: string;
  rate: string;
  priority?: number | null;
  compound?: boolean | null;
  validFrom?: Date | null;
  validTo?: Date | null;
}

/** Absent fields stay; `validFrom: null` / `validTo: null` open the window on that side. */
export interface UpdateTaxRateInput {
  id: string;
  name?: string | null;
  rate?: string | null;
  compound?: boolean | null;
  validFrom?: Date | null;
  validTo?: Date | null;
}

type RateResult = { taxRate: TaxRateRow | null; userErrors: UserError[] };

export function checkRate(problems: Problems, field: string, value: string): string | null {
  const rate = parseRatePercent(value);
  if (rate === null) {
    problems.add(
      [field],
      AccountingError.INVALID_RATE,
      'A percentage from 0 to 100 with at most 3 decimals, e.g. "20" or "9.975"',
    );
  }
  return rate;
}

function checkWindow(problems: Problems, from: Date | null, to: Date | null, field = 'validTo'): void {
  if (from && to && to.getTime() <= from.getTime()) {
    problems.add([field], AccountingError.INVALID_WINDOW, 'The validity must end after it starts');
  }
}

/** Locks the zone row: every rate write of a zone queues here, so two overlapping windows cannot both pass. */
async function lockZone(tx: TenantTx, zoneId: string) {
  const [zone] = await tx.select().from(taxZones).where(eq(taxZones.id, zoneId)).for('update');
  return zone ?? null;
}

type Window = Pick<TaxRateRow, 'zoneId' | 'taxClassId' | 'priority' | 'validFrom' | 'validTo'>;

/** A rate of the same zone × class × priority whose [from, to) meets this one's, if any. */
async function overlappingRate(tx: TenantTx, window: Window, exceptId?: string) {
  const [found] = await tx
    .select({ id: taxRates.id })
    .from(taxRates)
    .where(
      and(
        eq(taxRates.zoneId, window.zoneId),
        eq(taxRates.taxClassId, window.taxClassId),
        eq(taxRates.priority, window.priority),
        exceptId ? ne(taxRates.id, exceptId) : undefined,
        window.validFrom ? or(isNull(taxRates.validTo), gt(taxRates.validTo, window.validFrom)) : undefined,
        window.validTo ? or(isNull(taxRates.validFrom), lt(taxRates.validFrom, window.validTo)) : undefined,
      ),
    )
    .limit(1);
  return found?.id ?? null;
}

function overlapProblem(problems: Problems, otherId: string): never {
  problems.add(
    ['validFrom'],
    AccountingError.OVERLAPPING_VALIDITY,
    `Rate ${otherId} of the same zone, class and priority is valid in part of this period`,
  );
  return reject(problems);
}

const snapshot = (r: TaxRateRow) => ({
  zoneId: r.zoneId,
  taxClassId: r.taxClassId,
  name: r.name,
  rate: r.rate,
  priority: r.priority,
  compound: r.compound,
  validFrom: r.validFrom?.toISOString() ?? null,
  validTo: r.validTo?.toISOString() ?? null,
});

/** Audit record + `accounting.tax-rate.changed`, in the writer's transaction. */
export async function recordChange(
  tx: TenantTx,
  ctx: RequestContext,
  change: 'created' | 'updated' | 'deleted',
  rate: TaxRateRow,
  country: string,
  before?: TaxRateRow,
): Promise<void> {
  const { zoneId, taxClassId, rate: percent, priority, compound, validFrom, validTo } = snapshot(rate);
  await publishEvent(
    tx,
    taxRateChanged.create(
      { rateId: rate.id, zoneId, country, taxClassId, change, rate: percent, priority, compound, validFrom, validTo },
      { key: rate.id },
    ),
  );
  const action = { created: 'tax-rate.create', updated: 'tax-rate.update', deleted: 'tax-rate.delete' }[change];
  await recordAudit(tx, ctx, {
    action,
    entityType: 'TaxRate',
    entityId: rate.id,
    ...(change === 'deleted' ? { before: snapshot(rate) } : { after: snapshot(rate) }),
    ...(before ? { before: snapshot(before) } : {}),
  });
}

export async function createTaxRate(ctx: RequestContext, input: CreateTaxRateInput): Promise<RateResult> {
  const problems = new Problems();
  const key = checkIdempotencyKey(problems, input.idempotencyKey);
  checkId(problems, ['zoneId'], 'txz', input.zoneId, 'Tax zone');
  checkId(problems, ['taxClassId'], 'txc', input.taxClassId, 'Tax class');
  const name = checkText(problems, ['name'], input.name, { required: true, max: 60 });
  const rate = checkRate(problems, 'rate', input.rate);
  const priority = input.priority ?? 1;
  if (!Number.isInteger(priority) || priority < 1 || priority > 9) {
    problems.add(['priority'], AccountingError.INVALID, 'Priority is a whole number from 1 to 9');
  }
  const validFrom = input.validFrom ?? null;
  const validTo = input.validTo ?? null;
  checkWindow(problems, validFrom, validTo);
  if (!problems.ok || !name || !rate) return { taxRate: null, userErrors: problems.list };
  const result = await mutate<RateResult>(ctx, { taxRate: null }, async (tx) => {
    const previous = await previousResult(tx, 'createTaxRate', key);
    if (previous) {
      const [found] = await tx.select().from(taxRates).where(eq(taxRates.id, previous));
      return { taxRate: found ?? null, userErrors: [] };
    }
    const zone = await lockZone(tx, input.zoneId);
    if (!zone) problems.add(['zoneId'], AccountingError.NOT_FOUND, 'Tax zone not found');
    const [taxClass] = await tx.select().from(taxClasses).where(eq(taxClasses.id, input.taxClassId));
    if (!taxClass) problems.add(['taxClassId'], AccountingError.NOT_FOUND, 'Tax class not found');
    else if (taxClass.exempt)
      problems.add(['taxClassId'], AccountingError.CLASS_EXEMPT, 'An exempt class carries no rates');
    if (!problems.ok || !zone) reject(problems);
    const window = { zoneId: zone.id, taxClassId: input.taxClassId, priority, validFrom, validTo };
    const other = await overlappingRate(tx, window);
    if (other) overlapProblem(problems, other);
    const [created] = await tx
      .insert(taxRates)
      .values({ id: newId('txr'), ...window, name, rate, compound: input.compound ?? false })
      .returning();
    if (!created) throw new Error('insert returned nothing');
    await recordIdempotentResult(tx, 'createTaxRate', key, created.id);
    await recordChange(tx, ctx, 'created', created, zone.country);
    return { taxRate: created, userErrors: [] };
  });
  if (result.taxRate) await invalidateTaxRules(ctx);
  return result;
}

/** Reads the rate and locks its zone (then re-reads it, now stable); null when it does not exist. */
export async function lockRate(tx: TenantTx, id: string) {
  const [found] = await tx.select({ zoneId: taxRates.zoneId }).from(taxRates).where(eq(taxRates.id, id));
  if (!found) return null;
  const zone = await lockZone(tx, found.zoneId);
  const [rate] = await tx.select().from(taxRates).where(eq(taxRates.id, id));
  return zone && rate ? { zone, rate } : null;
}

export async function updateTaxRate(ctx: RequestContext, input: UpdateTaxRateInput): Promise<RateResult> {
  const problems = new Problems();
  checkId(problems, ['id'], 'txr', input.id, 'Tax rate');
  const set: Partial<TaxRateRow> = {};
  if (input.name !== undefined && input.name !== null)
    set.name = checkText(problems, ['name'], input.name, { required: true, max: 60 }) ?? '';
  if (input.rate !== undefined && input.rate !== null) set.rate = checkRate(problems, 'rate', input.rate) ?? '';
  if (input.compound !== undefined && input.compound !== null) set.compound = input.compound;
  if (input.validFrom !== undefined) set.validFrom = input.validFrom;
  if (input.validTo !== undefined) set.validTo = input.validTo;
  if (!problems.ok) return { taxRate: null, userErrors: problems.list };
  const result = await mutate<RateResult>(ctx, { taxRate: null }, async (tx) => {
    const locked = await lockRate(tx, input.id);
    if (!locked) {
      problems.add(['id'], AccountingError.NOT_FOUND, 'Tax rate not found');
      reject(problems);
    }
    const { zone, rate: before } = locked;
    const next = { ...before, ...set };
    checkWindow(problems, next.validFrom, next.validTo);
    if (!problems.ok) reject(problems);
    const other = await overlappingRate(tx, next, before.id);
    if (other) overlapProblem(problems, other);
    const [updated] = await tx
      .update(taxRates)
      .set({ ...set, updatedAt: sql`now()` })
      .where(eq(taxRates.id, before.id))
      .returning();
    if (!updated) throw new Error('update returned nothing');
    await recordChange(tx, ctx, 'updated', updated, zone.country, before);
    return { taxRate: updated, userErrors: [] };
  });
  if (result.taxRate) await invalidateTaxRules(ctx);
  return result;
}

type DeleteResult = { deletedId: string | null; userErrors: UserError[] };

export async function deleteTaxRate(ctx: RequestContext, input: { id: string }): Promise<DeleteResult> {
  const problems = new Problems();
  if (!checkId(problems, ['id'], 'txr', input.id, 'Tax rate')) return { deletedId: null, userErrors: problems.list };
  const result = await mutate<DeleteResult>(ctx, { deletedId: null }, async (tx) => {
    const locked = await lockRate(tx, input.id);
    if (!locked) {
      problems.add(['id'], AccountingError.NOT_FOUND, 'Tax rate not found');
      reject(problems);
    }
    await tx.delete(taxRates).where(eq(taxRates.id, locked.rate.id));
    await recordChange(tx, ctx, 'deleted', locked.rate, locked.zone.country);
    return { deletedId: locked.rate.id, userErrors: [] };
  });
  if (result.deletedId) await invalidateTaxRules(ctx);
  return result;
}
