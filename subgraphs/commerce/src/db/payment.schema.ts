import { sql } from 'drizzle-orm';
import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { cartId, orderId, paymentId, refundId, returnId } from './ids.ts';
import type { NextAction, OrderDraft, QuantityLine } from './types.ts';

export const paymentStatuses = ['processing', 'requires_action', 'succeeded', 'failed', 'cancelled'] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];

/**
 * A payment attempt, recorded BEFORE the provider is called (status `processing`, with the order draft),
 * so a crash between the provider's answer and the order's commit is found and finished by the
 * reconciler. One attempt per checkout idempotency key; at most one live attempt per cart.
 */
export const payments = pgTable(
  'commerce_payments',
  {
    id: paymentId('id').primaryKey(),
    orderId: orderId('order_id'),
    cartId: cartId('cart_id').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    provider: text('provider').notNull(),
    /** The provider's id (Stripe: the PaymentIntent `pi_…`). */
    providerRef: text('provider_ref'),
    status: text('status', { enum: paymentStatuses }).notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    refundedAmount: bigint('refunded_amount', { mode: 'number' }).notNull().default(0),
    /** What to charge again with the same provider idempotency key (a test card number, a Stripe `pm_…`). */
    methodRef: text('method_ref'),
    cardBrand: text('card_brand'),
    cardLast4: text('card_last4'),
    failureCode: text('failure_code'),
    failureMessage: text('failure_message'),
    nextAction: jsonb('next_action').$type<NextAction>(),
    draft: jsonb('draft').$type<OrderDraft>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('commerce_payments_idempotency_key').on(t.idempotencyKey),
    uniqueIndex('commerce_payments_provider_ref_key').on(t.provider, t.providerRef),
    // A cart pays once: a second live attempt (another tab, another key) is refused by the database.
    uniqueIndex('commerce_payments_live_cart_key')
      .on(t.cartId)
      .where(sql`${t.status} in ('processing', 'requires_action', 'succeeded')`),
    index('commerce_payments_status_idx').on(t.status, t.updatedAt),
    index('commerce_payments_order_idx').on(t.orderId),
  ],
);

export const refundStatuses = ['pending', 'succeeded', 'failed'] as const;

/** Money given back through the provider, for lines and/or shipping or a plain amount. */
export const refunds = pgTable(
  'commerce_refunds',
  {
    id: refundId('id').primaryKey(),
    orderId: orderId('order_id').notNull(),
    paymentId: paymentId('payment_id').notNull(),
    returnId: returnId('return_id'),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    shippingAmount: bigint('shipping_amount', { mode: 'number' }).notNull().default(0),
    lines: jsonb('lines').$type<QuantityLine[]>().notNull(),
    reason: text('reason'),
    status: text('status', { enum: refundStatuses }).notNull(),
    providerRef: text('provider_ref'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('commerce_refunds_order_idx').on(t.orderId)],
);

/** Provider webhook deliveries already handled: a replay finds its id here and changes nothing. */
export const webhookEvents = pgTable(
  'commerce_webhook_events',
  {
    provider: text('provider').notNull(),
    eventId: text('event_id').notNull(),
    type: text('type').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.eventId] })],
);
