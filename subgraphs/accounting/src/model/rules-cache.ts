import type { RequestContext } from '@meridian/kit';
import { read } from '@meridian/kit';
import { asc, eq } from 'drizzle-orm';
import { taxClasses, taxRates, taxSettings, taxZones } from '../db/schema.ts';
import type { TaxRules } from './tax-calculation.ts';

/**
 * The tenant's whole tax table (zones, rates, classes, settings) is small and read on every cart view,
 * so it is cached per tenant under one tag that every accounting tax write invalidates after commit.
 * The TTL bounds how long a lost invalidation (Redis down) could serve an old rate.
 */
const rulesKey = 'accounting:tax-rules:v1';
export const taxRulesTag = 'accounting:tax';
const ttlSeconds = 60;

export interface TaxSettingsValue {
  pricesIncludeTax: boolean;
  defaultTaxClassId: string | null;
  shippingTaxMode: 'proportional' | 'class';
  shippingTaxClassId: string | null;
}

/** The cached form: JSON only (times as epoch milliseconds). */
interface CachedRules {
  zones: TaxRules['zones'];
  rates: (Omit<TaxRules['rates'][number], 'validFrom' | 'validTo'> & {
    validFrom: number | null;
    validTo: number | null;
  })[];
  classes: TaxRules['classes'];
  settings: TaxSettingsValue;
}

export interface TenantTaxRules {
  rules: TaxRules;
  settings: TaxSettingsValue;
}

async function loadFromDatabase(ctx: RequestContext): Promise<CachedRules> {
  return read(ctx, async (tx) => {
    const [zones, rates, classes, [settings]] = await Promise.all([
      tx
        .select({
          id: taxZones.id,
          name: taxZones.name,
          country: taxZones.country,
          regions: taxZones.regions,
          postalCodePatterns: taxZones.postalCodePatterns,
        })
        .from(taxZones)
        .orderBy(asc(taxZones.id)),
      tx.select().from(taxRates).orderBy(asc(taxRates.id)),
      tx
        .select({ id: taxClasses.id, code: taxClasses.code, exempt: taxClasses.exempt })
        .from(taxClasses)
        .orderBy(asc(taxClasses.id)),
      tx.select().from(taxSettings).where(eq(taxSettings.id, 1)),
    ]);
    return {
      zones,
      rates: rates.map((r) => ({
        id: r.id,
        zoneId: r.zoneId,
        taxClassId: r.taxClassId,
        name: r.name,
        rate: r.rate,
        priority: r.priority,
        compound: r.compound,
        validFrom: r.validFrom?.getTime() ?? null,
        validTo: r.validTo?.getTime() ?? null,
      })),
      classes,
      settings: {
        pricesIncludeTax: settings?.pricesIncludeTax ?? false,
        defaultTaxClassId: settings?.defaultTaxClassId ?? classes.find((c) => c.code === 'standard')?.id ?? null,
        shippingTaxMode: settings?.shippingTaxMode ?? 'proportional',
        shippingTaxClassId: settings?.shippingTaxClassId ?? null,
      },
    };
  });
}

export async function tenantTaxRules(ctx: RequestContext): Promise<TenantTaxRules> {
  const cached = await ctx.cache.getOrLoad(rulesKey, () => loadFromDatabase(ctx), { ttlSeconds, tags: [taxRulesTag] });
  const { settings } = cached;
  const fallback = settings.defaultTaxClassId ?? cached.classes[0]?.id ?? '';
  return {
    settings,
    rules: {
      zones: cached.zones,
      classes: cached.classes,
      rates: cached.rates.map((r) => ({
        ...r,
        validFrom: r.validFrom === null ? null : new Date(r.validFrom),
        validTo: r.validTo === null ? null : new Date(r.validTo),
      })),
      shipping:
        settings.shippingTaxMode === 'class' && settings.shippingTaxClassId
          ? { mode: 'class', taxClassId: settings.shippingTaxClassId }
          : { mode: 'proportional', fallbackTaxClassId: fallback },
    },
  };
}

/** After a committed write: stale on every instance. A failure is logged; the TTL bounds the damage. */
export async function invalidateTaxRules(ctx: RequestContext): Promise<void> {
  try {
    await ctx.cache.invalidateTags([taxRulesTag]);
  } catch (error) {
    ctx.log.warn({ err: error }, 'accounting tax cache invalidation failed; entries expire within a minute');
  }
}
