import { pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** Idempotency keys of mutations with side effects, per operation, in every tenant schema. */
export const idempotencyKeys = pgTable(
  '_idempotency_keys',
  {
    operation: text('operation').notNull(),
    key: text('key').notNull(),
    /** The id the first call produced ('' while that call's transaction is still open). */
    resultId: text('result_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.operation, t.key] })],
);
