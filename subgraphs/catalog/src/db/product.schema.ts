import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { mediaId, optionId, productId, variantId } from './ids.ts';

export const productStatuses = ['draft', 'active', 'archived'] as const;
export type ProductStatus = (typeof productStatuses)[number];

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** Attribute values by key, e.g. { color: ['red'], material: ['cotton', 'linen'] }. */
export type Attributes = Record<string, string[]>;

export const products = pgTable(
  'products',
  {
    id: productId('id').primaryKey(),
    title: text('title').notNull(),
    slug: text('slug').notNull(),
    /** Sanitised HTML (model/rich-text.ts); never stored as the client sent it. */
    descriptionHtml: text('description_html').notNull().default(''),
    /** The description without markup, for search. */
    descriptionText: text('description_text').notNull().default(''),
    status: text('status', { enum: productStatuses }).notNull().default('draft'),
    seoTitle: text('seo_title'),
    seoDescription: text('seo_description'),
    attributes: jsonb('attributes').$type<Attributes>().notNull().default({}),
    /** SKUs and barcodes of the variants, kept by the model so one index finds a product by them. */
    searchExtra: text('search_extra').notNull().default(''),
    // 'simple': tenants sell in many languages; typo tolerance comes from trigrams, not stemming.
    searchVector: tsvector('search_vector').generatedAlwaysAs(
      sql`setweight(to_tsvector('simple', coalesce(title, '')), 'A') || setweight(to_tsvector('simple', coalesce(search_extra, '')), 'B') || setweight(to_tsvector('simple', coalesce(description_text, '')), 'C')`,
    ),
    /** Denormalised from inventory's stock events: some variant has stock available somewhere. */
    inStock: boolean('in_stock').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('products_slug_key').on(t.slug),
    index('products_status_created_idx').on(t.status, t.createdAt, t.id),
    index('products_title_sort_idx').on(t.status, sql`lower(${t.title})`, t.id),
    index('products_search_idx').using('gin', t.searchVector),
    // Typo tolerance, word by word, over the title and the SKUs (model/search-query.ts spells the same
    // expression, or the index is not used). pg_trgm lives in schema `extensions` (migrations/0000).
    index('products_search_trgm_idx').using(
      'gin',
      sql`(${t.title} || ' ' || ${t.searchExtra}) extensions.gin_trgm_ops`,
    ),
    index('products_attributes_idx').using('gin', t.attributes.op('jsonb_path_ops')),
  ],
);

export const productOptions = pgTable(
  'product_options',
  {
    id: optionId('id').primaryKey(),
    productId: productId('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    position: integer('position').notNull(),
    values: jsonb('values').$type<string[]>().notNull().default([]),
  },
  (t) => [uniqueIndex('product_options_name_key').on(t.productId, sql`lower(${t.name})`)],
);

export type OptionValue = { name: string; value: string };

export const productVariants = pgTable(
  'product_variants',
  {
    id: variantId('id').primaryKey(),
    productId: productId('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    sku: text('sku').notNull(),
    barcode: text('barcode'),
    title: text('title').notNull(),
    optionValues: jsonb('option_values').$type<OptionValue[]>().notNull().default([]),
    position: integer('position').notNull(),
    weightGrams: integer('weight_grams'),
    lengthMm: integer('length_mm'),
    widthMm: integer('width_mm'),
    heightMm: integer('height_mm'),
    /** Sum of `available` over warehouses, from inventory's stock events (variant_stock). */
    available: integer('available').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // SKUs are compared case-insensitively: "abc-1" and "ABC-1" are the same article.
    uniqueIndex('product_variants_sku_key').on(sql`lower(${t.sku})`),
    index('product_variants_product_idx').on(t.productId, t.position),
    check(
      'product_variants_measures_check',
      sql`coalesce(${t.weightGrams}, 0) >= 0 and coalesce(${t.lengthMm}, 0) >= 0 and coalesce(${t.widthMm}, 0) >= 0 and coalesce(${t.heightMm}, 0) >= 0`,
    ),
  ],
);

export const productMedia = pgTable(
  'product_media',
  {
    id: mediaId('id').primaryKey(),
    productId: productId('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    alt: text('alt').notNull().default(''),
    position: integer('position').notNull(),
  },
  (t) => [index('product_media_product_idx').on(t.productId, t.position)],
);

/**
 * Stock available per variant and warehouse as inventory last reported it (`inventory.stock-changed`).
 * `lastEventId` orders the reports: an older event arriving late never overwrites a newer one.
 */
export const variantStock = pgTable(
  'variant_stock',
  {
    variantId: variantId('variant_id')
      .notNull()
      .references(() => productVariants.id, { onDelete: 'cascade' }),
    warehouseId: text('warehouse_id').notNull(),
    available: integer('available').notNull(),
    lastEventId: text('last_event_id').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.variantId, t.warehouseId] })],
);
