import { parseId, type RequestContext, read, type UserError, userError } from '@meridian/kit';
import { eq } from 'drizzle-orm';
import { CommerceError } from '../commerce.errors.ts';
import { orders, payments } from '../db/schema.ts';
import type { PaymentOutcome, PaymentProviders } from '../payments/provider.ts';
import { canWriteOrders, shopperIdOf } from './actor.ts';
import { loadCart } from './cart-store.ts';
import type { OrderRow } from './order-store.ts';
import { markVisible } from './payment-attempt.ts';
import type { PaymentRow } from './payment-outcome.ts';
import { attemptAnswer, finishAttempt } from './payment-outcome.ts';

/**
 * After the shopper's extra step (3-D Secure): asks the provider how it ended and pays (or cancels) the
 * pending order. The shopper proves it is theirs with the cart token (guests) or by being its customer.
 */
export async function confirmOrderPayment(
  ctx: RequestContext,
  providers: PaymentProviders,
  input: { orderId: string; cartId?: string | null; testAuthentication?: 'succeed' | 'fail' | null },
): Promise<{ order: OrderRow | null; payment: PaymentRow | null; userErrors: UserError[] }> {
  const notFound = {
    order: null,
    payment: null,
    userErrors: [userError(['input', 'orderId'], CommerceError.NOT_FOUND, 'Order not found')],
  };
  if (!parseId('ord', input.orderId)) return notFound;
  const [payment] = await read(ctx, (tx) => tx.select().from(payments).where(eq(payments.orderId, input.orderId)));
  if (!payment) return notFound;
  const owner = payment.draft.customerId !== null && payment.draft.customerId === shopperIdOf(ctx);
  const holder = input.cartId
    ? await read(ctx, (tx) => loadCart(tx, ctx, input.cartId as string, { write: false }))
    : null;
  if (!owner && !canWriteOrders(ctx) && holder?.row.id !== payment.cartId) return notFound;
  markVisible(ctx, input.orderId);
  const provider = providers[payment.provider as 'test' | 'stripe'];
  if (payment.status !== 'requires_action' || !provider || !payment.providerRef) {
    const [order] = await read(ctx, (tx) => tx.select().from(orders).where(eq(orders.id, input.orderId)));
    return attemptAnswer(payment, order ?? null);
  }
  let outcome: PaymentOutcome;
  try {
    outcome = await provider.confirm(payment.providerRef, { authentication: input.testAuthentication ?? null });
  } catch (error) {
    ctx.log.warn({ err: error }, 'confirmation failed at the provider');
    return {
      order: null,
      payment,
      userErrors: [
        userError(null, CommerceError.PAYMENT_UNCONFIRMED, 'The payment could not be confirmed yet; try again'),
      ],
    };
  }
  return finishAttempt(ctx, payment.id, outcome);
}
