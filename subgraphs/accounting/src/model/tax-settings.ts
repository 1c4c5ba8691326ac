import {
  mutate,
  Problems,
  publishEvent,
  type RequestContext,
  read,
  recordAudit,
  reject,
  type TenantTx,
  type UserError,
} from '@meridian/kit';
import { eq, sql } from 'drizzle-orm';
import { AccountingError } from '../accounting.errors.ts';
import { type shippingTaxModes, taxClasses, taxSettings } from '../db/schema.ts';
import { taxSettingsChanged } from '../events.ts';
import { invalidateTaxRules } from './rules-cache.ts';
import { checkId } from './tax-input.ts';

export type TaxSettingsRow = typeof taxSettings.$inferSelect;

/** The settings row, created with the tenant (seedDefaults); written here if an old tenant lacks it. */
export async function ensureTaxSettings(tx: TenantTx): Promise<TaxSettingsRow> {
  const [standard] = await tx.select({ id: taxClasses.id }).from(taxClasses).where(eq(taxClasses.code, 'standard'));
  await tx
    .insert(taxSettings)
    .values({ id: 1, defaultTaxClassId: standard?.id ?? null })
    .onConflictDoNothing();
  const [row] = await tx.select().from(taxSettings).where(eq(taxSettings.id, 1));
  if (!row) throw new Error('tax settings missing');
  return row;
}

export function getTaxSettings(ctx: RequestContext): Promise<TaxSettingsRow> {
  return read(ctx, async (tx) => {
    const [row] = await tx.select().from(taxSettings).where(eq(taxSettings.id, 1));
    return row ?? ensureTaxSettings(tx);
  });
}

export interface UpdateTaxSettingsInput {
  pricesIncludeTax?: boolean | null;
  defaultTaxClassId?: string | null;
  shippingTaxMode?: (typeof shippingTaxModes)[number] | null;
  /** Required with mode 'class'. */
  shippingTaxClassId?: string | null;
}

type SettingsResult = { taxSettings: TaxSettingsRow | null; userErrors: UserError[] };

const snapshot = (s: TaxSettingsRow) => ({
  pricesIncludeTax: s.pricesIncludeTax,
  defaultTaxClassId: s.defaultTaxClassId,
  shippingTaxMode: s.shippingTaxMode,
  shippingTaxClassId: s.shippingTaxClassId,
});

export async function updateTaxSettings(ctx: RequestContext, input: UpdateTaxSettingsInput): Promise<SettingsResult> {
  const problems = new Problems();
  if (input.defaultTaxClassId) checkId(problems, ['defaultTaxClassId'], 'txc', input.defaultTaxClassId, 'Tax class');
  if (input.shippingTaxClassId) checkId(problems, ['shippingTaxClassId'], 'txc', input.shippingTaxClassId, 'Tax class');
  if (!problems.ok) return { taxSettings: null, userErrors: problems.list };
  const result = await mutate<SettingsResult>(ctx, { taxSettings: null }, async (tx) => {
    await ensureTaxSettings(tx);
    const [before] = await tx.select().from(taxSettings).where(eq(taxSettings.id, 1)).for('update');
    if (!before) throw new Error('tax settings missing');
    for (const field of ['defaultTaxClassId', 'shippingTaxClassId'] as const) {
      const id = input[field];
      if (!id) continue;
      const [found] = await tx.select({ id: taxClasses.id }).from(taxClasses).where(eq(taxClasses.id, id));
      if (!found) problems.add([field], AccountingError.NOT_FOUND, 'Tax class not found');
    }
    const next = {
      pricesIncludeTax: input.pricesIncludeTax ?? before.pricesIncludeTax,
      defaultTaxClassId: input.defaultTaxClassId ?? before.defaultTaxClassId,
      shippingTaxMode: input.shippingTaxMode ?? before.shippingTaxMode,
      shippingTaxClassId: input.shippingTaxClassId ?? before.shippingTaxClassId,
    };
    if (next.shippingTaxMode === 'class' && !next.shippingTaxClassId) {
      problems.add(['shippingTaxClassId'], AccountingError.REQUIRED, 'Shipping taxed by class needs the class');
    }
    if (!problems.ok) reject(problems);
    const [updated] = await tx
      .update(taxSettings)
      .set({ ...next, updatedAt: sql`now()` })
      .where(eq(taxSettings.id, 1))
      .returning();
    if (!updated) throw new Error('update returned nothing');
    await publishEvent(tx, taxSettingsChanged.create(snapshot(updated)));
    await recordAudit(tx, ctx, {
      action: 'tax-settings.update',
      entityType: 'TaxSettings',
      entityId: null,
      before: snapshot(before),
      after: snapshot(updated),
    });
    return { taxSettings: updated, userErrors: [] };
  });
  if (result.taxSettings) await invalidateTaxRules(ctx);
  return result;
}
