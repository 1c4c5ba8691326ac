import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Which modules have seeded a tenant's default data, so provisioning seeds once even when resumed. */
export const seededModules = pgTable('_seeded', {
  module: text('module').primaryKey(),
  seededAt: timestamp('seeded_at', { withTimezone: true }).notNull().defaultNow(),
});
