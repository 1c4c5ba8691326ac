// Every table accounting owns in a tenant schema (drizzle-kit reads this file's exports).
export * from './tax.schema.ts';
