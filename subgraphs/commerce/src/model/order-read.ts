import { notFound, parseId, type RequestContext, read } from '@meridian/kit';
import { and, asc, desc, eq, gt, gte, ilike, inArray, lt, type SQL } from 'drizzle-orm';
import type { OrderStatus } from '../db/order.schema.ts';
import { orderEvents, orders, payments, refunds, returns } from '../db/schema.ts';
import { canReadOrders, shopperIdOf } from './actor.ts';
import { linesOfOrders, type OrderRow, shipmentsOfOrders } from './order-store.ts';
import { visibleKey } from './payment-attempt.ts';

/** Staff read every order; a customer their own; a guest only the order this very request placed. */
export function maySee(ctx: RequestContext, order: Pick<OrderRow, 'id' | 'customerId'>): boolean {
  if (canReadOrders(ctx)) return true;
  const shopper = shopperIdOf(ctx);
  if (shopper && order.customerId === shopper) return true;
  return (ctx.loaders.get(visibleKey) as Set<string> | undefined)?.has(order.id) ?? false;
}

export async function ordersByIds(ctx: RequestContext, ids: readonly string[]): Promise<Map<string, OrderRow>> {
  const valid = ids.filter((id) => parseId('ord', id));
  if (valid.length === 0) return new Map();
  const rows = await read(ctx, (tx) => tx.select().from(orders).where(inArray(orders.id, valid)));
  return new Map(rows.map((r) => [r.id, r]));
}

/** One order, or NOT_FOUND (also when it exists but is not the caller's: existence is never revealed). */
export async function findOrder(ctx: RequestContext, id: string): Promise<OrderRow> {
  if (!parseId('ord', id)) throw notFound('Order');
  const order = (await ordersByIds(ctx, [id])).get(id);
  if (!order || !maySee(ctx, order)) throw notFound('Order');
  return order;
}

export interface OrderFilter {
  status?: OrderStatus[] | null;
  customerId?: string | null;
  email?: string | null;
  /** `1042`, `#1042`, or part of an email. */
  query?: string | null;
  placedFrom?: Date | null;
  placedTo?: Date | null;
}

function filterSql(filter: OrderFilter | null | undefined): SQL[] {
  const where: SQL[] = [];
  if (!filter) return where;
  if (filter.status?.length) where.push(inArray(orders.status, filter.status));
  if (filter.customerId) {
    if (!parseId('usr', filter.customerId)) throw notFound('Customer');
    where.push(eq(orders.customerId, filter.customerId));
  }
  if (filter.email) where.push(eq(orders.email, filter.email.trim().toLowerCase()));
  if (filter.placedFrom) where.push(gte(orders.placedAt, filter.placedFrom));
  if (filter.placedTo) where.push(lt(orders.placedAt, filter.placedTo));
  const query = filter.query?.trim();
  if (query) {
    const number = /^#?(\d{1,9})$/.exec(query)?.[1];
    if (number) where.push(eq(orders.number, Number(number)));
    else where.push(ilike(orders.email, `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  }
  return where;
}

/** Orders newest first (cursor: the order id). Staff see all of them; `mine` narrows to the caller's. */
export function listOrders(
  ctx: RequestContext,
  args: { first: number; after?: string | null; filter?: OrderFilter | null; mine?: boolean },
) {
  if (args.after && !parseId('ord', args.after)) throw notFound('Cursor');
  const where = filterSql(args.filter);
  if (args.mine) {
    const shopper = shopperIdOf(ctx);
    if (!shopper) return Promise.resolve({ nodes: [] as OrderRow[], hasNextPage: false });
    where.push(eq(orders.customerId, shopper));
  }
  if (args.after) where.push(lt(orders.id, args.after));
  return read(ctx, async (tx) => {
    const rows = await tx
      .select()
      .from(orders)
      .where(and(...where))
      .orderBy(desc(orders.id))
      .limit(args.first + 1);
    return { nodes: rows.slice(0, args.first), hasNextPage: rows.length > args.first };
  });
}

/** The children of a batch of orders (one query each kind, through DataLoaders in the resolvers). */
export const orderChildren = {
  lines: (ctx: RequestContext, ids: readonly string[]) => read(ctx, (tx) => linesOfOrders(tx, [...ids])),
  shipments: (ctx: RequestContext, ids: readonly string[]) => read(ctx, (tx) => shipmentsOfOrders(tx, [...ids])),
  payments: (ctx: RequestContext, ids: readonly string[]) =>
    read(ctx, (tx) =>
      tx
        .select()
        .from(payments)
        .where(inArray(payments.orderId, [...ids]))
        .orderBy(asc(payments.createdAt)),
    ),
  refunds: (ctx: RequestContext, ids: readonly string[]) =>
    read(ctx, (tx) =>
      tx
        .select()
        .from(refunds)
        .where(inArray(refunds.orderId, [...ids]))
        .orderBy(asc(refunds.id)),
    ),
  returns: (ctx: RequestContext, ids: readonly string[]) =>
    read(ctx, (tx) =>
      tx
        .select()
        .from(returns)
        .where(inArray(returns.orderId, [...ids]))
        .orderBy(asc(returns.id)),
    ),
};

/** An order's timeline, oldest first (cursor: the entry id). */
export function orderTimeline(ctx: RequestContext, orderId: string, args: { first: number; after?: string | null }) {
  if (args.after && !parseId('oev', args.after)) throw notFound('Cursor');
  return read(ctx, async (tx) => {
    const rows = await tx
      .select()
      .from(orderEvents)
      .where(and(eq(orderEvents.orderId, orderId), args.after ? gt(orderEvents.id, args.after) : undefined))
      .orderBy(asc(orderEvents.id))
      .limit(args.first + 1);
    return { nodes: rows.slice(0, args.first), hasNextPage: rows.length > args.first };
  });
}

export function listReturns(
  ctx: RequestContext,
  args: { first: number; after?: string | null; status?: string | null },
) {
  if (args.after && !parseId('rma', args.after)) throw notFound('Cursor');
  return read(ctx, async (tx) => {
    const rows = await tx
      .select()
      .from(returns)
      .where(
        and(
          args.status ? eq(returns.status, args.status as 'requested') : undefined,
          args.after ? lt(returns.id, args.after) : undefined,
        ),
      )
      .orderBy(desc(returns.id))
      .limit(args.first + 1);
    return { nodes: rows.slice(0, args.first), hasNextPage: rows.length > args.first };
  });
}

export async function refundsByIds(ctx: RequestContext, ids: readonly string[]) {
  const rows = await read(ctx, (tx) =>
    tx
      .select()
      .from(refunds)
      .where(inArray(refunds.id, [...ids])),
  );
  return new Map(rows.map((r) => [r.id, r]));
}
