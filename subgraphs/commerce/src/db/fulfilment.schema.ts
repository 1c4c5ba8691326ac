import { boolean, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { orderId, refundId, returnId, shipmentId, userId } from './ids.ts';
import type { QuantityLine } from './types.ts';

export const shipmentStatuses = ['pending', 'shipped', 'delivered'] as const;
export type ShipmentStatus = (typeof shipmentStatuses)[number];

/** A parcel: which order lines (and how many units) it carries, and how it travels. */
export const shipments = pgTable(
  'commerce_shipments',
  {
    id: shipmentId('id').primaryKey(),
    orderId: orderId('order_id').notNull(),
    status: text('status', { enum: shipmentStatuses }).notNull().default('pending'),
    carrier: text('carrier'),
    trackingNumber: text('tracking_number'),
    trackingUrl: text('tracking_url'),
    lines: jsonb('lines').$type<QuantityLine[]>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    shippedAt: timestamp('shipped_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [index('commerce_shipments_order_idx').on(t.orderId)],
);

export const returnStatuses = ['requested', 'approved', 'rejected', 'received'] as const;
export type ReturnStatus = (typeof returnStatuses)[number];

export interface ReturnLine extends QuantityLine {
  reason: string | null;
}

/** A return (RMA): requested by the customer or staff, approved, then received (restocked, refunded). */
export const returns = pgTable(
  'commerce_returns',
  {
    id: returnId('id').primaryKey(),
    orderId: orderId('order_id').notNull(),
    customerId: userId('customer_id'),
    status: text('status', { enum: returnStatuses }).notNull().default('requested'),
    lines: jsonb('lines').$type<ReturnLine[]>().notNull(),
    note: text('note'),
    rejectReason: text('reject_reason'),
    restocked: boolean('restocked').notNull().default(false),
    refundId: refundId('refund_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    receivedAt: timestamp('received_at', { withTimezone: true }),
  },
  (t) => [index('commerce_returns_order_idx').on(t.orderId), index('commerce_returns_status_idx').on(t.status)],
);
