import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { categories } from './category.schema.ts';
import { categoryId, discountId, priceListId, productId, variantId } from './ids.ts';
import { products, productVariants } from './product.schema.ts';

/**
 * A price list: prices in one currency, for everyone or one customer group, within an optional
 * validity window. The precedence between lists is decided by model/price-for.ts alone.
 */
export const priceLists = pgTable(
  'price_lists',
  {
    id: priceListId('id').primaryKey(),
    name: text('name').notNull(),
    currency: text('currency').notNull(),
    /** null: everyone. */
    customerGroup: text('customer_group'),
    priority: integer('priority').notNull().default(0),
    validFrom: timestamp('valid_from', { withTimezone: true }),
    validTo: timestamp('valid_to', { withTimezone: true }),
    active: boolean('active').notNull().default(true),
    /** The list that `prices` on a product write to: one per currency, for everyone, no window. */
    isDefault: boolean('is_default').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('price_lists_default_key').on(t.currency).where(sql`${t.isDefault}`),
    index('price_lists_currency_idx').on(t.currency),
    check(
      'price_lists_window_check',
      sql`${t.validTo} is null or ${t.validFrom} is null or ${t.validTo} > ${t.validFrom}`,
    ),
  ],
);

/** One price of a variant in a list, from `minQuantity` units on (quantity tiers). */
export const prices = pgTable(
  'prices',
  {
    priceListId: priceListId('price_list_id')
      .notNull()
      .references(() => priceLists.id, { onDelete: 'cascade' }),
    variantId: variantId('variant_id')
      .notNull()
      .references(() => productVariants.id, { onDelete: 'cascade' }),
    minQuantity: integer('min_quantity').notNull().default(1),
    /** Minor units of the list's currency. */
    amount: bigint('amount', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.priceListId, t.variantId, t.minQuantity] }),
    index('prices_variant_idx').on(t.variantId),
    check('prices_amount_check', sql`${t.amount} >= 0 and ${t.minQuantity} >= 1`),
  ],
);

/**
 * Search's from-price per product and currency, kept by model/search-prices.ts in the transaction of
 * every price or price-list change: the lowest quantity-1 amount on the active lists for everyone that
 * are valid now. A list window opening or closing changes it without a write, so `staleAt` says when
 * the next boundary passes; until then the row is exact, after it search computes the price live (and a
 * periodic job refreshes the row). No row: no such list has a price for the product in that currency.
 */
export const productSearchPrices = pgTable(
  'product_search_prices',
  {
    productId: productId('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    currency: text('currency').notNull(),
    /** Minor units; null while no list with a price is valid (one will be, at `staleAt`). */
    fromPrice: bigint('from_price', { mode: 'number' }),
    staleAt: timestamp('stale_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.productId, t.currency] }),
    index('product_search_prices_sort_idx').on(t.currency, t.fromPrice, t.productId),
    index('product_search_prices_stale_idx').on(t.staleAt).where(sql`${t.staleAt} is not null`),
  ],
);

export const discountKinds = ['percentage', 'fixed'] as const;
export const discountScopes = ['product', 'category', 'order'] as const;

export const discounts = pgTable(
  'discounts',
  {
    id: discountId('id').primaryKey(),
    title: text('title').notNull(),
    /** null: applied automatically; otherwise only when the shopper enters it (case-insensitive). */
    code: text('code'),
    kind: text('kind', { enum: discountKinds }).notNull(),
    /** Percentage in basis points (1250 = 12.5 %); set when kind = 'percentage'. */
    percentBasisPoints: integer('percent_basis_points'),
    /** Minor units; set with `currency` when kind = 'fixed'. */
    amount: bigint('amount', { mode: 'number' }),
    currency: text('currency'),
    scope: text('scope', { enum: discountScopes }).notNull(),
    customerGroup: text('customer_group'),
    startsAt: timestamp('starts_at', { withTimezone: true }),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    usageLimit: integer('usage_limit'),
    usageCount: integer('usage_count').notNull().default(0),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('discounts_code_key').on(sql`upper(${t.code})`),
    check('discounts_usage_check', sql`${t.usageLimit} is null or ${t.usageCount} <= ${t.usageLimit}`),
    check('discounts_window_check', sql`${t.endsAt} is null or ${t.startsAt} is null or ${t.endsAt} > ${t.startsAt}`),
  ],
);

export const discountProducts = pgTable(
  'discount_products',
  {
    discountId: discountId('discount_id')
      .notNull()
      .references(() => discounts.id, { onDelete: 'cascade' }),
    productId: productId('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.discountId, t.productId] })],
);

export const discountCategories = pgTable(
  'discount_categories',
  {
    discountId: discountId('discount_id')
      .notNull()
      .references(() => discounts.id, { onDelete: 'cascade' }),
    categoryId: categoryId('category_id')
      .notNull()
      .references(() => categories.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.discountId, t.categoryId] })],
);

/** One row per use of a discount; the idempotency key makes a retried redemption count once. */
export const discountRedemptions = pgTable(
  'discount_redemptions',
  {
    discountId: discountId('discount_id')
      .notNull()
      .references(() => discounts.id, { onDelete: 'cascade' }),
    idempotencyKey: text('idempotency_key').notNull(),
    reference: text('reference'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.discountId, t.idempotencyKey] })],
);
