import {
  newId,
  Rejection,
  type RequestContext,
  read,
  recordAudit,
  tenantDb,
  type UserError,
  userError,
} from '@meridian/kit';
import { and, desc, eq, ne } from 'drizzle-orm';
import { CommerceError } from '../commerce.errors.ts';
import { carts } from '../db/schema.ts';
import { shopperIdOf } from './actor.ts';
import { type CartPayload, changeCart } from './cart.ts';
import { loadOpenCart } from './cart-store.ts';
import { parseCartHandle } from './cart-token.ts';

/**
 * On sign-in: the guest's cart joins the customer's. Without an open cart of their own the customer
 * adopts the guest cart; otherwise its lines are added to theirs (quantities summed per variant), its
 * empty checkout fields filled from the guest's, and the guest cart is closed as `merged`.
 */
export async function mergeCarts(ctx: RequestContext, input: { guestCartId: string }): Promise<CartPayload> {
  const shopper = shopperIdOf(ctx);
  const field = ['input', 'guestCartId'];
  if (!shopper) return { cart: null, userErrors: [userError(null, CommerceError.INVALID, 'Sign in to merge carts')] };
  if (!parseCartHandle(input.guestCartId)?.key) {
    return { cart: null, userErrors: [userError(field, CommerceError.NOT_FOUND, 'Cart not found')] };
  }
  let guest: Awaited<ReturnType<typeof loadOpenCart>>;
  try {
    guest = await read(ctx, (tx) => loadOpenCart(tx, ctx, input.guestCartId, field));
  } catch (error) {
    if (error instanceof Rejection) return { cart: null, userErrors: error.userErrors };
    throw error;
  }
  if (guest.row.customerId && guest.row.customerId !== shopper) {
    return { cart: null, userErrors: [userError(field, CommerceError.NOT_FOUND, 'Cart not found')] };
  }
  const [own] = await read(ctx, (tx) =>
    tx
      .select()
      .from(carts)
      .where(and(eq(carts.customerId, shopper), eq(carts.status, 'open'), ne(carts.id, guest.row.id)))
      .orderBy(desc(carts.updatedAt))
      .limit(1),
  );
  if (!own) {
    // Adopt: the guest cart becomes the customer's (its token keeps working on this device).
    await tenantDb(ctx).transaction(async (tx) => {
      await tx.update(carts).set({ customerId: shopper, updatedAt: new Date() }).where(eq(carts.id, guest.row.id));
      await recordAudit(tx, ctx, {
        action: 'cart.adopt',
        entityType: 'Cart',
        entityId: guest.row.id,
        after: { customerId: shopper },
      });
    });
    return changeCart(ctx, input.guestCartId, (cart) => ({
      fields: {},
      lines: cart.lines.map((l) => ({ id: l.id, variantId: l.variantId, quantity: l.quantity })),
      checks: {},
    }));
  }
  const merged = await changeCart(ctx, own.id, (cart) => {
    const lines = cart.lines.map((l) => ({ id: l.id, variantId: l.variantId, quantity: l.quantity }));
    for (const line of guest.lines) {
      const existing = lines.find((l) => l.variantId === line.variantId);
      if (existing) existing.quantity = Math.min(existing.quantity + line.quantity, 10_000);
      else if (lines.length < 100) lines.push({ id: newId('cli'), variantId: line.variantId, quantity: line.quantity });
    }
    return {
      fields: {
        email: cart.row.email ?? guest.row.email,
        discountCode: cart.row.discountCode ?? guest.row.discountCode,
        shippingAddress: cart.row.shippingAddress ?? guest.row.shippingAddress,
        billingAddress: cart.row.billingAddress ?? guest.row.billingAddress,
        shippingMethodId: cart.row.shippingMethodId ?? guest.row.shippingMethodId,
      },
      lines,
      checks: {},
    };
  });
  if (!merged.cart) return merged;
  const closed = await tenantDb(ctx).transaction(async (tx) => {
    const rows = await tx
      .update(carts)
      .set({ status: 'merged', mergedInto: own.id, updatedAt: new Date() })
      .where(and(eq(carts.id, guest.row.id), eq(carts.status, 'open')))
      .returning({ id: carts.id });
    if (rows.length > 0) {
      await recordAudit(tx, ctx, {
        action: 'cart.merge',
        entityType: 'Cart',
        entityId: guest.row.id,
        after: { mergedInto: own.id },
      });
    }
    return rows.length > 0;
  });
  const errors: UserError[] = closed
    ? []
    : [userError(field, CommerceError.CART_CLOSED, 'The guest cart changed while merging')];
  return { cart: merged.cart, userErrors: errors };
}
