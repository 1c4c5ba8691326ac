// Every table the catalog owns in a tenant schema (drizzle-kit reads this file's exports).
export * from './category.schema.ts';
export * from './import.schema.ts';
export * from './pricing.schema.ts';
export * from './product.schema.ts';
