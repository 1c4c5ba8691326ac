import type { RequestContext } from '@meridian/kit';
import { read } from '@meridian/kit';
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import { orders, payments } from '../db/schema.ts';
import { methodFromRef, type PaymentOutcome, type PaymentProviders } from '../payments/provider.ts';
import { commitOrderStock } from './order-stock.ts';
import { chargeRequestOf, reservationSeconds } from './payment-attempt.ts';
import { type AttemptResult, attemptAnswer, finishAttempt, type PaymentRow } from './payment-outcome.ts';

async function orderOf(ctx: RequestContext, payment: PaymentRow) {
  const orderId = payment.orderId;
  if (!orderId) return null;
  const [order] = await read(ctx, (tx) => tx.select().from(orders).where(eq(orders.id, orderId)));
  return order ?? null;
}

/**
 * Matches one open attempt with what the provider knows and finishes it: `processing` (the answer was
 * lost, or the process died before the order committed) asks the provider with the attempt's own
 * idempotency key; `requires_action` past the reservation's life is given up (cancelled at the
 * provider, pending order cancelled, stock released). Safe to run any number of times, anywhere.
 */
export async function reconcilePayment(
  ctx: RequestContext,
  providers: PaymentProviders,
  payment: PaymentRow,
): Promise<AttemptResult> {
  const provider = providers[payment.provider as 'test' | 'stripe'];
  if (!provider || (payment.status !== 'processing' && payment.status !== 'requires_action')) {
    return attemptAnswer(payment, await orderOf(ctx, payment));
  }
  const request = chargeRequestOf(ctx, payment.id, payment.draft, methodFromRef(provider.name, payment.methodRef));
  let outcome: PaymentOutcome;
  try {
    if (payment.status === 'requires_action') {
      const abandoned = Date.now() - payment.updatedAt.getTime() > reservationSeconds * 1000;
      outcome = await provider.retrieve(request, payment.providerRef);
      if (outcome.status === 'requires_action' && abandoned) {
        if (payment.providerRef) await provider.cancel(payment.providerRef);
        outcome = {
          status: 'failed',
          providerRef: payment.providerRef,
          code: 'authentication_abandoned',
          message: 'The card holder never authenticated the payment',
          card: null,
        };
      }
    } else {
      outcome = await provider.retrieve(request, payment.providerRef);
    }
  } catch (error) {
    ctx.log.warn({ err: error, paymentId: payment.id }, 'provider still unreachable; the attempt stays open');
    return attemptAnswer(payment, await orderOf(ctx, payment));
  }
  return finishAttempt(ctx, payment.id, outcome);
}

export type ReconcileReport = Pick<AttemptResult, 'payment' | 'order'>;

/**
 * The sweep: attempts `processing` for longer than `olderThanSeconds`, `requires_action` ones past the
 * reservation's life, and paid orders whose stock was never committed (inventory was down).
 */
export async function reconcileDuePayments(
  ctx: RequestContext,
  providers: PaymentProviders,
  options: { olderThanSeconds: number },
): Promise<ReconcileReport[]> {
  const seconds = Math.max(0, Math.trunc(options.olderThanSeconds));
  const due = await read(ctx, (tx) =>
    tx
      .select()
      .from(payments)
      .where(
        sql`(${payments.status} = 'processing' and ${payments.updatedAt} < now() - make_interval(secs => ${seconds}))
          or (${payments.status} = 'requires_action' and ${payments.updatedAt} < now() - make_interval(secs => ${reservationSeconds}))`,
      )
      .orderBy(payments.updatedAt)
      .limit(100),
  );
  const report: ReconcileReport[] = [];
  for (const payment of due) {
    const result = await reconcilePayment(ctx, providers, payment);
    report.push({ payment: result.payment, order: result.order });
  }
  const unsold = await read(ctx, (tx) =>
    tx
      .select()
      .from(orders)
      .where(
        and(
          eq(orders.stockState, 'held'),
          inArray(orders.status, ['paid']),
          lt(orders.paidAt, sql`now() - make_interval(secs => ${seconds})`),
        ),
      )
      .limit(100),
  );
  for (const order of unsold)
    await commitOrderStock(ctx, order).catch((error) => ctx.log.error({ err: error }, 'stock commit retry failed'));
  return report;
}

const leaseKey = 'commerce:reconcile-lease';

/**
 * The reconciler's timer rides on traffic: after a checkout, at most once a minute per tenant, it looks
 * for attempts left open (a crash, a lost answer, an abandoned 3-D Secure step) in the background.
 * `reconcilePayments` (orders:write) runs the same sweep on demand, e.g. from a scheduler.
 */
export function scheduleReconcile(ctx: RequestContext, providers: PaymentProviders): void {
  void (async () => {
    if (await ctx.cache.get(leaseKey)) return;
    await ctx.cache.set(leaseKey, true, { ttlSeconds: 60 });
    await reconcileDuePayments(ctx, providers, { olderThanSeconds: 60 });
  })().catch((error: unknown) => ctx.log.error({ err: error }, 'background reconcile failed'));
}
