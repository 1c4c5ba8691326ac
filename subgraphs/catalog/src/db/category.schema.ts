import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { categoryId, collectionId, productId } from './ids.ts';
import { products } from './product.schema.ts';

/**
 * Categories form a tree. `path` is the chain of ULIDs from the root to this node ('A/B/C'), so a
 * subtree is one prefix match and a move rewrites the prefix of every descendant in one statement.
 */
export const categories = pgTable(
  'categories',
  {
    id: categoryId('id').primaryKey(),
    parentId: categoryId('parent_id').references((): AnyPgColumn => categories.id, { onDelete: 'restrict' }),
    title: text('title').notNull(),
    slug: text('slug').notNull(),
    descriptionHtml: text('description_html').notNull().default(''),
    seoTitle: text('seo_title'),
    seoDescription: text('seo_description'),
    /** Order among siblings, 0-based and dense. */
    position: integer('position').notNull(),
    path: text('path').notNull(),
    depth: integer('depth').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('categories_slug_key').on(t.slug),
    index('categories_parent_idx').on(t.parentId, t.position),
    index('categories_path_idx').on(sql`${t.path} text_pattern_ops`),
  ],
);

export const productCategories = pgTable(
  'product_categories',
  {
    productId: productId('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    categoryId: categoryId('category_id')
      .notNull()
      .references(() => categories.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.productId, t.categoryId] }),
    index('product_categories_category_idx').on(t.categoryId),
  ],
);

/** Manual collections: a curated, ordered list of products. */
export const collections = pgTable(
  'collections',
  {
    id: collectionId('id').primaryKey(),
    title: text('title').notNull(),
    slug: text('slug').notNull(),
    descriptionHtml: text('description_html').notNull().default(''),
    seoTitle: text('seo_title'),
    seoDescription: text('seo_description'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('collections_slug_key').on(t.slug)],
);

export const collectionProducts = pgTable(
  'collection_products',
  {
    collectionId: collectionId('collection_id')
      .notNull()
      .references(() => collections.id, { onDelete: 'cascade' }),
    productId: productId('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.collectionId, t.productId] }),
    index('collection_products_position_idx').on(t.collectionId, t.position),
    index('collection_products_product_idx').on(t.productId),
  ],
);
