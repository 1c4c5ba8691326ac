import { fileURLToPath } from 'node:url';
import { createSubgraph, loadMigrations, loadTypeDefs, type Resolvers } from '@meridian/kit';
import { seedCatalogDemo } from './model/demo-data.ts';
import { searchPriceJobs } from './model/search-price-jobs.ts';
import { catalogSubscribers } from './model/subscribers.ts';
import { catalogPermissions } from './permissions.ts';
import { categoryResolvers } from './resolvers/category.resolvers.ts';
import { importResolvers } from './resolvers/import.resolvers.ts';
import { pricingResolvers } from './resolvers/pricing.resolvers.ts';
import { productResolvers } from './resolvers/product.resolvers.ts';

export const catalogTypeDefs = loadTypeDefs(new URL('./schema/', import.meta.url));
export const catalogMigrations = loadMigrations('catalog', fileURLToPath(new URL('./db/migrations', import.meta.url)));

/** Merges resolver maps by type (Query and Mutation come from several aggregates). */
function mergeResolvers(...maps: Resolvers[]): Resolvers {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const map of maps) {
    for (const [type, fields] of Object.entries(map)) {
      merged[type] = { ...(merged[type] ?? {}), ...(fields as Record<string, unknown>) };
    }
  }
  return merged as Resolvers;
}

/** Catalog: products, variants, categories, collections, price lists, discounts, search, CSV import. */
export function createCatalogSubgraph() {
  return createSubgraph({
    name: 'catalog',
    typeDefs: catalogTypeDefs,
    resolvers: mergeResolvers(productResolvers, categoryResolvers, pricingResolvers, importResolvers),
    permissions: catalogPermissions,
    migrations: catalogMigrations,
    seedDemo: (tx, tenant) => seedCatalogDemo(tx, tenant),
    subscribers: catalogSubscribers,
    periodicJobs: searchPriceJobs,
  });
}

export * from './events.ts';
