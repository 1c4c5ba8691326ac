import type { TenantTx } from '@meridian/kit';
import { asc, eq, inArray } from 'drizzle-orm';
import { orderLines, orders, type refunds, shipments } from '../db/schema.ts';
import type { OrderLinePayload, OrderPayload } from '../events.ts';

export type OrderRow = typeof orders.$inferSelect;
export type OrderLineRow = typeof orderLines.$inferSelect;
export type ShipmentRow = typeof shipments.$inferSelect;
export type RefundRow = typeof refunds.$inferSelect;

/** The order with its lines, the row locked for the caller's transaction (writers serialise on it). */
export async function lockOrder(tx: TenantTx, id: string): Promise<{ order: OrderRow; lines: OrderLineRow[] } | null> {
  const [order] = await tx.select().from(orders).where(eq(orders.id, id)).for('update');
  if (!order) return null;
  return { order, lines: await linesOfOrders(tx, [id]) };
}

export function linesOfOrders(tx: TenantTx, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([] as OrderLineRow[]);
  return tx
    .select()
    .from(orderLines)
    .where(inArray(orderLines.orderId, ids))
    .orderBy(asc(orderLines.orderId), asc(orderLines.lineNo));
}

export function shipmentsOfOrders(tx: TenantTx, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([] as ShipmentRow[]);
  return tx.select().from(shipments).where(inArray(shipments.orderId, ids)).orderBy(asc(shipments.id));
}

export function linePayload(line: OrderLineRow): OrderLinePayload {
  return {
    lineId: line.id,
    variantId: line.variantId,
    productId: line.productId,
    sku: line.sku,
    title: line.title,
    quantity: line.quantity,
    unitListPrice: line.unitListPrice,
    unitPrice: line.unitPrice,
    discount: line.lineDiscount + line.orderDiscount,
    netAmount: line.netAmount,
    taxAmount: line.taxAmount,
    grossAmount: line.grossAmount,
    taxClassId: line.taxClassId,
    taxes: line.taxes,
  };
}

/** What every order event carries: enough for accounting to invoice and CRM to record the purchase. */
export function orderPayload(order: OrderRow, lines: OrderLineRow[]): OrderPayload {
  const discounts: OrderPayload['discounts'] = [];
  if (order.discountTotal > 0) {
    discounts.push({
      scope: 'order',
      code: order.discountCode,
      discountId: order.discountId,
      amount: order.discountTotal,
    });
  }
  for (const line of lines) {
    if (line.lineDiscount > 0) {
      discounts.push({ scope: 'line', code: null, discountId: null, lineId: line.id, amount: line.lineDiscount });
    }
  }
  return {
    orderId: order.id,
    number: order.number,
    status: order.status,
    customer: { id: order.customerId, email: order.email },
    currency: order.currency,
    pricesIncludeTax: order.pricesIncludeTax,
    lines: lines.map(linePayload),
    shipping: { ...order.shipping },
    discounts,
    taxes: order.taxLines,
    totals: {
      subtotal: order.subtotal,
      discount: order.discountTotal,
      shipping: order.shippingTotal,
      tax: order.taxTotal,
      total: order.total,
      refunded: order.refundedTotal,
    },
    shippingAddress: order.shippingAddress,
    billingAddress: order.billingAddress,
    placedAt: order.placedAt.toISOString(),
  };
}
