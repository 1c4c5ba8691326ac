import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { cartId, cartLineId, orderId, productId, shippingMethodId, userId, variantId } from './ids.ts';
import type { Address, CartPricing } from './types.ts';

export const cartStatuses = ['open', 'merged', 'completed'] as const;

/**
 * A shopper's cart: a guest's (reachable with its token, `crt_….<key>`, whose key is stored hashed) or a
 * signed-in customer's (reachable by its owner). The checkout fields live on the cart (as in Shopify's
 * Cart API): email, addresses, shipping method, discount code. `pricing` is the last repricing.
 */
export const carts = pgTable(
  'commerce_carts',
  {
    id: cartId('id').primaryKey(),
    /** sha256 of the guest key, hex. */
    keyHash: text('key_hash').notNull(),
    customerId: userId('customer_id'),
    status: text('status', { enum: cartStatuses }).notNull().default('open'),
    currency: text('currency').notNull(),
    email: text('email'),
    discountCode: text('discount_code'),
    shippingAddress: jsonb('shipping_address').$type<Address>(),
    billingAddress: jsonb('billing_address').$type<Address>(),
    shippingMethodId: shippingMethodId('shipping_method_id'),
    pricing: jsonb('pricing').$type<CartPricing>(),
    orderId: orderId('order_id'),
    mergedInto: cartId('merged_into'),
    /** Moves on every change: a writer that priced an older version starts over (optimistic locking). */
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('commerce_carts_customer_idx').on(t.customerId, t.status),
    index('commerce_carts_updated_idx').on(t.updatedAt),
  ],
);

/** One variant in a cart, with the price the last repricing gave it. */
export const cartLines = pgTable(
  'commerce_cart_lines',
  {
    id: cartLineId('id').primaryKey(),
    cartId: cartId('cart_id')
      .notNull()
      .references(() => carts.id, { onDelete: 'cascade' }),
    variantId: variantId('variant_id').notNull(),
    productId: productId('product_id'),
    sku: text('sku').notNull().default(''),
    title: text('title').notNull().default(''),
    quantity: integer('quantity').notNull(),
    unitListPrice: bigint('unit_list_price', { mode: 'number' }),
    unitPrice: bigint('unit_price', { mode: 'number' }),
    lineTotal: bigint('line_total', { mode: 'number' }),
    discountId: text('discount_id'),
    weightGrams: integer('weight_grams').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('commerce_cart_lines_variant_key').on(t.cartId, t.variantId),
    check('commerce_cart_lines_quantity_check', sql`${t.quantity} > 0`),
  ],
);
