import { type RequestContext, reject, type TenantTx, type UserError, userError } from '@meridian/kit';
import { and, asc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import { CommerceError } from '../commerce.errors.ts';
import { cartLines, carts } from '../db/schema.ts';
import { canReadOrders, shopperIdOf } from './actor.ts';
import type { CartPrice } from './cart-pricing.ts';
import { keyMatches, parseCartHandle } from './cart-token.ts';

export type CartRow = typeof carts.$inferSelect;
export type CartLineRow = typeof cartLines.$inferSelect;

export interface LoadedCart {
  row: CartRow;
  lines: CartLineRow[];
  /** The token the caller presented (echoed back as `Cart.token`), or null. */
  token: string | null;
}

const notFoundAt = (field: string[]): UserError => userError(field, CommerceError.NOT_FOUND, 'Cart not found');

/**
 * The cart a handle names, if this caller may use it: with its key (guests, anyone holding the cookie),
 * as its signed-in owner, or (to read only) as staff with orders:read. Anything else is NOT_FOUND, so a
 * cart's existence is never revealed.
 */
export async function loadCart(
  tx: TenantTx,
  ctx: RequestContext,
  handle: string,
  options: { write: boolean; field?: string[] },
): Promise<LoadedCart | null> {
  const parsed = parseCartHandle(handle);
  if (!parsed) return null;
  // One round trip for the cart and its lines, oldest first (checked for access below, before anything is shown).
  const rows = await tx
    .select({ cart: carts, line: cartLines })
    .from(carts)
    .leftJoin(cartLines, eq(cartLines.cartId, carts.id))
    .where(eq(carts.id, parsed.id))
    .orderBy(asc(cartLines.createdAt), asc(cartLines.id));
  const row = rows[0]?.cart;
  if (!row) return null;
  const byKey = parsed.key !== null && keyMatches(parsed.key, row.keyHash);
  const shopper = shopperIdOf(ctx);
  const byOwner = row.customerId !== null && row.customerId === shopper;
  const byStaff = !options.write && canReadOrders(ctx);
  if (!byKey && !byOwner && !byStaff) return null;
  const lines = rows.flatMap((r) => (r.line ? [r.line] : []));
  return { row, lines, token: byKey ? handle : null };
}

/** Like loadCart, for a mutation: a missing cart or a closed one is a userError at `field`. */
export async function loadOpenCart(tx: TenantTx, ctx: RequestContext, handle: string, field = ['input', 'cartId']) {
  const cart = await loadCart(tx, ctx, handle, { write: true });
  if (!cart) reject([notFoundAt(field)]);
  if (cart.row.status !== 'open') {
    reject([
      userError(
        field,
        CommerceError.CART_CLOSED,
        cart.row.status === 'completed' ? 'An order was placed with this cart' : 'This cart was merged into another',
      ),
    ]);
  }
  return cart;
}

const byAge = (a: CartLineRow, b: CartLineRow) =>
  a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export interface NextLine {
  id: string;
  variantId: string;
  quantity: number;
}

export type CartFields = Partial<
  Pick<
    CartRow,
    'currency' | 'email' | 'discountCode' | 'shippingAddress' | 'billingAddress' | 'shippingMethodId' | 'customerId'
  >
>;

/**
 * Writes a repriced cart if nobody changed it since `version` was read (returns null otherwise, and the
 * caller starts over). Lines keep their ids; lines the catalog could not price are dropped. Returns the
 * cart as written (no read after the write).
 */
export async function saveCart(
  tx: TenantTx,
  cartId: string,
  version: number,
  fields: CartFields,
  lines: NextLine[],
  price: CartPrice,
): Promise<{ row: CartRow; lines: CartLineRow[] } | null> {
  const [row] = await tx
    .update(carts)
    .set({ ...fields, pricing: price.pricing, version: sql`${carts.version} + 1`, updatedAt: new Date() })
    .where(and(eq(carts.id, cartId), eq(carts.version, version), eq(carts.status, 'open')))
    .returning();
  if (!row) return null;
  const byVariant = new Map(price.lines.map((l) => [l.variantId, l]));
  const kept = lines.filter((l) => byVariant.has(l.variantId));
  await tx.delete(cartLines).where(
    kept.length > 0
      ? and(
          eq(cartLines.cartId, cartId),
          notInArray(
            cartLines.id,
            kept.map((l) => l.id),
          ),
        )
      : eq(cartLines.cartId, cartId),
  );
  if (kept.length === 0) return { row, lines: [] };
  const values = kept.map((line) => {
    const p = byVariant.get(line.variantId);
    return {
      id: line.id,
      cartId,
      variantId: line.variantId,
      quantity: line.quantity,
      productId: p?.productId ?? null,
      sku: p?.sku ?? '',
      title: p?.title ?? '',
      unitListPrice: p?.unitListPrice ?? null,
      unitPrice: p?.unitPrice ?? null,
      lineTotal: p?.lineTotal ?? null,
      discountId: p?.discountId ?? null,
      weightGrams: p?.weightGrams ?? 0,
    };
  });
  const written = await tx
    .insert(cartLines)
    .values(values)
    .onConflictDoUpdate({
      target: cartLines.id,
      set: {
        quantity: sql`excluded.quantity`,
        productId: sql`excluded.product_id`,
        sku: sql`excluded.sku`,
        title: sql`excluded.title`,
        unitListPrice: sql`excluded.unit_list_price`,
        unitPrice: sql`excluded.unit_price`,
        lineTotal: sql`excluded.line_total`,
        discountId: sql`excluded.discount_id`,
        weightGrams: sql`excluded.weight_grams`,
      },
    })
    .returning();
  return { row, lines: written.sort(byAge) };
}

export async function cartLinesOf(tx: TenantTx, cartIds: string[]) {
  if (cartIds.length === 0) return [];
  return tx
    .select()
    .from(cartLines)
    .where(inArray(cartLines.cartId, cartIds))
    .orderBy(asc(cartLines.createdAt), asc(cartLines.id));
}
