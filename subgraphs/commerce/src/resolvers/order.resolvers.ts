import { type RequestContext, type Resolvers, referenceResolver } from '@meridian/kit';
import { orderStatuses } from '../db/order.schema.ts';
import { cancelOrder } from '../model/cancel.ts';
import { addOrderNote } from '../model/order-note.ts';
import {
  findOrder,
  listOrders,
  type OrderFilter,
  orderChildren,
  ordersByIds,
  orderTimeline,
} from '../model/order-read.ts';
import { fulfillmentStatusOf } from '../model/order-state.ts';
import type { OrderLineRow, OrderRow, RefundRow, ShipmentRow } from '../model/order-store.ts';
import type { PaymentRow } from '../model/payment-outcome.ts';
import type { ReturnRow } from '../model/return.ts';
import type { ProvidersFor } from '../payments/tenant-providers.ts';
import { childrenLoader, connectionOf, enumValues, moneyOut, pageArgs, taxLinesOut } from './shared.ts';

export const orderLoaders = {
  lines: (ctx: RequestContext) =>
    childrenLoader<OrderLineRow>(ctx, 'order-lines', orderChildren.lines, (l) => l.orderId),
  shipments: (ctx: RequestContext) =>
    childrenLoader<ShipmentRow>(ctx, 'order-shipments', orderChildren.shipments, (s) => s.orderId),
  payments: (ctx: RequestContext) =>
    childrenLoader<PaymentRow>(ctx, 'order-payments', orderChildren.payments, (p) => p.orderId),
  refunds: (ctx: RequestContext) =>
    childrenLoader<RefundRow>(ctx, 'order-refunds', orderChildren.refunds, (r) => r.orderId),
  returns: (ctx: RequestContext) =>
    childrenLoader<ReturnRow>(ctx, 'order-returns', orderChildren.returns, (r) => r.orderId),
};

/** Lines carry their order's currency down to their Money fields. */
export async function linesWithCurrency(ctx: RequestContext, order: Pick<OrderRow, 'id' | 'currency'>) {
  const lines = (await orderLoaders.lines(ctx).load(order.id)) ?? [];
  return lines.map((line) => ({ ...line, currency: order.currency }));
}

type LineOut = OrderLineRow & { currency: string };

const orderReference = referenceResolver<OrderRow>('Order', (ctx, ids) => ordersByIds(ctx, ids));

export function orderResolvers(providersFor: ProvidersFor): Resolvers {
  return {
    OrderStatus: enumValues(orderStatuses),
    FulfillmentStatus: enumValues(['unfulfilled', 'partially_fulfilled', 'fulfilled', 'shipped', 'delivered'] as const),
    Query: {
      order: (_p, args: { id: string }, ctx) => findOrder(ctx, args.id),
      orders: async (_p, args: { first?: number; after?: string; filter?: OrderFilter }, ctx) =>
        connectionOf(await listOrders(ctx, { ...pageArgs(args), filter: args.filter ?? null })),
      myOrders: async (_p, args: { first?: number; after?: string }, ctx) =>
        connectionOf(await listOrders(ctx, { ...pageArgs(args, 100), mine: true })),
    },
    Mutation: {
      cancelOrder: async (_p, args: { input: { orderId: string; reason?: string } }, ctx) =>
        cancelOrder(ctx, await providersFor(ctx), args.input),
      addOrderNote: (_p, args: { input: { orderId: string; note: string } }, ctx) => addOrderNote(ctx, args.input),
    },
    Order: {
      __resolveReference: (ref: { id: string }, ctx: RequestContext) => orderReference(ref, ctx),
      name: (order: OrderRow) => `#${order.number}`,
      fulfillmentStatus: async (order: OrderRow, _a, ctx) =>
        fulfillmentStatusOf(
          (await orderLoaders.lines(ctx).load(order.id)) ?? [],
          (await orderLoaders.shipments(ctx).load(order.id)) ?? [],
        ),
      customer: (order: OrderRow) => (order.customerId ? { id: order.customerId } : null),
      currencyCode: (order: OrderRow) => order.currency,
      lines: (order: OrderRow, _a, ctx) => linesWithCurrency(ctx, order),
      subtotal: (order: OrderRow) => moneyOut(order.subtotal, order.currency),
      discountTotal: (order: OrderRow) => moneyOut(order.discountTotal, order.currency),
      shippingTotal: (order: OrderRow) => moneyOut(order.shippingTotal, order.currency),
      taxTotal: (order: OrderRow) => moneyOut(order.taxTotal, order.currency),
      taxLines: (order: OrderRow) => taxLinesOut(order.taxLines, order.currency),
      total: (order: OrderRow) => moneyOut(order.total, order.currency),
      refundedTotal: (order: OrderRow) => moneyOut(order.refundedTotal, order.currency),
      shippingMethod: (order: OrderRow) => ({
        ...order.shipping,
        price: moneyOut(order.shipping.amount, order.currency),
      }),
      payments: async (order: OrderRow, _a, ctx) => (await orderLoaders.payments(ctx).load(order.id)) ?? [],
      shipments: async (order: OrderRow, _a, ctx) =>
        ((await orderLoaders.shipments(ctx).load(order.id)) ?? []).map((s) => ({ ...s, currency: order.currency })),
      refunds: async (order: OrderRow, _a, ctx) => (await orderLoaders.refunds(ctx).load(order.id)) ?? [],
      returns: async (order: OrderRow, _a, ctx) => (await orderLoaders.returns(ctx).load(order.id)) ?? [],
      timeline: async (order: OrderRow, args: { first?: number; after?: string }, ctx) =>
        connectionOf(await orderTimeline(ctx, order.id, pageArgs(args))),
    },
    OrderLine: {
      variant: (line: LineOut) => ({ id: line.variantId }),
      unitListPrice: (line: LineOut) => moneyOut(line.unitListPrice, line.currency),
      unitPrice: (line: LineOut) => moneyOut(line.unitPrice, line.currency),
      discount: (line: LineOut) => moneyOut(line.lineDiscount + line.orderDiscount, line.currency),
      netAmount: (line: LineOut) => moneyOut(line.netAmount, line.currency),
      taxAmount: (line: LineOut) => moneyOut(line.taxAmount, line.currency),
      grossAmount: (line: LineOut) => moneyOut(line.grossAmount, line.currency),
      taxLines: (line: LineOut) => taxLinesOut(line.taxes, line.currency),
    },
  };
}
