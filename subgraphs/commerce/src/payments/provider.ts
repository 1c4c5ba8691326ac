import type { NextAction } from '../db/types.ts';

/** How the shopper pays: a test card (test provider) or a provider token (Stripe: a PaymentMethod `pm_…`). */
export interface PaymentMethodInput {
  card?: { number: string; expMonth: number; expYear: number; cvc: string } | null;
  paymentMethodId?: string | null;
}

export interface ChargeRequest {
  /** Our payment id (`pay_…`): the provider's idempotency key, so a repeated call charges once. */
  paymentId: string;
  amount: number;
  currency: string;
  method: PaymentMethodInput;
  email: string;
  description: string;
  metadata: Record<string, string>;
}

export interface CardSummary {
  brand: string;
  last4: string;
}

export type PaymentOutcome =
  | { status: 'succeeded'; providerRef: string; card: CardSummary | null }
  | { status: 'requires_action'; providerRef: string; nextAction: NextAction; card: CardSummary | null }
  | { status: 'failed'; providerRef: string | null; code: string; message: string; card: CardSummary | null };

export interface RefundRequest {
  /** Our refund id (`rfd_…`): the provider's idempotency key. */
  refundId: string;
  providerRef: string;
  amount: number;
  currency: string;
}

export interface RefundOutcome {
  status: 'succeeded' | 'pending' | 'failed';
  providerRef: string | null;
  message: string | null;
}

/** A provider's webhook, verified: what happened to which payment. */
export interface WebhookNotice {
  eventId: string;
  type: string;
  /** The provider's payment id the event is about (Stripe: the PaymentIntent), when it is about one. */
  providerRef: string | null;
  /** Our payment id, when the provider echoes our metadata. */
  paymentId: string | null;
}

/** The webhook's signature does not verify: the payload is refused, nothing is read from it. */
export class InvalidWebhookSignature extends Error {
  override name = 'InvalidWebhookSignature';
}

/** The signature verifies but the payload is not an event we can read (not JSON, no id or type). */
export class MalformedWebhook extends Error {
  override name = 'MalformedWebhook';
}

/**
 * What checkout needs from a payment provider. `charge` may throw when the outcome is unknown (network
 * failure, timeout): the attempt then stays `processing` and the reconciler asks again with `retrieve`,
 * which must be safe to call any number of times (same idempotency key, same answer).
 */
export interface PaymentProvider {
  readonly name: 'test' | 'stripe';
  /** Refuses a malformed method before anything is written (field paths under `payment`). */
  checkMethod(method: PaymentMethodInput): { field: string[]; code: string; message: string }[];
  /** What to store to charge again with the same idempotency key. */
  methodRef(method: PaymentMethodInput): string | null;
  charge(request: ChargeRequest): Promise<PaymentOutcome>;
  /** After the shopper's extra step (3-D Secure). `authentication` drives the test provider only. */
  confirm(providerRef: string, options: { authentication?: 'succeed' | 'fail' | null }): Promise<PaymentOutcome>;
  /** The current outcome of an attempt whose answer was lost (`providerRef` null: never heard back). */
  retrieve(request: ChargeRequest, providerRef: string | null): Promise<PaymentOutcome>;
  cancel(providerRef: string): Promise<void>;
  refund(request: RefundRequest): Promise<RefundOutcome>;
  /** Verifies and reads a webhook (the exact bytes received); throws InvalidWebhookSignature or MalformedWebhook. */
  parseWebhook?(payload: string | Buffer, signature: string): WebhookNotice;
}

export type PaymentProviders = Partial<Record<'test' | 'stripe', PaymentProvider>>;

/** The method to charge again with, from what `methodRef` stored (only ever a test number or a token). */
export function methodFromRef(provider: 'test' | 'stripe', ref: string | null): PaymentMethodInput {
  if (provider === 'stripe') return { paymentMethodId: ref };
  return { card: { number: ref ?? '', expMonth: 12, expYear: 2099, cvc: '000' } };
}
