import { defineConfig } from 'drizzle-kit';

// Identity's tables inside every tenant schema (users, roles, sessions, MFA, API clients, policy).
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './src/db/migrations',
});
