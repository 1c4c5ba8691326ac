import { newId, publishEvent, type RequestContext, type TenantTx } from '@meridian/kit';
import { eq, sql } from 'drizzle-orm';
import type { OrderStatus } from '../db/order.schema.ts';
import { carts, orderLines, orderNumbers, orders } from '../db/schema.ts';
import type { OrderDraft } from '../db/types.ts';
import { orderPlaced } from '../events.ts';
import { type OrderLineRow, type OrderRow, orderPayload } from './order-store.ts';
import { addTimelineEntries, type TimelineEntry } from './timeline.ts';

/**
 * The next order number of the tenant: one row moved by an upsert, unique under any concurrency. A checkout
 * takes it last in the short transaction recording its payment attempt, so checkouts do not queue on the
 * row for the rest of the order's work (a number whose order is never made, e.g. a declined card, is
 * skipped: numbers are unique, not gapless).
 */
export async function nextOrderNumber(tx: TenantTx): Promise<number> {
  const [row] = await tx
    .insert(orderNumbers)
    .values({ id: 1, last: 1001 })
    .onConflictDoUpdate({ target: orderNumbers.id, set: { last: sql`${orderNumbers.last} + 1` } })
    .returning({ last: orderNumbers.last });
  if (!row) throw new Error('order number upsert returned nothing');
  return row.last;
}

/**
 * Makes the order of a payment attempt from its draft, with its number (see nextOrderNumber); the
 * order.placed event and the first timeline entry go with it. An order paid at once is inserted paid
 * (`paidAt`, and its `timeline` entries after `placed`) rather than inserted and updated.
 */
export async function createOrderFromDraft(
  tx: TenantTx,
  ctx: Pick<RequestContext, 'actor'>,
  draft: OrderDraft,
  status: OrderStatus,
  number: number,
  paid: { paidAt: Date; timeline: TimelineEntry[] } | null = null,
): Promise<{ order: OrderRow; lines: OrderLineRow[] }> {
  const id = newId('ord');
  const [order] = await tx
    .insert(orders)
    .values({
      id,
      number,
      status,
      ...(paid ? { paidAt: paid.paidAt, updatedAt: paid.paidAt } : {}),
      cartId: draft.cartId,
      customerId: draft.customerId,
      email: draft.email,
      currency: draft.currency,
      pricesIncludeTax: draft.pricesIncludeTax,
      subtotal: draft.subtotal,
      discountTotal: draft.discountTotal,
      shippingTotal: draft.shippingTotal,
      taxTotal: draft.taxTotal,
      total: draft.total,
      discountCode: draft.discountCode,
      discountId: draft.discountId,
      shippingAddress: draft.shippingAddress,
      billingAddress: draft.billingAddress,
      shipping: draft.shipping,
      taxLines: draft.taxLines,
      reservationId: draft.reservationId,
      stockState: 'held',
      allocation: draft.allocation,
    })
    .returning();
  if (!order) throw new Error('order insert returned nothing');
  const lines = await tx
    .insert(orderLines)
    .values(draft.lines.map((line, lineNo) => ({ id: newId('oli'), orderId: id, lineNo, ...line })))
    .returning();
  const placed = {
    kind: 'placed',
    message: `Order #${number} placed`,
    data: { total: draft.total, currency: draft.currency },
  };
  await addTimelineEntries(tx, ctx, id, [placed, ...(paid?.timeline ?? [])]);
  await publishEvent(
    tx,
    orderPlaced.create({ ...orderPayload({ ...order, status: 'pending', paidAt: null }, lines) }, { key: id }),
  );
  return { order, lines: lines.sort((a, b) => a.lineNo - b.lineNo) };
}

/** The cart an order came from is done: it keeps its lines for the record and takes no more changes. */
export async function completeCart(tx: TenantTx, cartId: string, orderId: string): Promise<void> {
  await tx
    .update(carts)
    .set({ status: 'completed', orderId, version: sql`${carts.version} + 1`, updatedAt: new Date() })
    .where(eq(carts.id, cartId));
}
