import { notFound, type RequestContext, read } from '@meridian/kit';
import { and, desc, eq } from 'drizzle-orm';
import { carts } from '../db/schema.ts';
import { shopperIdOf } from './actor.ts';
import { cartLinesOf, type LoadedCart, loadCart } from './cart-store.ts';
import { parseCartHandle } from './cart-token.ts';
import { type ShippingOption, shippingOptions } from './shipping-rate.ts';
import { shippingRules } from './shipping-zone.ts';

/** A cart by its token (guests), or by its id (its signed-in owner; staff with orders:read). */
export async function findCart(ctx: RequestContext, handle: string): Promise<LoadedCart> {
  if (!parseCartHandle(handle)) throw notFound('Cart');
  const cart = await read(ctx, (tx) => loadCart(tx, ctx, handle, { write: false }));
  if (!cart) throw notFound('Cart');
  return cart;
}

/** The signed-in customer's open cart (the most recent), or null. */
export async function myCart(ctx: RequestContext): Promise<LoadedCart | null> {
  const shopper = shopperIdOf(ctx);
  if (!shopper) return null;
  return read(ctx, async (tx) => {
    const [row] = await tx
      .select()
      .from(carts)
      .where(and(eq(carts.customerId, shopper), eq(carts.status, 'open')))
      .orderBy(desc(carts.updatedAt))
      .limit(1);
    if (!row) return null;
    return { row, lines: await cartLinesOf(tx, [row.id]), token: null };
  });
}

/** The methods that can carry this cart to its address, priced (pure over the cached shipping rules). */
export async function availableShippingMethods(ctx: RequestContext, cart: LoadedCart): Promise<ShippingOption[]> {
  const address = cart.row.shippingAddress;
  const pricing = cart.row.pricing;
  if (!address || !pricing || cart.lines.length === 0) return [];
  return shippingOptions(await shippingRules(ctx), address, {
    currency: cart.row.currency,
    subtotal: pricing.subtotal - pricing.discountTotal,
    weightGrams: pricing.weightGrams,
  });
}
