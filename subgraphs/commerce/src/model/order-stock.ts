import type { RequestContext } from '@meridian/kit';
import { tenantDb } from '@meridian/kit';
import { and, eq } from 'drizzle-orm';
import { orders } from '../db/schema.ts';
import { redeemDiscountCode } from './catalog-client.ts';
import { commitReservation, releaseReservation, reserveStock } from './inventory-client.ts';
import type { OrderRow } from './order-store.ts';
import type { PaymentRow } from './payment-outcome.ts';
import { addTimeline } from './timeline.ts';

/**
 * What follows a decided payment outside the database transaction: a paid order's reservation becomes
 * sales (stock leaves on hand; if it expired meanwhile, stock is reserved again and committed), its
 * discount code is counted; a failed attempt's reservation is released. Failures are noted on the
 * order (stock state `failed`) and retried by the reconciler, never lost.
 */
export async function afterOutcome(
  ctx: RequestContext,
  kind: 'paid' | 'release' | 'release-order',
  payment: PaymentRow,
  order: OrderRow | null,
): Promise<void> {
  const reservationId = payment.draft.reservationId;
  try {
    if (kind !== 'paid') {
      await releaseReservation(ctx, reservationId);
      if (order) await setStockState(ctx, order.id, 'released');
      return;
    }
    if (!order) return;
    await commitOrderStock(ctx, order);
    if (order.discountCode) {
      const errors = await redeemDiscountCode(ctx, order.discountCode, order.id);
      if (errors.length > 0) {
        await note(
          ctx,
          order.id,
          'discount_not_counted',
          `Discount code ${order.discountCode} was not counted: ${errors[0]?.message}`,
        );
      }
    }
  } catch (error) {
    ctx.log.error({ err: error, paymentId: payment.id }, 'stock or discount follow-up failed; the reconciler retries');
  }
}

/** Commits a paid order's reservation (again after expiry: reserve anew, then commit). */
export async function commitOrderStock(ctx: RequestContext, order: OrderRow): Promise<void> {
  if (!order.reservationId) return;
  let committed = await commitReservation(ctx, order.reservationId);
  if (committed.userErrors.some((e) => e.code === 'EXPIRED')) {
    const again = await reserveStock(ctx, {
      idempotencyKey: `order:${order.id}:stock`,
      reference: order.id,
      expiresInSeconds: 600,
      lines: order.allocation.map((a) => ({
        variantId: a.variantId,
        quantity: a.quantity,
        warehouseId: a.warehouseId,
      })),
    });
    if (!again.reservationId) {
      await setStockState(ctx, order.id, 'failed');
      await note(
        ctx,
        order.id,
        'stock_failed',
        `Stock could not be committed: ${again.userErrors[0]?.message ?? 'unavailable'}`,
      );
      return;
    }
    await tenantDb(ctx).transaction((tx) =>
      tx.update(orders).set({ reservationId: again.reservationId }).where(eq(orders.id, order.id)),
    );
    committed = await commitReservation(ctx, again.reservationId);
  }
  if (committed.userErrors.length > 0) {
    await setStockState(ctx, order.id, 'failed');
    await note(ctx, order.id, 'stock_failed', `Stock could not be committed: ${committed.userErrors[0]?.message}`);
    return;
  }
  await setStockState(ctx, order.id, 'committed');
}

/** Moves the stock state on only from `held`: a cancellation may have released the stock meanwhile. */
async function setStockState(ctx: RequestContext, orderId: string, state: OrderRow['stockState']) {
  await tenantDb(ctx).transaction((tx) =>
    tx
      .update(orders)
      .set({ stockState: state })
      .where(and(eq(orders.id, orderId), eq(orders.stockState, 'held'))),
  );
}

async function note(ctx: RequestContext, orderId: string, kind: string, message: string) {
  await tenantDb(ctx).transaction((tx) => addTimeline(tx, ctx, orderId, kind, message));
}
