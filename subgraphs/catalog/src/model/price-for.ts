import { divideRounded } from '@meridian/kit';

/**
 * THE pricing rule of the catalog: one pure, deterministic function from (variant, quantity, customer
 * group, currency, time) plus the candidate price lists and discounts to a price. Same input, same
 * output: no clock, no database, no randomness; ties are broken by id. The precedence, in order:
 *
 * 1. Candidate price lists: active, in the requested currency, `validFrom <= at < validTo` (open ends
 *    allowed), and for everyone (customerGroup null) or for exactly the caller's group.
 * 2. In each candidate list the applicable entry for the variant is its quantity tier with the greatest
 *    `minQuantity <= quantity`; a list without one (no entry, or only higher tiers) drops out.
 * 3. Between lists that remain: a customer-group list beats a list for everyone; then higher `priority`;
 *    then the lower unit amount; then the older list (smaller id). The winner's tier is the list price.
 *    No list left: the variant has no price in that currency (null).
 * 4. Line discounts (scope 'product' or 'category') are candidates when active, `startsAt <= at < endsAt`,
 *    not used up (`usageCount < usageLimit`), for everyone or the caller's group, matching the product
 *    (product scope) or one of its categories or their ancestors (category scope), and either automatic
 *    (no code) or carrying the code the shopper entered (case-insensitive). A fixed discount must be in
 *    the requested currency.
 * 5. At most one line discount applies: the one taking the most off the unit price; on a tie an entered
 *    code beats an automatic discount, then the smaller id. Percentages are in basis points and round
 *    half-even per unit; a fixed amount is capped at the unit price. Discounts never stack.
 * 6. line total = unit price × quantity (the discount is per unit, so the total is exact).
 * 7. Order discounts (scope 'order') are not part of a unit price: orderDiscountFor applies the best one
 *    (same candidate rules, largest reduction, same tie-breaks) once to the subtotal of the discounted lines.
 */

export interface PriceListCandidate {
  id: string;
  currency: string;
  customerGroup: string | null;
  priority: number;
  validFrom: Date | null;
  validTo: Date | null;
  active: boolean;
  /** This variant's entries in the list. */
  tiers: { minQuantity: number; amount: number }[];
}

export interface DiscountCandidate {
  id: string;
  code: string | null;
  kind: 'percentage' | 'fixed';
  percentBasisPoints: number | null;
  amount: number | null;
  currency: string | null;
  scope: 'product' | 'category' | 'order';
  customerGroup: string | null;
  startsAt: Date | null;
  endsAt: Date | null;
  usageLimit: number | null;
  usageCount: number;
  active: boolean;
  productIds: string[];
  categoryIds: string[];
}

export interface PricedVariant {
  id: string;
  productId: string;
  /** The product's categories and all their ancestors. */
  categoryIds: string[];
}

export interface PriceForInput {
  variant: PricedVariant;
  quantity: number;
  customerGroup: string | null;
  currency: string;
  at: Date;
  priceLists: PriceListCandidate[];
  discounts: DiscountCandidate[];
  discountCode?: string | null;
}

export interface PriceDecision {
  currency: string;
  quantity: number;
  priceListId: string;
  /** The quantity tier that applied. */
  minQuantity: number;
  unitListPrice: number;
  unitDiscount: number;
  unitPrice: number;
  lineTotal: number;
  discountId: string | null;
}

const within = (at: Date, from: Date | null, to: Date | null) =>
  (from === null || from.getTime() <= at.getTime()) && (to === null || at.getTime() < to.getTime());

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function tierFor(list: PriceListCandidate, quantity: number) {
  let best: PriceListCandidate['tiers'][number] | null = null;
  for (const tier of list.tiers) {
    if (tier.minQuantity <= quantity && (!best || tier.minQuantity > best.minQuantity)) best = tier;
  }
  return best;
}

export function sameCode(a: string | null | undefined, b: string | null | undefined): boolean {
  return !!a && !!b && a.trim().toUpperCase() === b.trim().toUpperCase();
}

/** Why a discount is not a candidate at `at` (null: it is), before looking at what it targets. */
export function discountUnavailability(
  discount: DiscountCandidate,
  at: Date,
  customerGroup: string | null,
  currency: string,
): 'DISCOUNT_NOT_ACTIVE' | 'DISCOUNT_USED_UP' | 'DISCOUNT_NOT_APPLICABLE' | null {
  if (!discount.active || !within(at, discount.startsAt, discount.endsAt)) return 'DISCOUNT_NOT_ACTIVE';
  if (discount.usageLimit !== null && discount.usageCount >= discount.usageLimit) return 'DISCOUNT_USED_UP';
  if (discount.customerGroup !== null && discount.customerGroup !== customerGroup) return 'DISCOUNT_NOT_APPLICABLE';
  if (discount.kind === 'fixed' && discount.currency !== currency) return 'DISCOUNT_NOT_APPLICABLE';
  return null;
}

function isEligible(d: DiscountCandidate, input: Omit<PriceForInput, 'variant' | 'quantity' | 'priceLists'>): boolean {
  if (discountUnavailability(d, input.at, input.customerGroup, input.currency) !== null) return false;
  return d.code === null || sameCode(d.code, input.discountCode);
}

/** The reduction a discount gives on `base` minor units (never more than base). */
export function reductionOf(discount: DiscountCandidate, base: number): number {
  if (discount.kind === 'percentage') {
    return Number(divideRounded(BigInt(base) * BigInt(discount.percentBasisPoints ?? 0), 10_000n));
  }
  return Math.min(discount.amount ?? 0, base);
}

/** Best of several (reduction, discount) pairs by rule 5: most off, then an entered code, then smaller id. */
function best(options: { discount: DiscountCandidate; reduction: number }[]) {
  return (
    options.toSorted(
      (a, b) =>
        b.reduction - a.reduction ||
        Number(b.discount.code !== null) - Number(a.discount.code !== null) ||
        byId(a.discount, b.discount),
    )[0] ?? null
  );
}

export function priceFor(input: PriceForInput): PriceDecision | null {
  const { variant, quantity, customerGroup, currency, at } = input;
  if (!Number.isSafeInteger(quantity) || quantity < 1) throw new RangeError(`quantity must be a positive integer`);
  const candidates = input.priceLists
    .filter(
      (list) =>
        list.active &&
        list.currency === currency &&
        within(at, list.validFrom, list.validTo) &&
        (list.customerGroup === null || list.customerGroup === customerGroup),
    )
    .map((list) => ({ list, tier: tierFor(list, quantity) }))
    .filter((c): c is { list: PriceListCandidate; tier: { minQuantity: number; amount: number } } => c.tier !== null)
    .toSorted(
      (a, b) =>
        Number(b.list.customerGroup !== null) - Number(a.list.customerGroup !== null) ||
        b.list.priority - a.list.priority ||
        a.tier.amount - b.tier.amount ||
        byId(a.list, b.list),
    );
  const winner = candidates[0];
  if (!winner) return null;
  const unitListPrice = winner.tier.amount;
  const categories = new Set(variant.categoryIds);
  const applied = best(
    input.discounts
      .filter(
        (d) =>
          (d.scope === 'product' && d.productIds.includes(variant.productId)) ||
          (d.scope === 'category' && d.categoryIds.some((c) => categories.has(c))),
      )
      .filter((d) => isEligible(d, input))
      .map((discount) => ({ discount, reduction: reductionOf(discount, unitListPrice) })),
  );
  const unitDiscount = applied?.reduction ?? 0;
  const unitPrice = unitListPrice - unitDiscount;
  return {
    currency,
    quantity,
    priceListId: winner.list.id,
    minQuantity: winner.tier.minQuantity,
    unitListPrice,
    unitDiscount,
    unitPrice,
    lineTotal: unitPrice * quantity,
    discountId: applied && applied.reduction > 0 ? applied.discount.id : null,
  };
}

export interface OrderDiscountInput {
  subtotal: number;
  currency: string;
  customerGroup: string | null;
  at: Date;
  discounts: DiscountCandidate[];
  discountCode?: string | null;
}

/** Rule 7: the best order-scope discount on a subtotal, or null. */
export function orderDiscountFor(input: OrderDiscountInput): { discountId: string; amount: number } | null {
  const applied = best(
    input.discounts
      .filter((d) => d.scope === 'order' && isEligible(d, input))
      .map((discount) => ({ discount, reduction: reductionOf(discount, input.subtotal) })),
  );
  return applied && applied.reduction > 0 ? { discountId: applied.discount.id, amount: applied.reduction } : null;
}
