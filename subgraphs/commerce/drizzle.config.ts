import { defineConfig } from 'drizzle-kit';

// Commerce's tables in every tenant schema (unqualified; the kit binds the schema at run time).
// Generate from this folder: `npx drizzle-kit generate --name <what>`.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './src/db/migrations',
});
