import type { RequestContext } from '@meridian/kit';
import { discountCategories, discountProducts, discounts, priceLists } from '../db/schema.ts';
import { pricingTag } from './cache-tags.ts';
import { tenantDb } from './context.ts';
import type { DiscountCandidate, PriceListCandidate } from './price-for.ts';
import type { ProductPrices } from './product-view.ts';

/** Price-list headers and discounts as cached (JSON: dates are ISO strings). */
interface CachedRules {
  lists: (Omit<PriceListCandidate, 'tiers' | 'validFrom' | 'validTo'> & {
    validFrom: string | null;
    validTo: string | null;
  })[];
  discounts: (Omit<DiscountCandidate, 'startsAt' | 'endsAt'> & { startsAt: string | null; endsAt: string | null })[];
}

export interface PricingRules {
  lists: Omit<PriceListCandidate, 'tiers'>[];
  discounts: DiscountCandidate[];
}

const date = (value: string | Date | null) => (value === null ? null : new Date(value));

export function toDiscountCandidate(d: {
  id: string;
  code: string | null;
  kind: 'percentage' | 'fixed';
  percentBasisPoints: number | null;
  amount: number | null;
  currency: string | null;
  scope: 'product' | 'category' | 'order';
  customerGroup: string | null;
  startsAt: Date | string | null;
  endsAt: Date | string | null;
  usageLimit: number | null;
  usageCount: number;
  active: boolean;
  productIds: string[];
  categoryIds: string[];
}): DiscountCandidate {
  return { ...d, startsAt: date(d.startsAt), endsAt: date(d.endsAt) };
}

/** Every price list header and discount of the tenant: small, read on every priced request, so cached. */
export async function pricingRules(ctx: RequestContext): Promise<PricingRules> {
  const cached = await ctx.cache.getOrLoad<CachedRules>(
    'pricing-rules',
    () =>
      tenantDb(ctx).transaction(async (tx) => {
        const [lists, rows, productLinks, categoryLinks] = await Promise.all([
          tx.select().from(priceLists),
          tx.select().from(discounts),
          tx.select().from(discountProducts),
          tx.select().from(discountCategories),
        ]);
        return {
          lists: lists.map((l) => ({
            id: l.id,
            currency: l.currency,
            customerGroup: l.customerGroup,
            priority: l.priority,
            active: l.active,
            validFrom: l.validFrom?.toISOString() ?? null,
            validTo: l.validTo?.toISOString() ?? null,
          })),
          discounts: rows.map((d) => ({
            id: d.id,
            code: d.code,
            kind: d.kind,
            percentBasisPoints: d.percentBasisPoints,
            amount: d.amount,
            currency: d.currency,
            scope: d.scope,
            customerGroup: d.customerGroup,
            usageLimit: d.usageLimit,
            usageCount: d.usageCount,
            active: d.active,
            startsAt: d.startsAt?.toISOString() ?? null,
            endsAt: d.endsAt?.toISOString() ?? null,
            productIds: productLinks.filter((p) => p.discountId === d.id).map((p) => p.productId),
            categoryIds: categoryLinks.filter((c) => c.discountId === d.id).map((c) => c.categoryId),
          })),
        };
      }),
    { tags: [pricingTag], ttlSeconds: 120 },
  );
  return {
    lists: cached.lists.map((l) => ({ ...l, validFrom: date(l.validFrom), validTo: date(l.validTo) })),
    discounts: cached.discounts.map(toDiscountCandidate),
  };
}

/** The candidates priceFor needs for one variant. */
export function listsForVariant(rules: PricingRules, prices: ProductPrices, variantId: string): PriceListCandidate[] {
  const entries = prices.get(variantId);
  if (!entries) return [];
  const candidates: PriceListCandidate[] = [];
  for (const list of rules.lists) {
    const tiers = entries.get(list.id);
    if (tiers) candidates.push({ ...list, tiers });
  }
  return candidates;
}
