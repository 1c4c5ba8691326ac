import { defineConfig } from 'drizzle-kit';

// The control plane's own tables (schema `control`); tenant-level kit tables are in tenant.drizzle.config.ts.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/tenancy/control.schema.ts',
  out: './src/tenancy/control-migrations',
  schemaFilter: ['control'],
});
