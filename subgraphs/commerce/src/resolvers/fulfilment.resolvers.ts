import { loaderFor, type RequestContext, type Resolvers } from '@meridian/kit';
import { refundStatuses, returnStatuses, shipmentStatuses } from '../db/schema.ts';
import type { QuantityLine } from '../db/types.ts';
import { type FulfilInput, fulfillOrder, moveShipment } from '../model/fulfilment.ts';
import { listReturns, ordersByIds, refundsByIds } from '../model/order-read.ts';
import type { RefundRow, ShipmentRow } from '../model/order-store.ts';
import { type RefundInput, refundOrder } from '../model/refund.ts';
import { createReturn, decideReturn, type ReturnRow, receiveReturn } from '../model/return.ts';
import type { ProvidersFor } from '../payments/tenant-providers.ts';
import { linesWithCurrency } from './order.resolvers.ts';
import { connectionOf, enumValues, moneyOut, pageArgs } from './shared.ts';

/** `{ lineId, quantity }` pairs with their order lines (for Shipment, Refund and Return lines). */
async function withLines<T extends QuantityLine>(ctx: RequestContext, orderId: string, items: T[]) {
  const [order] = [...(await ordersByIds(ctx, [orderId])).values()];
  if (!order) return [];
  const lines = await linesWithCurrency(ctx, order);
  return items.flatMap((item) => {
    const line = lines.find((l) => l.id === item.lineId);
    return line ? [{ ...item, line }] : [];
  });
}

const refundLoader = (ctx: RequestContext) =>
  loaderFor<string, RefundRow>(ctx, 'refund-by-id', (ids) => refundsByIds(ctx, ids));

type Input<T> = { input: T };

export function fulfilmentResolvers(providersFor: ProvidersFor): Resolvers {
  return {
    ShipmentStatus: enumValues(shipmentStatuses),
    RefundStatus: enumValues(refundStatuses),
    ReturnStatus: enumValues(returnStatuses),
    Query: {
      returns: async (_p, args: { first?: number; after?: string; status?: string }, ctx) =>
        connectionOf(await listReturns(ctx, { ...pageArgs(args), status: args.status ?? null })),
    },
    Mutation: {
      fulfillOrder: (_p, args: Input<FulfilInput>, ctx) => fulfillOrder(ctx, args.input),
      markShipmentShipped: (_p, args: Input<Parameters<typeof moveShipment>[2]>, ctx) =>
        moveShipment(ctx, 'shipped', args.input),
      markShipmentDelivered: (_p, args: Input<{ shipmentId: string }>, ctx) =>
        moveShipment(ctx, 'delivered', args.input),
      refundOrder: async (_p, args: Input<RefundInput>, ctx) => refundOrder(ctx, await providersFor(ctx), args.input),
      createReturn: (_p, args: Input<Parameters<typeof createReturn>[1]>, ctx) => createReturn(ctx, args.input),
      approveReturn: (_p, args: Input<{ returnId: string }>, ctx) => decideReturn(ctx, args.input, 'approved'),
      rejectReturn: (_p, args: Input<{ returnId: string; reason?: string }>, ctx) =>
        decideReturn(ctx, args.input, 'rejected'),
      receiveReturn: async (_p, args: Input<Parameters<typeof receiveReturn>[2]>, ctx) =>
        receiveReturn(ctx, await providersFor(ctx), args.input),
    },
    Shipment: {
      lines: (shipment: ShipmentRow, _a, ctx) => withLines(ctx, shipment.orderId, shipment.lines),
    },
    Refund: {
      amount: (refund: RefundRow) => moneyOut(refund.amount, refund.currency),
      shippingAmount: (refund: RefundRow) => moneyOut(refund.shippingAmount, refund.currency),
      lines: (refund: RefundRow, _a, ctx) => withLines(ctx, refund.orderId, refund.lines),
    },
    Return: {
      order: async (row: ReturnRow, _a, ctx) => (await ordersByIds(ctx, [row.orderId])).get(row.orderId),
      lines: (row: ReturnRow, _a, ctx) => withLines(ctx, row.orderId, row.lines),
      refund: async (row: ReturnRow, _a, ctx) => (row.refundId ? refundLoader(ctx).load(row.refundId) : null),
    },
  };
}
