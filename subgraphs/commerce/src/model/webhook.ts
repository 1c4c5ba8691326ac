import { parseId, type RequestContext, read, tenantDb, type UserError, userError } from '@meridian/kit';
import { and, eq, or } from 'drizzle-orm';
import { CommerceError } from '../commerce.errors.ts';
import { payments, webhookEvents } from '../db/schema.ts';
import {
  InvalidWebhookSignature,
  MalformedWebhook,
  type PaymentProviders,
  type WebhookNotice,
} from '../payments/provider.ts';
import { reconcilePayment } from './reconcile.ts';

export type WebhookPayload = {
  received: boolean;
  duplicate: boolean;
  paymentId: string | null;
  userErrors: UserError[];
};

const paymentEvents = new Set([
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'payment_intent.canceled',
  'payment_intent.requires_action',
]);

/**
 * A provider's webhook (raw body and signature header, from POST /webhooks/<provider> or the mutation). The signature is
 * verified before anything is read; a delivery seen before changes nothing; a payment event makes the
 * reconciler match that payment with the provider's state (so the webhook and the shopper's own
 * request can race and still make one order).
 */
export async function processPaymentWebhook(
  ctx: RequestContext,
  providers: PaymentProviders,
  input: { provider: 'test' | 'stripe'; payload: string | Buffer; signature: string },
): Promise<WebhookPayload> {
  const provider = providers[input.provider];
  const refuse = (field: string, code: string, message: string): WebhookPayload => ({
    received: false,
    duplicate: false,
    paymentId: null,
    userErrors: [userError(['input', field], code, message)],
  });
  if (!provider?.parseWebhook)
    return refuse('provider', CommerceError.PAYMENT_PROVIDER_UNAVAILABLE, `No ${input.provider} webhooks here`);
  let notice: WebhookNotice;
  try {
    notice = provider.parseWebhook(input.payload, input.signature);
  } catch (error) {
    if (error instanceof InvalidWebhookSignature)
      return refuse('signature', CommerceError.INVALID_SIGNATURE, 'The webhook signature does not verify');
    if (error instanceof MalformedWebhook) return refuse('payload', CommerceError.INVALID, error.message);
    throw error;
  }
  const seen = await read(ctx, (tx) =>
    tx
      .select()
      .from(webhookEvents)
      .where(and(eq(webhookEvents.provider, provider.name), eq(webhookEvents.eventId, notice.eventId))),
  );
  if (seen.length > 0) return { received: true, duplicate: true, paymentId: null, userErrors: [] };
  let paymentId: string | null = null;
  if (paymentEvents.has(notice.type) && (notice.providerRef || notice.paymentId)) {
    const byOurId =
      notice.paymentId && parseId('pay', notice.paymentId) ? eq(payments.id, notice.paymentId) : undefined;
    const byRef = notice.providerRef
      ? and(eq(payments.provider, provider.name), eq(payments.providerRef, notice.providerRef))
      : undefined;
    const [payment] = await read(ctx, (tx) => tx.select().from(payments).where(or(byOurId, byRef)));
    if (payment) {
      paymentId = payment.id;
      // Processing first, the mark after: a crash in between makes the provider redeliver, and
      // reconciling is idempotent. A redelivery after the mark finds it and stops above.
      await reconcilePayment(ctx, providers, payment);
    }
  }
  const marked = await tenantDb(ctx).transaction((tx) =>
    tx
      .insert(webhookEvents)
      .values({ provider: provider.name, eventId: notice.eventId, type: notice.type })
      .onConflictDoNothing()
      .returning({ eventId: webhookEvents.eventId }),
  );
  return { received: true, duplicate: marked.length === 0, paymentId, userErrors: [] };
}
