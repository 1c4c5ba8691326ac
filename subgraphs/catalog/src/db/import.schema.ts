import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { importId, productId } from './ids.ts';

export const importStatuses = ['uploading', 'queued', 'running', 'completed'] as const;
export type ImportStatus = (typeof importStatuses)[number];

export interface ImportRowError {
  column: string | null;
  code: string;
  message: string;
}

/** A CSV import: uploaded in parts, then processed in batches (each batch its own transaction). */
export const productImports = pgTable(
  'product_imports',
  {
    id: importId('id').primaryKey(),
    idempotencyKey: text('idempotency_key').notNull(),
    status: text('status', { enum: importStatuses }).notNull().default('uploading'),
    totalRows: integer('total_rows').notNull().default(0),
    processedRows: integer('processed_rows').notNull().default(0),
    createdProducts: integer('created_products').notNull().default(0),
    failedRows: integer('failed_rows').notNull().default(0),
    /** The tenant's currencies and demo flag when the import was made (batches run without a request). */
    currencies: jsonb('currencies').$type<string[]>().notNull(),
    demo: boolean('demo').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('product_imports_idempotency_key').on(t.idempotencyKey)],
);

/** Parts already received, so a retried upload of part N adds nothing. */
export const productImportParts = pgTable(
  'product_import_parts',
  {
    importId: importId('import_id')
      .notNull()
      .references(() => productImports.id, { onDelete: 'cascade' }),
    sequence: integer('sequence').notNull(),
    rows: integer('rows').notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.sequence] })],
);

export const importRowStatuses = ['pending', 'created', 'failed'] as const;

/** One CSV row. Rows with the same slug form one product (one row per variant). */
export const productImportRows = pgTable(
  'product_import_rows',
  {
    importId: importId('import_id')
      .notNull()
      .references(() => productImports.id, { onDelete: 'cascade' }),
    /** 1-based line in the file counting the header as line 1, across parts: what a person looks up. */
    rowNumber: integer('row_number').notNull(),
    slug: text('slug').notNull(),
    data: jsonb('data').$type<Record<string, string>>().notNull(),
    status: text('status', { enum: importRowStatuses }).notNull().default('pending'),
    errors: jsonb('errors').$type<ImportRowError[]>().notNull().default([]),
    productId: productId('product_id'),
  },
  (t) => [
    primaryKey({ columns: [t.importId, t.rowNumber] }),
    index('product_import_rows_pending_idx').on(t.importId, t.status, t.slug),
  ],
);
