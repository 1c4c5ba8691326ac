import { pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Idempotency keys of accounting's create mutations (every subgraph's tables share the tenant schema,
 * hence the prefix): the first call records (operation, key) → result id in its own
 * transaction; a retry with the same key gets that result instead of a second record.
 */
export const idempotencyKeys = pgTable(
  'accounting_idempotency_keys',
  {
    operation: text('operation').notNull(),
    key: text('key').notNull(),
    resultId: text('result_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.operation, t.key] })],
);
