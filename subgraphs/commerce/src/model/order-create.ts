import { newId, type OutgoingEvent, type RequestContext, type TenantTx } from '@meridian/kit';
import { eq, type SQLWrapper, sql } from 'drizzle-orm';
import type { OrderStatus } from '../db/order.schema.ts';
import { carts, orderLines, orderNumbers, orders } from '../db/schema.ts';
import type { OrderDraft } from '../db/types.ts';
import { orderPlaced } from '../events.ts';
import { type OrderLineRow, type OrderRow, orderPayload } from './order-store.ts';
import { addTimelineEntries, type TimelineEntry } from './timeline.ts';

/**
 * The next order number of the tenant: one row moved by an upsert, unique under any concurrency. A checkout
 * takes it in the statement recording its payment attempt (`with`: one statement; the two parts touch
 * different tables, so their order within it does not matter), so checkouts do not queue on the row for
 * the rest of the order's work (a number whose order is never
 * made, e.g. a declined card, is skipped: numbers are unique, not gapless).
 */
export async function nextOrderNumber(tx: TenantTx, before?: SQLWrapper): Promise<number> {
  const upsert = tx
    .insert(orderNumbers)
    .values({ id: 1, last: 1001 })
    .onConflictDoUpdate({ target: orderNumbers.id, set: { last: sql`${orderNumbers.last} + 1` } })
    .returning({ last: orderNumbers.last });
  const [row] = before
    ? ((await tx.execute(sql`with recorded as (${before.getSQL()}) ${upsert.getSQL()}`)) as unknown as {
        last: number;
      }[])
    : await upsert;
  if (!row) throw new Error('order number upsert returned nothing');
  return row.last;
}

/**
 * Makes the order of a payment attempt from its draft, with its number (see nextOrderNumber) and the
 * first timeline entry. Returns its order.placed event for the caller to publish in this transaction
 * with its own (one statement). An order paid at once is inserted paid (`paidAt`, and its `timeline`
 * entries after `placed`) rather than inserted and updated; `id` when the caller already named it.
 */
export async function createOrderFromDraft(
  tx: TenantTx,
  ctx: Pick<RequestContext, 'actor'>,
  draft: OrderDraft,
  status: OrderStatus,
  number: number,
  paid: { paidAt: Date; timeline: TimelineEntry[]; id?: string } | null = null,
): Promise<{ order: OrderRow; lines: OrderLineRow[]; placed: OutgoingEvent }> {
  const id = paid?.id ?? newId('ord');
  // The order, its lines and its first timeline entries are sent together and run in this order (one
  // round trip): each is started (`execute`) before the next, so the lines find their order.
  const inserted = tx
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
    .returning()
    .execute();
  const written = tx
    .insert(orderLines)
    .values(draft.lines.map((line, lineNo) => ({ id: newId('oli'), orderId: id, lineNo, ...line })))
    .returning()
    .execute();
  const placed = {
    kind: 'placed',
    message: `Order #${number} placed`,
    data: { total: draft.total, currency: draft.currency },
  };
  const noted = addTimelineEntries(tx, ctx, id, [placed, ...(paid?.timeline ?? [])]);
  const [[order], lines] = await Promise.all([inserted, written, noted]);
  if (!order) throw new Error('order insert returned nothing');
  const sorted = lines.sort((a, b) => a.lineNo - b.lineNo);
  return {
    order,
    lines: sorted,
    placed: orderPlaced.create({ ...orderPayload({ ...order, status: 'pending', paidAt: null }, sorted) }, { key: id }),
  };
}

/** The cart an order came from is done: it keeps its lines for the record and takes no more changes. */
export async function completeCart(tx: TenantTx, cartId: string, orderId: string): Promise<void> {
  await tx
    .update(carts)
    .set({ status: 'completed', orderId, version: sql`${carts.version} + 1`, updatedAt: new Date() })
    .where(eq(carts.id, cartId));
}
