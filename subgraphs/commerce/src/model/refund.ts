import {
  divideRounded,
  mutate,
  newId,
  Problems,
  parseDecimal,
  parseId,
  previousResult,
  publishEvent,
  type RequestContext,
  recordAudit,
  recordIdempotentResult,
  refuse,
  reject,
  tenantDb,
  type UserError,
  userError,
} from '@meridian/kit';
import { and, eq, sql } from 'drizzle-orm';
import { CommerceError } from '../commerce.errors.ts';
import { orderLines, orders, payments, refunds } from '../db/schema.ts';
import type { QuantityLine } from '../db/types.ts';
import { orderRefunded } from '../events.ts';
import type { PaymentProviders, RefundOutcome } from '../payments/provider.ts';
import { factsOf, nextStatus } from './order-state.ts';
import {
  lockOrder,
  type OrderLineRow,
  type OrderRow,
  orderPayload,
  type RefundRow,
  shipmentsOfOrders,
} from './order-store.ts';
import { addTimeline } from './timeline.ts';
import { checkIdempotencyKey, checkQuantity, checkText } from './validate.ts';

export interface RefundInput {
  orderId: string;
  lines?: QuantityLine[] | null;
  /** Give back what is left of the shipping charge. */
  includeShipping?: boolean | null;
  /** A plain amount instead of the computed one (decimal in the order's currency). */
  amount?: string | null;
  reason?: string | null;
  idempotencyKey?: string | null;
}

export type RefundPayload = { refund: RefundRow | null; order: OrderRow | null; userErrors: UserError[] };

/** Part of a line's amount for `quantity` more units after `before`: telescoping, so all units give exactly the whole. */
function shareOf(whole: number, units: number, before: number, quantity: number): number {
  const upTo = (n: number) => Number(divideRounded(BigInt(whole) * BigInt(n), BigInt(units)));
  return upTo(before + quantity) - upTo(before);
}

/** Shipping charged, as the shopper paid it (with its tax when prices exclude tax). */
const shippingCharged = (order: OrderRow) =>
  order.shippingTotal + (order.pricesIncludeTax ? 0 : order.shipping.taxAmount);

/**
 * Money back through the provider. The refund is claimed first (pending, counted against what is left
 * to refund, under the order's lock), then the provider is asked with the refund id as idempotency key,
 * then the order is updated: so two refunds can never together exceed the payment.
 */
export async function refundOrder(
  ctx: RequestContext,
  providers: PaymentProviders,
  input: RefundInput,
  options: { returnId?: string } = {},
): Promise<RefundPayload> {
  const problems = new Problems();
  if (!parseId('ord', input.orderId)) problems.add(['orderId'], CommerceError.NOT_FOUND, 'Order not found');
  const key = checkIdempotencyKey(problems, ['idempotencyKey'], input.idempotencyKey);
  const reason = checkText(problems, ['reason'], input.reason, { max: 500 });
  input.lines?.forEach((l, i) => {
    if (!parseId('oli', l.lineId))
      problems.add(['lines', i, 'lineId'], CommerceError.NOT_FOUND, 'Order line not found');
    checkQuantity(problems, ['lines', i, 'quantity'], l.quantity);
  });
  if (!input.lines?.length && !input.includeShipping && !input.amount) {
    problems.add(['lines'], CommerceError.REQUIRED, 'Name lines, shipping or an amount to refund');
  }
  if (!problems.ok) return { refund: null, order: null, userErrors: problems.list };

  const claimed = await mutate<RefundPayload & { providerRef?: string; provider?: string; fresh?: boolean }>(
    ctx,
    { refund: null, order: null },
    async (tx) => {
      const previous = await previousResult(tx, 'refundOrder', key);
      if (previous) {
        const [refund] = await tx.select().from(refunds).where(eq(refunds.id, previous));
        const [order] = await tx.select().from(orders).where(eq(orders.id, input.orderId));
        return { refund: refund ?? null, order: order ?? null, userErrors: [] };
      }
      const locked = await lockOrder(tx, input.orderId);
      if (!locked) refuse(['orderId'], CommerceError.NOT_FOUND, 'Order not found');
      const { order, lines } = locked;
      const [payment] = await tx
        .select()
        .from(payments)
        .where(and(eq(payments.orderId, order.id), eq(payments.status, 'succeeded')));
      if (!payment?.providerRef)
        refuse(['orderId'], CommerceError.INVALID_TRANSITION, 'Nothing was paid for this order');
      const [pending] = await tx
        .select({ sum: sql<string>`coalesce(sum(${refunds.amount}), 0)` })
        .from(refunds)
        .where(and(eq(refunds.orderId, order.id), eq(refunds.status, 'pending')));
      const [given] = await tx
        .select({ shipping: sql<string>`coalesce(sum(${refunds.shippingAmount}), 0)` })
        .from(refunds)
        .where(and(eq(refunds.orderId, order.id), sql`${refunds.status} <> 'failed'`));
      const lineProblems = new Problems();
      let computed = 0;
      const counted = new Map<string, number>();
      for (const [i, wanted] of (input.lines ?? []).entries()) {
        const line = lines.find((l) => l.id === wanted.lineId);
        const already = (line?.refundedQuantity ?? 0) + (counted.get(wanted.lineId) ?? 0);
        if (!line) lineProblems.add(['lines', i, 'lineId'], CommerceError.NOT_FOUND, 'Order line not found');
        else if (already + wanted.quantity > line.quantity) {
          lineProblems.add(
            ['lines', i, 'quantity'],
            CommerceError.EXCEEDS_QUANTITY,
            `Only ${line.quantity - already} unit(s) left to refund`,
          );
        } else {
          computed += shareOf(line.grossAmount, line.quantity, already, wanted.quantity);
          counted.set(wanted.lineId, (counted.get(wanted.lineId) ?? 0) + wanted.quantity);
        }
      }
      if (!lineProblems.ok) reject(lineProblems);
      const shippingAmount = input.includeShipping
        ? Math.max(0, shippingCharged(order) - Number(given?.shipping ?? 0))
        : 0;
      computed += shippingAmount;
      let amount = computed;
      if (input.amount) {
        try {
          amount = parseDecimal(input.amount, order.currency, 'amount').amount;
        } catch {
          refuse(['amount'], CommerceError.INVALID_AMOUNT, `An amount in ${order.currency}`);
        }
      }
      const left = order.total - order.refundedTotal - Number(pending?.sum ?? 0);
      if (amount <= 0) refuse(['amount'], CommerceError.INVALID_AMOUNT, 'Nothing to refund');
      if (amount > left)
        refuse(['amount'], CommerceError.REFUND_EXCEEDS_PAYMENT, `At most ${left} (minor units) can still be refunded`);
      const check = nextStatus(
        order.status,
        'refund',
        factsOf(lines, await shipmentsOfOrders(tx, [order.id]), {
          refundedTotal: order.refundedTotal + amount,
          total: order.total,
        }),
      );
      if (!check.ok) refuse(['orderId'], CommerceError.INVALID_TRANSITION, check.message);
      const [refund] = await tx
        .insert(refunds)
        .values({
          id: newId('rfd'),
          orderId: order.id,
          paymentId: payment.id,
          returnId: options.returnId ?? null,
          amount,
          currency: order.currency,
          shippingAmount,
          lines: [...counted].map(([lineId, quantity]) => ({ lineId, quantity })),
          reason,
          status: 'pending',
        })
        .returning();
      if (!refund) throw new Error('refund insert returned nothing');
      await recordIdempotentResult(tx, 'refundOrder', key, refund.id);
      return {
        refund,
        order,
        userErrors: [],
        providerRef: payment.providerRef,
        provider: payment.provider,
        fresh: true,
      };
    },
  );
  if (!claimed.fresh || !claimed.refund)
    return { refund: claimed.refund, order: claimed.order, userErrors: claimed.userErrors };
  const refund = claimed.refund;
  const provider = providers[claimed.provider as 'test' | 'stripe'];
  let outcome: RefundOutcome;
  try {
    if (!provider) throw new Error(`provider ${claimed.provider} is not configured`);
    outcome = await provider.refund({
      refundId: refund.id,
      providerRef: claimed.providerRef as string,
      amount: refund.amount,
      currency: refund.currency,
    });
  } catch (error) {
    ctx.log.error({ err: error, refundId: refund.id }, 'refund failed at the provider');
    outcome = {
      status: 'failed',
      providerRef: null,
      message: error instanceof Error ? error.message : 'provider error',
    };
  }
  return applyRefundOutcome(ctx, refund, outcome);
}

async function applyRefundOutcome(
  ctx: RequestContext,
  refund: RefundRow,
  outcome: RefundOutcome,
): Promise<RefundPayload> {
  return tenantDb(ctx).transaction(async (tx) => {
    const locked = await lockOrder(tx, refund.orderId);
    if (!locked) throw new Error(`order ${refund.orderId} vanished`);
    const { order, lines } = locked;
    if (outcome.status === 'failed') {
      const [failed] = await tx
        .update(refunds)
        .set({ status: 'failed', providerRef: outcome.providerRef })
        .where(eq(refunds.id, refund.id))
        .returning();
      await addTimeline(
        tx,
        ctx,
        order.id,
        'refund_failed',
        `Refund of ${refund.amount} ${refund.currency} failed: ${outcome.message ?? 'unknown'}`,
        { refundId: refund.id },
      );
      return {
        refund: failed ?? refund,
        order,
        userErrors: [
          userError(
            null,
            CommerceError.PAYMENT_FAILED,
            `The provider refused the refund: ${outcome.message ?? 'unknown'}`,
          ),
        ],
      };
    }
    const refundedTotal = order.refundedTotal + refund.amount;
    const after: OrderLineRow[] = lines.map((l) => ({
      ...l,
      refundedQuantity: l.refundedQuantity + (refund.lines.find((r) => r.lineId === l.id)?.quantity ?? 0),
    }));
    const result = nextStatus(
      order.status,
      'refund',
      factsOf(after, await shipmentsOfOrders(tx, [order.id]), { refundedTotal, total: order.total }),
    );
    const status = result.ok ? result.status : order.status;
    for (const line of refund.lines) {
      await tx
        .update(orderLines)
        .set({ refundedQuantity: sql`${orderLines.refundedQuantity} + ${line.quantity}` })
        .where(eq(orderLines.id, line.lineId));
    }
    const [updated] = await tx
      .update(orders)
      .set({ refundedTotal, status, updatedAt: new Date() })
      .where(eq(orders.id, order.id))
      .returning();
    const [done] = await tx
      .update(refunds)
      .set({ status: outcome.status, providerRef: outcome.providerRef })
      .where(eq(refunds.id, refund.id))
      .returning();
    await tx
      .update(payments)
      .set({ refundedAmount: sql`${payments.refundedAmount} + ${refund.amount}`, updatedAt: new Date() })
      .where(eq(payments.id, refund.paymentId));
    await addTimeline(
      tx,
      ctx,
      order.id,
      'refunded',
      `Refunded ${refund.amount} ${refund.currency}${refund.reason ? `: ${refund.reason}` : ''}`,
      { refundId: refund.id },
    );
    await publishEvent(
      tx,
      orderRefunded.create(
        {
          ...orderPayload(updated ?? order, after),
          refund: {
            refundId: refund.id,
            paymentId: refund.paymentId,
            amount: refund.amount,
            shippingAmount: refund.shippingAmount,
            reason: refund.reason,
            returnId: refund.returnId,
            lines: refund.lines.map((r) => {
              const line = lines.find((l) => l.id === r.lineId) as OrderLineRow;
              return {
                lineId: r.lineId,
                variantId: line.variantId,
                sku: line.sku,
                quantity: r.quantity,
                amount: shareOf(line.grossAmount, line.quantity, line.refundedQuantity, r.quantity),
                taxAmount: shareOf(line.taxAmount, line.quantity, line.refundedQuantity, r.quantity),
              };
            }),
          },
        },
        { key: order.id },
      ),
    );
    await recordAudit(tx, ctx, {
      action: 'order.refund',
      entityType: 'Order',
      entityId: order.id,
      after: { refundId: refund.id, amount: refund.amount, status },
    });
    return { refund: done ?? refund, order: updated ?? order, userErrors: [] };
  });
}
