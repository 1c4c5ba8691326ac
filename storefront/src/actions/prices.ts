'use server';
import type { Money } from '@meridian/design-system';
import { shopperCall } from '../lib/shopper.ts';
import { shopperPrices } from '../lib/shopper-prices.ts';

/**
 * The signed-in shopper's own prices for a product page's variants (the page itself is cached with public prices).
 * Null for a guest, a malformed request or a failed call: the page then keeps showing the public price, and the cart
 * charges what the server decides either way.
 */
export async function loadYourPrices(input: {
  productId: string;
  currency: string;
}): Promise<{ prices: Record<string, Money | null> } | null> {
  if (!/^prd_[0-9A-Za-z]{26}$/.test(input.productId) || !/^[A-Z]{3}$/.test(input.currency)) return null;
  const call = await shopperCall();
  if (!call.accessToken) return null;
  const prices = await shopperPrices(call, input.productId, input.currency);
  return prices ? { prices } : null;
}
