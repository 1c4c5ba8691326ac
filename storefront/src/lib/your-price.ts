import type { Money } from '@meridian/design-system';

/**
 * What the product page shows for a variant: the public price (cached with the page, maybe on sale), or the signed-in
 * shopper's own price (their customer group's, read after the page loaded) with the public one struck through.
 */
export type PriceView =
  | { kind: 'public'; price: Money; compareAt: Money | null }
  | {
      kind: 'yours';
      price: Money /** The public price, when it is higher: shown struck through. */;
      was: Money | null;
    };

/**
 * The shopper's price wins when it is known and differs from the public one. `yours` is undefined while unknown
 * (anonymous, no group, not loaded yet) and null when the graph gave none in this currency: both show the public price.
 */
export function priceView(
  publicPrice: Money | null,
  publicCompareAt: Money | null,
  yours: Money | null | undefined,
): PriceView | null {
  const same = yours && publicPrice && yours.currency === publicPrice.currency && yours.amount === publicPrice.amount;
  if (!yours || same) return publicPrice ? { kind: 'public', price: publicPrice, compareAt: publicCompareAt } : null;
  const was = publicPrice && publicPrice.currency === yours.currency && publicPrice.amount > yours.amount;
  return { kind: 'yours', price: yours, was: was ? publicPrice : null };
}
