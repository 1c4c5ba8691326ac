import {
  mutate,
  newId,
  Problems,
  previousResult,
  type RequestContext,
  recordIdempotentResult,
  reject,
  type UserError,
} from '@meridian/kit';
import { eq, sql } from 'drizzle-orm';
import { AccountingError } from '../accounting.errors.ts';
import { taxRates } from '../db/schema.ts';
import { invalidateTaxRules } from './rules-cache.ts';
import { checkId, checkIdempotencyKey, checkText } from './tax-input.ts';
import { checkRate, lockRate, recordChange, type TaxRateRow } from './tax-rate.ts';

export interface ScheduleTaxRateChangeInput {
  idempotencyKey?: string | null;
  id: string;
  rate: string;
  effectiveFrom: Date;
  name?: string | null;
}

type ScheduleResult = { previousRate: TaxRateRow | null; taxRate: TaxRateRow | null; userErrors: UserError[] };

/**
 * A rate change by law on a date (UK VAT 17.5% → 20% on 4 January 2011): the current rate ends at
 * `effectiveFrom` and a new one, alike but for the percentage (and name), starts there and runs to where
 * the old one ran. One transaction: quotes see either the old rate or both, never a gap.
 */
export async function scheduleTaxRateChange(
  ctx: RequestContext,
  input: ScheduleTaxRateChangeInput,
): Promise<ScheduleResult> {
  const problems = new Problems();
  const key = checkIdempotencyKey(problems, input.idempotencyKey);
  checkId(problems, ['id'], 'txr', input.id, 'Tax rate');
  const percent = checkRate(problems, 'rate', input.rate);
  const name =
    input.name === undefined || input.name === null
      ? null
      : checkText(problems, ['name'], input.name, { required: true, max: 60 });
  if (!problems.ok || !percent) return { previousRate: null, taxRate: null, userErrors: problems.list };
  const empty = { previousRate: null, taxRate: null };
  const result = await mutate<ScheduleResult>(ctx, empty, async (tx) => {
    const previous = await previousResult(tx, 'scheduleTaxRateChange', key);
    if (previous) {
      const [old] = await tx.select().from(taxRates).where(eq(taxRates.id, input.id));
      const [next] = await tx.select().from(taxRates).where(eq(taxRates.id, previous));
      return { previousRate: old ?? null, taxRate: next ?? null, userErrors: [] };
    }
    const locked = await lockRate(tx, input.id);
    if (!locked) {
      problems.add(['id'], AccountingError.NOT_FOUND, 'Tax rate not found');
      reject(problems);
    }
    const { zone, rate: current } = locked;
    const at = input.effectiveFrom.getTime();
    if (
      (current.validFrom && at <= current.validFrom.getTime()) ||
      (current.validTo && at >= current.validTo.getTime())
    ) {
      problems.add(
        ['effectiveFrom'],
        AccountingError.INVALID_WINDOW,
        'The change must fall inside the current rate’s validity',
      );
      reject(problems);
    }
    const [ended] = await tx
      .update(taxRates)
      .set({ validTo: input.effectiveFrom, updatedAt: sql`now()` })
      .where(eq(taxRates.id, current.id))
      .returning();
    const [started] = await tx
      .insert(taxRates)
      .values({
        id: newId('txr'),
        zoneId: current.zoneId,
        taxClassId: current.taxClassId,
        name: name ?? current.name,
        rate: percent,
        priority: current.priority,
        compound: current.compound,
        validFrom: input.effectiveFrom,
        validTo: current.validTo,
      })
      .returning();
    if (!ended || !started) throw new Error('write returned nothing');
    await recordIdempotentResult(tx, 'scheduleTaxRateChange', key, started.id);
    await recordChange(tx, ctx, 'updated', ended, zone.country, current);
    await recordChange(tx, ctx, 'created', started, zone.country);
    return { previousRate: ended, taxRate: started, userErrors: [] };
  });
  if (result.taxRate) await invalidateTaxRules(ctx);
  return result;
}
