import { pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Idempotency keys of commerce's side-effecting mutations (create cart, fulfil, refund, return): the
 * first call records (operation, key) → result id in its own transaction; a retry gets that result.
 */
export const idempotencyKeys = pgTable(
  'commerce_idempotency_keys',
  {
    operation: text('operation').notNull(),
    key: text('key').notNull(),
    resultId: text('result_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.operation, t.key] })],
);
