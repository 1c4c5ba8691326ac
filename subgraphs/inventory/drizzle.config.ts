import { defineConfig } from 'drizzle-kit';

// Inventory's tables in every tenant schema: `npx drizzle-kit generate --name <what>` from this folder.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './src/db/migrations',
});
