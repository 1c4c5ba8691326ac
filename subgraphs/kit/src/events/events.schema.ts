import { index, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { prefixedId } from '../ids.ts';

const eventId = prefixedId('evt', 'Event');

/**
 * Events waiting to be handed to delivery. Written in the publisher's own transaction (so a
 * rolled-back change publishes nothing) and emptied by the relay, which runs as the app role.
 */
export const outbox = pgTable('_outbox', {
  id: eventId('id').primaryKey(),
  type: text('type').notNull(),
  /** Optional business key (e.g. the order id), handed to subscribers as it is; no ordering is implied. */
  key: text('key'),
  payload: jsonb('payload').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One row per (subscriber, event) that has been handled. Inserted in the handler's transaction, so
 * the mark and the handler's side effects commit together: a redelivery finds the mark and does nothing.
 */
export const processedEvents = pgTable(
  '_processed_events',
  {
    subscriber: text('subscriber').notNull(),
    eventId: eventId('event_id').notNull(),
    processedAt: timestamp('processed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.subscriber, t.eventId] }),
    // For pruning old marks once they are past every possible redelivery.
    index('_processed_events_processed_at_idx').on(t.processedAt),
  ],
);
