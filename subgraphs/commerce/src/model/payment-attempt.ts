import type { Problems, RequestContext } from '@meridian/kit';
import { read } from '@meridian/kit';
import { eq } from 'drizzle-orm';
import { CommerceError } from '../commerce.errors.ts';
import { payments } from '../db/schema.ts';
import type { OrderDraft } from '../db/types.ts';
import type { ChargeRequest, PaymentMethodInput, PaymentProvider, PaymentProviders } from '../payments/provider.ts';
import { type AttemptResult, attemptAnswer, finishAttempt, type PaymentRow } from './payment-outcome.ts';

/** The provider the shopper chose, if this installation offers it. */
export function providerFor(
  _ctx: RequestContext,
  providers: PaymentProviders,
  name: 'test' | 'stripe',
  problems: Problems,
): PaymentProvider | null {
  const provider = providers[name];
  if (!provider) {
    problems.add(
      ['payment', 'provider'],
      CommerceError.PAYMENT_PROVIDER_UNAVAILABLE,
      `Payments with ${name} are not available here`,
    );
    return null;
  }
  return provider;
}

export function chargeRequestOf(
  ctx: RequestContext,
  paymentId: string,
  draft: OrderDraft,
  method: PaymentMethodInput,
): ChargeRequest {
  return {
    paymentId,
    amount: draft.total,
    currency: draft.currency,
    method,
    email: draft.email,
    description: `Order from cart ${draft.cartId}`,
    metadata: { paymentId, tenantId: ctx.tenant?.id ?? '', cartId: draft.cartId },
  };
}

/**
 * Charges and applies the answer. When the provider's answer is lost (it threw: network, timeout), the
 * attempt stays `processing` with its stock held: the reconciler (or a retry with the same key) asks the
 * provider again and finishes it, so a crash here never loses a payment nor charges twice.
 */
export async function settleAttempt(
  ctx: RequestContext,
  provider: PaymentProvider,
  paymentId: string,
  request: ChargeRequest,
  orderNumber: number,
): Promise<AttemptResult> {
  let outcome: Awaited<ReturnType<PaymentProvider['charge']>>;
  try {
    outcome = await provider.charge(request);
  } catch (error) {
    ctx.log.warn({ err: error, paymentId }, 'payment outcome unknown; left to the reconciler');
    const [payment] = await read(ctx, (tx) => tx.select().from(payments).where(eq(payments.id, paymentId)));
    return attemptAnswer(payment as PaymentRow, null);
  }
  const result = await finishAttempt(ctx, paymentId, outcome, { orderNumber });
  if (result.order) markVisible(ctx, result.order.id);
  return result;
}

/** Orders this request placed or confirmed: their shopper may read them in the answer even as a guest. */
export function markVisible(ctx: RequestContext, orderId: string): void {
  let visible = ctx.loaders.get(visibleKey) as Set<string> | undefined;
  if (!visible) {
    visible = new Set();
    ctx.loaders.set(visibleKey, visible);
  }
  visible.add(orderId);
}

export const visibleKey = 'commerce:visible-orders';

/** The attempt another request is making with this key, once it is decided (or after 10 s, as it is). */
export async function waitForAttempt(ctx: RequestContext, key: string): Promise<PaymentRow> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const [payment] = await read(ctx, (tx) => tx.select().from(payments).where(eq(payments.idempotencyKey, key)));
    if (!payment) throw new Error(`payment attempt ${key} vanished`);
    if (payment.status !== 'processing' || Date.now() > deadline) return payment;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Long enough for a shopper's 3-D Secure step; the reconciler gives up on abandoned ones after it. */
export const reservationSeconds = 1800;
