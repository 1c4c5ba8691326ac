import { subscribe } from '@meridian/kit';
import { eq } from 'drizzle-orm';
import { productImports } from '../db/schema.ts';
import {
  discountChanged,
  priceChanged,
  productArchived,
  productImportBatch,
  productUpdated,
  stockChanged,
} from '../events.ts';
import { invalidateAfterCommit, listingsTag, pricingTag, productTag } from './cache-tags.ts';
import { runImportBatch } from './product-import-run.ts';
import { recordStockChange } from './stock.ts';

/**
 * Cache invalidation driven by the catalog's events: writers in a request already invalidated right
 * after their commit; these catch every other writer (imports, other instances) and repeat an
 * invalidation that failed. Idempotent: invalidating twice is harmless.
 */
export const catalogSubscribers = [
  subscribe(productUpdated, {
    name: 'catalog.invalidate-on-product-updated',
    handle: async (_tx, event, services) =>
      invalidateAfterCommit(services, [productTag(event.payload.productId), listingsTag]),
  }),
  subscribe(productArchived, {
    name: 'catalog.invalidate-on-product-archived',
    handle: async (_tx, event, services) =>
      invalidateAfterCommit(services, [productTag(event.payload.productId), listingsTag]),
  }),
  subscribe(priceChanged, {
    name: 'catalog.invalidate-on-price-changed',
    handle: async (_tx, event, services) =>
      invalidateAfterCommit(services, [pricingTag, listingsTag, ...event.payload.productIds.map(productTag)]),
  }),
  subscribe(discountChanged, {
    name: 'catalog.invalidate-on-discount-changed',
    handle: async (_tx, _event, services) => invalidateAfterCommit(services, [pricingTag]),
  }),
  subscribe(stockChanged, {
    name: 'catalog.record-stock-availability',
    handle: async (tx, event, services) => {
      const change = await recordStockChange(tx, event);
      // Only a variant running out or coming back changes what the cached view and listings show.
      if (change?.flipped) invalidateAfterCommit(services, [productTag(change.productId), listingsTag]);
    },
  }),
  subscribe(productImportBatch, {
    name: 'catalog.run-product-import',
    // One batch at a time per process; each batch queues the next.
    concurrency: 1,
    handle: async (tx, event, services) => {
      const [row] = await tx
        .select({ currencies: productImports.currencies, demo: productImports.demo })
        .from(productImports)
        .where(eq(productImports.id, event.payload.importId));
      if (!row) return;
      const created = await runImportBatch(tx, event, row);
      if (created > 0) invalidateAfterCommit(services, [listingsTag]);
    },
  }),
];
