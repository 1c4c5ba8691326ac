import {
  idToUuid,
  newId,
  type OutgoingEvent,
  publishEvent,
  publishEvents,
  type RequestContext,
  recordAudit,
  type TenantTx,
  tenantDb,
  type UserError,
  userError,
} from '@meridian/kit';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { CommerceError } from '../commerce.errors.ts';
import { orders, payments } from '../db/schema.ts';
import { orderCancelled, orderPaid } from '../events.ts';
import type { PaymentOutcome } from '../payments/provider.ts';
import { completeCart, createOrderFromDraft, nextOrderNumber } from './order-create.ts';
import { nextStatus } from './order-state.ts';
import { afterOutcome } from './order-stock.ts';
import { lockOrder, type OrderLineRow, type OrderRow, orderPayload } from './order-store.ts';
import { addTimeline } from './timeline.ts';

export type PaymentRow = typeof payments.$inferSelect;

export interface AttemptResult {
  order: OrderRow | null;
  payment: PaymentRow;
  userErrors: UserError[];
}

/** The answer a finished (or still open) attempt gives, the same for every retry with its key. */
export function attemptAnswer(payment: PaymentRow, order: OrderRow | null): AttemptResult {
  const field = ['input', 'payment'];
  switch (payment.status) {
    case 'failed':
      return {
        order: null,
        payment,
        userErrors: [
          userError(field, CommerceError.PAYMENT_DECLINED, payment.failureMessage ?? 'The payment was declined'),
        ],
      };
    case 'cancelled':
      return {
        order,
        payment,
        userErrors: [userError(field, CommerceError.PAYMENT_FAILED, 'The payment was cancelled')],
      };
    case 'processing':
      return {
        order: null,
        payment,
        userErrors: [
          userError(
            field,
            CommerceError.PAYMENT_UNCONFIRMED,
            'The payment could not be confirmed yet; it is being checked and you will not be charged twice',
          ),
        ],
      };
    default:
      return { order, payment, userErrors: [] };
  }
}

/**
 * Applies a provider's answer to an attempt, exactly once (under the payment row's lock; an attempt
 * already decided is left as it is). Approved: the order is made (or the pending one paid), the cart
 * completed. Needs an extra step: a pending order waits for it. Declined: the attempt fails, a pending
 * order is cancelled. Stock and discount effects follow the commit (see afterOutcome).
 */
export async function finishAttempt(
  ctx: RequestContext,
  paymentId: string,
  outcome: PaymentOutcome,
  options: { orderNumber?: number } = {},
): Promise<AttemptResult> {
  // A checkout's own answer brings the number it took when it recorded the attempt (see placeOrder).
  // Later answers (webhooks, the reconciler) rarely make an order and take the number inside.
  const preTaken = options.orderNumber ?? null;
  const { result, effects } = await tenantDb(ctx).transaction(async (tx) => {
    if (outcome.status === 'succeeded') {
      const paid = await approve(tx, ctx, paymentId, outcome, preTaken);
      if (paid) return paid;
    }
    const [payment] = await tx.select().from(payments).where(eq(payments.id, paymentId)).for('update');
    if (!payment) throw new Error(`payment ${paymentId} vanished`);
    const decided = payment.status === 'succeeded' || payment.status === 'failed' || payment.status === 'cancelled';
    const sameAsBefore = payment.status === 'requires_action' && outcome.status === 'requires_action';
    if (decided || sameAsBefore) {
      const [order] = payment.orderId ? await tx.select().from(orders).where(eq(orders.id, payment.orderId)) : [];
      return { result: attemptAnswer(payment, order ?? null), effects: null };
    }
    // Undecided here, so not approved: approve() would have taken it.
    if (outcome.status === 'succeeded') throw new Error(`payment ${paymentId} could not be approved`);
    const card = cardOf(outcome);
    let order: OrderRow | null = null;
    if (outcome.status === 'failed') {
      let effect: 'release' | 'release-order' = 'release';
      if (payment.orderId) {
        const locked = await lockOrder(tx, payment.orderId);
        const transition = locked ? nextStatus(locked.order.status, 'cancel') : null;
        if (locked && transition?.ok) {
          const [cancelled] = await tx
            .update(orders)
            .set({
              status: transition.status,
              cancelReason: 'payment_failed',
              cancelledAt: new Date(),
              updatedAt: new Date(),
            })
            .where(eq(orders.id, locked.order.id))
            .returning();
          order = cancelled ?? null;
          await addTimeline(tx, ctx, locked.order.id, 'cancelled', `Payment failed (${outcome.code}); order cancelled`);
          await publishEvent(
            tx,
            orderCancelled.create(
              { ...orderPayload(order ?? locked.order, locked.lines), reason: 'payment_failed', stock: 'released' },
              { key: locked.order.id },
            ),
          );
          effect = 'release-order';
        }
      }
      const [failed] = await tx
        .update(payments)
        .set({
          status: 'failed',
          providerRef: outcome.providerRef ?? payment.providerRef,
          failureCode: outcome.code,
          failureMessage: outcome.message,
          nextAction: null,
          updatedAt: new Date(),
          ...card,
        })
        .where(eq(payments.id, paymentId))
        .returning();
      await recordAudit(tx, ctx, {
        action: 'payment.fail',
        entityType: 'Payment',
        entityId: paymentId,
        after: { code: outcome.code },
      });
      return { result: attemptAnswer(failed ?? payment, null), effects: { kind: effect, payment, order } };
    }
    const created = await createOrderFromDraft(
      tx,
      ctx,
      payment.draft,
      'pending',
      preTaken ?? (await nextOrderNumber(tx)),
    );
    order = created.order;
    await addTimeline(tx, ctx, order.id, 'payment_action_required', 'Payment needs the card holder to authenticate');
    await publishEvents(tx, [created.placed]);
    const [waiting] = await tx
      .update(payments)
      .set({
        status: 'requires_action',
        providerRef: outcome.providerRef,
        nextAction: outcome.nextAction,
        orderId: order.id,
        updatedAt: new Date(),
        ...card,
      })
      .where(eq(payments.id, paymentId))
      .returning();
    await recordAudit(tx, ctx, {
      action: 'order.place',
      entityType: 'Order',
      entityId: order.id,
      after: { number: order.number, status: order.status },
    });
    return { result: attemptAnswer(waiting ?? payment, order), effects: null };
  });
  if (effects?.kind === 'paid') {
    // The order is paid and its stock is held by the reservation: turning it into sales need not make the
    // shopper wait (the reconciler commits what a crash left held).
    void afterOutcome(ctx, effects.kind, effects.payment, effects.order);
  } else if (effects) {
    // Released before answering, so the shopper's next try finds the stock again.
    await afterOutcome(ctx, effects.kind, effects.payment, effects.order);
  }
  return result;
}

const cardOf = (outcome: PaymentOutcome) =>
  outcome.card ? { cardBrand: outcome.card.brand, cardLast4: outcome.card.last4 } : {};

type Applied = {
  result: AttemptResult;
  effects: { kind: 'paid' | 'release' | 'release-order'; payment: PaymentRow; order: OrderRow | null } | null;
};

/**
 * An approval: one UPDATE both decides the attempt and locks it (only an undecided one turns
 * succeeded, so a webhook and the checkout racing apply it once), naming the order it makes or, after
 * an extra step, the pending one it pays. Null when the attempt was already decided.
 */
async function approve(
  tx: TenantTx,
  ctx: RequestContext,
  paymentId: string,
  outcome: Extract<PaymentOutcome, { status: 'succeeded' }>,
  preTaken: number | null,
): Promise<Applied | null> {
  const paidAt = new Date();
  const newOrderId = newId('ord');
  const [payment] = await tx
    .update(payments)
    .set({
      status: 'succeeded',
      providerRef: outcome.providerRef,
      orderId: sql`coalesce(${payments.orderId}, ${idToUuid('ord', newOrderId)}::uuid)`,
      nextAction: null,
      updatedAt: paidAt,
      ...cardOf(outcome),
    })
    .where(and(eq(payments.id, paymentId), inArray(payments.status, ['processing', 'requires_action'])))
    .returning();
  if (!payment) return null;
  const existing = payment.orderId !== newOrderId ? await lockOrder(tx, payment.orderId as string) : null;
  if (payment.orderId !== newOrderId && !existing) throw new Error(`order ${payment.orderId} vanished`);
  const transition = nextStatus(existing?.order.status ?? 'pending', 'pay');
  if (!transition.ok) throw new Error(`order ${existing?.order.id ?? 'new'}: ${transition.message}`);
  const paidEntry = {
    kind: 'paid',
    message: `Payment of ${payment.amount} ${payment.currency} received (${payment.provider})`,
    data: { paymentId },
  };
  let placed: { order: OrderRow; lines: OrderLineRow[] };
  const events: OutgoingEvent[] = [];
  if (existing) {
    const [paidOrder] = await tx
      .update(orders)
      .set({ status: transition.status, paidAt, updatedAt: paidAt })
      .where(eq(orders.id, existing.order.id))
      .returning();
    if (!paidOrder) throw new Error('order update returned nothing');
    placed = { order: paidOrder, lines: existing.lines };
    await addTimeline(tx, ctx, paidOrder.id, paidEntry.kind, paidEntry.message, paidEntry.data);
  } else {
    // Paid at once (the usual checkout): inserted paid, with both timeline entries in one statement.
    const number = preTaken ?? (await nextOrderNumber(tx));
    // The cart's completion goes with the order's rows (one round trip).
    const [created] = await Promise.all([
      createOrderFromDraft(tx, ctx, payment.draft, transition.status, number, {
        paidAt,
        timeline: [paidEntry],
        id: newOrderId,
      }),
      completeCart(tx, payment.cartId, newOrderId),
    ]);
    placed = created;
    events.push(created.placed);
  }
  const order = placed.order;
  if (existing) await completeCart(tx, payment.cartId, order.id);
  events.push(
    orderPaid.create(
      {
        ...orderPayload(order, placed.lines),
        payment: {
          paymentId,
          provider: payment.provider,
          providerRef: outcome.providerRef,
          amount: payment.amount,
          paidAt: paidAt.toISOString(),
        },
      },
      { key: order.id },
    ),
  );
  await Promise.all([
    publishEvents(tx, events),
    recordAudit(tx, ctx, {
      action: 'order.pay',
      entityType: 'Order',
      entityId: order.id,
      after: { number: order.number, status: order.status, paymentId },
    }),
  ]);
  return { result: attemptAnswer(payment, order), effects: { kind: 'paid', payment, order } };
}
