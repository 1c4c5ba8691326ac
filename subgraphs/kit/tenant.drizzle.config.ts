import { defineConfig } from 'drizzle-kit';

// Kit-owned tables inside every tenant schema (seeding markers, outbox, processed events, audit trail).
export default defineConfig({
  dialect: 'postgresql',
  schema: [
    './src/tenancy/kit-tables.schema.ts',
    './src/events/events.schema.ts',
    './src/audit/audit.schema.ts',
    './src/mutations/idempotency.schema.ts',
  ],
  out: './src/tenancy/tenant-migrations',
});
