import {
  mutate,
  newId,
  notFound,
  Problems,
  parseId,
  previousResult,
  type RequestContext,
  read,
  recordAudit,
  recordIdempotentResult,
  refuse,
  reject,
  tenantDb,
  type UserError,
  userError,
} from '@meridian/kit';
import { eq, inArray, sql } from 'drizzle-orm';
import { CommerceError } from '../commerce.errors.ts';
import { orderLines, type ReturnLine, type ReturnStatus, returns } from '../db/schema.ts';
import type { StockAllocation } from '../db/types.ts';
import type { PaymentProviders } from '../payments/provider.ts';
import { canWriteOrders, shopperIdOf } from './actor.ts';
import { transition } from './fulfilment.ts';
import { restock } from './inventory-client.ts';
import { lockOrder, type RefundRow, shipmentsOfOrders } from './order-store.ts';
import { refundOrder } from './refund.ts';
import { addTimeline } from './timeline.ts';
import { checkIdempotencyKey, checkQuantity, checkText } from './validate.ts';

export type ReturnRow = typeof returns.$inferSelect;
type ReturnPayload = { return: ReturnRow | null; userErrors: UserError[] };

/**
 * A return (RMA): the customer (their own order) or staff asks to send back shipped units. Staff approve
 * or reject it, then receive the parcel: the units are restocked where they were sold from, and the money
 * for them goes back through the provider.
 */
export async function createReturn(
  ctx: RequestContext,
  input: {
    orderId: string;
    lines: { lineId: string; quantity: number; reason?: string | null }[];
    note?: string | null;
    idempotencyKey?: string | null;
  },
): Promise<ReturnPayload> {
  const problems = new Problems();
  if (!parseId('ord', input.orderId)) problems.add(['orderId'], CommerceError.NOT_FOUND, 'Order not found');
  const key = checkIdempotencyKey(problems, ['idempotencyKey'], input.idempotencyKey);
  const note = checkText(problems, ['note'], input.note, { max: 1000 });
  if (input.lines.length === 0) problems.add(['lines'], CommerceError.REQUIRED, 'Name the units to return');
  const lines: ReturnLine[] = input.lines.map((l, i) => {
    if (!parseId('oli', l.lineId))
      problems.add(['lines', i, 'lineId'], CommerceError.NOT_FOUND, 'Order line not found');
    checkQuantity(problems, ['lines', i, 'quantity'], l.quantity);
    return {
      lineId: l.lineId,
      quantity: l.quantity,
      reason: checkText(problems, ['lines', i, 'reason'], l.reason, { max: 500 }),
    };
  });
  if (!problems.ok) return { return: null, userErrors: problems.list };
  return mutate<ReturnPayload>(ctx, { return: null }, async (tx) => {
    const previous = await previousResult(tx, 'createReturn', key);
    if (previous) {
      const [row] = await tx.select().from(returns).where(eq(returns.id, previous));
      return { return: row ?? null, userErrors: [] };
    }
    const locked = await lockOrder(tx, input.orderId);
    const shopper = shopperIdOf(ctx);
    // Someone else's order is not found, as if it did not exist.
    if (!locked || (!canWriteOrders(ctx) && (!shopper || locked.order.customerId !== shopper))) {
      refuse(['orderId'], CommerceError.NOT_FOUND, 'Order not found');
    }
    transition(locked.order, 'return', locked.lines, await shipmentsOfOrders(tx, [locked.order.id]));
    const open = await tx.select().from(returns).where(eq(returns.orderId, locked.order.id));
    const inReturn = new Map<string, number>();
    for (const r of open) {
      if (r.status === 'requested' || r.status === 'approved')
        for (const l of r.lines) inReturn.set(l.lineId, (inReturn.get(l.lineId) ?? 0) + l.quantity);
    }
    const lineProblems = new Problems();
    lines.forEach((wanted, i) => {
      const line = locked.lines.find((l) => l.id === wanted.lineId);
      const returnable = line ? line.fulfilledQuantity - line.returnedQuantity - (inReturn.get(line.id) ?? 0) : 0;
      if (!line) lineProblems.add(['lines', i, 'lineId'], CommerceError.NOT_FOUND, 'Order line not found');
      else if (wanted.quantity > returnable) {
        lineProblems.add(
          ['lines', i, 'quantity'],
          CommerceError.EXCEEDS_QUANTITY,
          `Only ${Math.max(0, returnable)} shipped unit(s) can be returned`,
        );
      }
      inReturn.set(wanted.lineId, (inReturn.get(wanted.lineId) ?? 0) + wanted.quantity);
    });
    if (!lineProblems.ok) reject(lineProblems);
    const [row] = await tx
      .insert(returns)
      .values({ id: newId('rma'), orderId: locked.order.id, customerId: locked.order.customerId, lines, note })
      .returning();
    if (!row) throw new Error('return insert returned nothing');
    await recordIdempotentResult(tx, 'createReturn', key, row.id);
    await addTimeline(tx, ctx, locked.order.id, 'return_requested', `Return ${row.id} requested`, { returnId: row.id });
    await recordAudit(tx, ctx, { action: 'return.create', entityType: 'Return', entityId: row.id, after: row });
    return { return: row, userErrors: [] };
  });
}

/** Moves a return along: requested → approved | rejected, approved → rejected. */
export async function decideReturn(
  ctx: RequestContext,
  input: { returnId: string; reason?: string | null },
  to: 'approved' | 'rejected',
) {
  const allowed: Record<string, ReturnStatus[]> = { approved: ['requested'], rejected: ['requested', 'approved'] };
  return moveReturn(ctx, input.returnId, allowed[to] ?? [], async (tx, row) => {
    const [moved] = await tx
      .update(returns)
      .set({
        status: to,
        rejectReason: to === 'rejected' ? (input.reason?.trim().slice(0, 500) ?? null) : null,
        updatedAt: new Date(),
      })
      .where(eq(returns.id, row.id))
      .returning();
    await addTimeline(tx, ctx, row.orderId, `return_${to}`, `Return ${row.id} ${to}`, { returnId: row.id });
    return moved ?? row;
  });
}

type ReturnTx = Parameters<Parameters<ReturnType<typeof tenantDb>['transaction']>[0]>[0];

async function moveReturn(
  ctx: RequestContext,
  returnId: string,
  from: ReturnStatus[],
  work: (tx: ReturnTx, row: ReturnRow) => Promise<ReturnRow>,
): Promise<ReturnPayload> {
  if (!parseId('rma', returnId))
    return {
      return: null,
      userErrors: [userError(['input', 'returnId'], CommerceError.NOT_FOUND, 'Return not found')],
    };
  return mutate<ReturnPayload>(ctx, { return: null }, async (tx) => {
    const [row] = await tx.select().from(returns).where(eq(returns.id, returnId)).for('update');
    if (!row) refuse(['returnId'], CommerceError.NOT_FOUND, 'Return not found');
    if (!from.includes(row.status))
      refuse(['returnId'], CommerceError.INVALID_TRANSITION, `A ${row.status} return cannot do that`);
    const moved = await work(tx, row);
    await recordAudit(tx, ctx, {
      action: 'return.update',
      entityType: 'Return',
      entityId: row.id,
      before: { status: row.status },
      after: { status: moved.status },
    });
    return { return: moved, userErrors: [] };
  });
}

/** Where a returned unit goes back: the warehouse its sale came from. */
function restockLines(
  allocation: StockAllocation[],
  lines: { variantId: string; quantity: number }[],
): StockAllocation[] {
  return lines.flatMap((l) => {
    const from = allocation.find((a) => a.variantId === l.variantId);
    return from ? [{ variantId: l.variantId, warehouseId: from.warehouseId, quantity: l.quantity }] : [];
  });
}

/** The parcel arrived: units counted as returned, restocked (unless damaged), refunded (unless told not to). */
export async function receiveReturn(
  ctx: RequestContext,
  providers: PaymentProviders,
  input: { returnId: string; restock?: boolean | null; refund?: boolean | null; refundShipping?: boolean | null },
) {
  const received = await moveReturn(ctx, input.returnId, ['approved'], async (tx, row) => {
    const locked = await lockOrder(tx, row.orderId);
    if (!locked) throw notFound('Order');
    for (const l of row.lines) {
      await tx
        .update(orderLines)
        .set({ returnedQuantity: sql`${orderLines.returnedQuantity} + ${l.quantity}` })
        .where(eq(orderLines.id, l.lineId));
    }
    const [moved] = await tx
      .update(returns)
      .set({ status: 'received', restocked: input.restock !== false, receivedAt: new Date(), updatedAt: new Date() })
      .where(eq(returns.id, row.id))
      .returning();
    await addTimeline(tx, ctx, row.orderId, 'return_received', `Return ${row.id} received`, { returnId: row.id });
    return moved ?? row;
  });
  const row = received.return;
  if (!row) return { ...received, refund: null };
  const userErrors: UserError[] = [];
  const [order] = await read(ctx, (tx) => lockOrderRead(tx, row.orderId));
  if (input.restock !== false && order) {
    const variantLines = await read(ctx, (tx) =>
      tx
        .select()
        .from(orderLines)
        .where(
          inArray(
            orderLines.id,
            row.lines.map((l) => l.lineId),
          ),
        ),
    );
    const units = row.lines.map((l) => ({
      variantId: variantLines.find((v) => v.id === l.lineId)?.variantId ?? '',
      quantity: l.quantity,
    }));
    const errors = await restock(
      ctx,
      `return:${row.id}`,
      `Return ${row.id} of order #${order.number}`,
      restockLines(order.allocation, units),
    ).catch((error: Error) => [{ field: null, code: 'SERVICE_UNAVAILABLE', message: error.message }]);
    if (errors.length > 0)
      userErrors.push(userError(null, CommerceError.SERVICE_UNAVAILABLE, `Restock failed: ${errors[0]?.message}`));
  }
  let refund: RefundRow | null = null;
  if (input.refund !== false) {
    const refunded = await refundOrder(
      ctx,
      providers,
      {
        orderId: row.orderId,
        lines: row.lines.map((l) => ({ lineId: l.lineId, quantity: l.quantity })),
        includeShipping: input.refundShipping === true,
        reason: `Return ${row.id}`,
        idempotencyKey: `return-refund:${row.id}`,
      },
      { returnId: row.id },
    );
    refund = refunded.refund;
    userErrors.push(...refunded.userErrors);
    const refundId = refund?.id;
    if (refundId)
      await tenantDb(ctx).transaction((tx) => tx.update(returns).set({ refundId }).where(eq(returns.id, row.id)));
  }
  const [fresh] = await read(ctx, (tx) => tx.select().from(returns).where(eq(returns.id, row.id)));
  return { return: fresh ?? row, refund, userErrors };
}

async function lockOrderRead(tx: ReturnTx, orderId: string) {
  const locked = await lockOrder(tx, orderId);
  return locked ? [locked.order] : [];
}
