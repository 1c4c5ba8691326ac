import { type DeliveredEvent, subscribe } from '@meridian/kit';
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
import { cacheOfTenant, pricingTag, productTag } from './cache-tags.ts';
import { runImportBatch } from './product-import-run.ts';
import { recordStockChange } from './stock.ts';

/**
 * Makes cached entries stale when the event says they are. Writers in a request already invalidated
 * right after their commit; this catches every other writer (imports, other instances) and retries
 * an invalidation that failed. Idempotent: invalidating twice is harmless.
 */
async function invalidate(event: DeliveredEvent, tags: string[]): Promise<void> {
  await cacheOfTenant(event.tenantId)?.invalidateTags(tags);
}

export const catalogSubscribers = [
  subscribe(productUpdated, {
    name: 'catalog.invalidate-on-product-updated',
    handle: (_tx, event) => invalidate(event, [productTag(event.payload.productId)]),
  }),
  subscribe(productArchived, {
    name: 'catalog.invalidate-on-product-archived',
    handle: (_tx, event) => invalidate(event, [productTag(event.payload.productId)]),
  }),
  subscribe(priceChanged, {
    name: 'catalog.invalidate-on-price-changed',
    handle: (_tx, event) => invalidate(event, [pricingTag, ...event.payload.productIds.map(productTag)]),
  }),
  subscribe(discountChanged, {
    name: 'catalog.invalidate-on-discount-changed',
    handle: (_tx, event) => invalidate(event, [pricingTag]),
  }),
  subscribe(stockChanged, {
    name: 'catalog.record-stock-availability',
    handle: async (tx, event) => {
      await recordStockChange(tx, event);
    },
  }),
  subscribe(productImportBatch, {
    name: 'catalog.run-product-import',
    // One batch at a time per process; each batch queues the next.
    concurrency: 1,
    handle: async (tx, event) => {
      const [row] = await tx
        .select({ currencies: productImports.currencies, demo: productImports.demo })
        .from(productImports)
        .where(eq(productImports.id, event.payload.importId));
      if (row) await runImportBatch(tx, event, row);
    },
  }),
];
