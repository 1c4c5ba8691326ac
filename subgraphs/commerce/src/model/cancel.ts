import {
  mutate,
  Problems,
  parseId,
  publishEvent,
  type RequestContext,
  read,
  recordAudit,
  refuse,
  tenantDb,
  toDecimalString,
  type UserError,
  userError,
} from '@meridian/kit';
import { eq } from 'drizzle-orm';
import { CommerceError } from '../commerce.errors.ts';
import { orders, payments } from '../db/schema.ts';
import { orderCancelled } from '../events.ts';
import type { PaymentProviders } from '../payments/provider.ts';
import { transition } from './fulfilment.ts';
import { releaseReservation, restock } from './inventory-client.ts';
import { linesOfOrders, lockOrder, type OrderRow, orderPayload, shipmentsOfOrders } from './order-store.ts';
import { refundOrder } from './refund.ts';
import { addTimeline } from './timeline.ts';
import { checkText } from './validate.ts';

type CancelPayload = { order: OrderRow | null; userErrors: UserError[] };

/**
 * Cancels an order nothing of which has been fulfilled: a pending one (its payment is called off), or a
 * paid one (refunded in full). Its stock goes back: released while still reserved, restocked once sold.
 * The state change commits first (so nothing can fulfil it meanwhile); money and stock follow, each
 * with its own idempotency key, and a failure is written on the timeline for staff to act on.
 */
export async function cancelOrder(
  ctx: RequestContext,
  providers: PaymentProviders,
  input: { orderId: string; reason?: string | null },
): Promise<CancelPayload> {
  const problems = new Problems();
  if (!parseId('ord', input.orderId)) problems.add(['orderId'], CommerceError.NOT_FOUND, 'Order not found');
  const reason = checkText(problems, ['reason'], input.reason, { max: 500 }) ?? 'cancelled by staff';
  if (!problems.ok) return { order: null, userErrors: problems.list };
  const cancelled = await mutate<CancelPayload & { wasPaid?: boolean; stock?: OrderRow['stockState'] }>(
    ctx,
    { order: null },
    async (tx) => {
      const locked = await lockOrder(tx, input.orderId);
      if (!locked) refuse(['orderId'], CommerceError.NOT_FOUND, 'Order not found');
      const { order, lines } = locked;
      const status = transition(order, 'cancel', lines, await shipmentsOfOrders(tx, [order.id]));
      const now = new Date();
      const [updated] = await tx
        .update(orders)
        .set({ status, cancelReason: reason, cancelledAt: now, updatedAt: now })
        .where(eq(orders.id, order.id))
        .returning();
      const stock = order.stockState === 'held' ? 'released' : order.stockState === 'committed' ? 'restocked' : 'none';
      await addTimeline(tx, ctx, order.id, 'cancelled', `Order cancelled: ${reason}`);
      await publishEvent(
        tx,
        orderCancelled.create({ ...orderPayload(updated ?? order, lines), reason, stock }, { key: order.id }),
      );
      await recordAudit(tx, ctx, {
        action: 'order.cancel',
        entityType: 'Order',
        entityId: order.id,
        before: { status: order.status },
        after: { status, reason },
      });
      return { order: updated ?? null, userErrors: [], wasPaid: order.status === 'paid', stock: order.stockState };
    },
  );
  const order = cancelled.order;
  if (!order) return cancelled;
  const userErrors: UserError[] = [];

  // The payment: a pending one is called off at the provider, a paid one refunded in full.
  const [payment] = await read(ctx, (tx) => tx.select().from(payments).where(eq(payments.orderId, order.id)));
  if (payment?.status === 'requires_action') {
    const provider = providers[payment.provider as 'test' | 'stripe'];
    if (provider && payment.providerRef)
      await provider
        .cancel(payment.providerRef)
        .catch((error) => ctx.log.warn({ err: error }, 'provider cancel failed'));
    await tenantDb(ctx).transaction((tx) =>
      tx
        .update(payments)
        .set({ status: 'cancelled', nextAction: null, updatedAt: new Date() })
        .where(eq(payments.id, payment.id)),
    );
  }
  if (cancelled.wasPaid && order.total > order.refundedTotal) {
    const lines = (await read(ctx, (tx) => linesOfOrders(tx, [order.id])))
      .filter((l) => l.quantity > l.refundedQuantity)
      .map((l) => ({ lineId: l.id, quantity: l.quantity - l.refundedQuantity }));
    const refunded = await refundOrder(ctx, providers, {
      orderId: order.id,
      lines,
      includeShipping: true,
      amount: toDecimalString({ amount: order.total - order.refundedTotal, currency: order.currency }),
      reason: `Order cancelled: ${reason}`,
      idempotencyKey: `cancel-refund:${order.id}`,
    });
    userErrors.push(...refunded.userErrors);
  }

  // The stock: still reserved → released; sold → restocked. The paid order's commit runs after the
  // checkout answered, so inventory has the last word on which of the two applies.
  try {
    let restocked = cancelled.stock === 'committed';
    if (cancelled.stock === 'held' && order.reservationId) {
      const released = await releaseReservation(ctx, order.reservationId);
      restocked = released.userErrors.some((e) => e.code === 'INVALID_STATE');
      if (!restocked && released.userErrors.length > 0) throw new Error(released.userErrors[0]?.message);
      if (!restocked) await setStock(ctx, order.id, 'released');
    }
    if (restocked) {
      const errors = await restock(ctx, `cancel:${order.id}`, `Order #${order.number} cancelled`, order.allocation);
      if (errors.length > 0) throw new Error(errors[0]?.message);
      await setStock(ctx, order.id, 'restocked');
    }
  } catch (error) {
    ctx.log.error({ err: error, orderId: order.id }, 'stock return after cancellation failed');
    await tenantDb(ctx).transaction((tx) =>
      addTimeline(tx, ctx, order.id, 'stock_failed', 'Stock could not be returned; adjust it in inventory'),
    );
    userErrors.push(
      userError(
        null,
        CommerceError.SERVICE_UNAVAILABLE,
        'The order is cancelled but its stock could not be returned yet',
      ),
    );
  }
  const [fresh] = await read(ctx, (tx) => tx.select().from(orders).where(eq(orders.id, order.id)));
  return { order: fresh ?? order, userErrors };
}

async function setStock(ctx: RequestContext, orderId: string, state: OrderRow['stockState']) {
  await tenantDb(ctx).transaction((tx) => tx.update(orders).set({ stockState: state }).where(eq(orders.id, orderId)));
}
