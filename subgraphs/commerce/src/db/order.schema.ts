import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { cartId, orderEventId, orderId, orderLineId, productId, reservationId, userId, variantId } from './ids.ts';
import type { Address, AppliedTax, ChosenShipping, StockAllocation } from './types.ts';

export const orderStatuses = [
  'pending',
  'paid',
  'partially_fulfilled',
  'fulfilled',
  'shipped',
  'delivered',
  'cancelled',
  'partially_refunded',
  'refunded',
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

/** Where the order's stock stands in inventory. */
export const stockStates = ['held', 'committed', 'released', 'restocked', 'failed'] as const;
export type StockState = (typeof stockStates)[number];

/** Per-tenant order numbers: one row, moved by `UPDATE … RETURNING` (unique; gaps allowed). */
export const orderNumbers = pgTable(
  'commerce_order_numbers',
  {
    id: integer('id').primaryKey().default(1),
    last: integer('last').notNull(),
  },
  (t) => [check('commerce_order_numbers_singleton_check', sql`${t.id} = 1`)],
);

/**
 * An order: the ULID (`ord_…`) plus the shop's number (#1001). Money in minor units of `currency`; the
 * addresses, shipping method and taxes are snapshots taken at checkout.
 */
export const orders = pgTable(
  'commerce_orders',
  {
    id: orderId('id').primaryKey(),
    number: integer('number').notNull(),
    status: text('status', { enum: orderStatuses }).notNull(),
    cartId: cartId('cart_id'),
    customerId: userId('customer_id'),
    email: text('email').notNull(),
    currency: text('currency').notNull(),
    pricesIncludeTax: boolean('prices_include_tax').notNull(),
    subtotal: bigint('subtotal', { mode: 'number' }).notNull(),
    discountTotal: bigint('discount_total', { mode: 'number' }).notNull(),
    shippingTotal: bigint('shipping_total', { mode: 'number' }).notNull(),
    taxTotal: bigint('tax_total', { mode: 'number' }).notNull(),
    total: bigint('total', { mode: 'number' }).notNull(),
    refundedTotal: bigint('refunded_total', { mode: 'number' }).notNull().default(0),
    discountCode: text('discount_code'),
    discountId: text('discount_id'),
    shippingAddress: jsonb('shipping_address').$type<Address>().notNull(),
    billingAddress: jsonb('billing_address').$type<Address>(),
    shipping: jsonb('shipping').$type<ChosenShipping>().notNull(),
    taxLines: jsonb('tax_lines').$type<AppliedTax[]>().notNull(),
    reservationId: reservationId('reservation_id'),
    stockState: text('stock_state', { enum: stockStates }).notNull().default('held'),
    allocation: jsonb('allocation').$type<StockAllocation[]>().notNull(),
    cancelReason: text('cancel_reason'),
    placedAt: timestamp('placed_at', { withTimezone: true }).notNull().defaultNow(),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('commerce_orders_number_key').on(t.number),
    index('commerce_orders_customer_idx').on(t.customerId, t.id),
    index('commerce_orders_status_idx').on(t.status, t.id),
    index('commerce_orders_email_idx').on(sql`lower(${t.email})`),
    check('commerce_orders_refund_check', sql`${t.refundedTotal} >= 0 and ${t.refundedTotal} <= ${t.total}`),
  ],
);

export const orderLines = pgTable(
  'commerce_order_lines',
  {
    id: orderLineId('id').primaryKey(),
    orderId: orderId('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    lineNo: integer('line_no').notNull(),
    variantId: variantId('variant_id').notNull(),
    productId: productId('product_id'),
    sku: text('sku').notNull(),
    title: text('title').notNull(),
    quantity: integer('quantity').notNull(),
    unitListPrice: bigint('unit_list_price', { mode: 'number' }).notNull(),
    unitPrice: bigint('unit_price', { mode: 'number' }).notNull(),
    lineDiscount: bigint('line_discount', { mode: 'number' }).notNull(),
    orderDiscount: bigint('order_discount', { mode: 'number' }).notNull(),
    netAmount: bigint('net_amount', { mode: 'number' }).notNull(),
    taxAmount: bigint('tax_amount', { mode: 'number' }).notNull(),
    grossAmount: bigint('gross_amount', { mode: 'number' }).notNull(),
    taxes: jsonb('taxes').$type<AppliedTax[]>().notNull(),
    taxClassId: text('tax_class_id'),
    weightGrams: integer('weight_grams').notNull().default(0),
    fulfilledQuantity: integer('fulfilled_quantity').notNull().default(0),
    refundedQuantity: integer('refunded_quantity').notNull().default(0),
    returnedQuantity: integer('returned_quantity').notNull().default(0),
  },
  (t) => [
    uniqueIndex('commerce_order_lines_order_key').on(t.orderId, t.lineNo),
    check(
      'commerce_order_lines_quantity_check',
      sql`${t.quantity} > 0 and ${t.fulfilledQuantity} between 0 and ${t.quantity}
        and ${t.refundedQuantity} between 0 and ${t.quantity} and ${t.returnedQuantity} between 0 and ${t.quantity}`,
    ),
  ],
);

/** The order's timeline: what happened, who did it, when. Append-only. */
export const orderEvents = pgTable(
  'commerce_order_events',
  {
    id: orderEventId('id').primaryKey(),
    orderId: orderId('order_id')
      .notNull()
      .references(() => orders.id),
    kind: text('kind').notNull(),
    message: text('message').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>(),
    actorKind: text('actor_kind').notNull(),
    actorId: text('actor_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('commerce_order_events_order_idx').on(t.orderId, t.id)],
);
