import { defineEvent } from '@meridian/kit';

/**
 * Events the catalog publishes (in the transaction of the change they describe) and the inventory
 * events it consumes. Subgraphs never import each other: the type string and payload shape below
 * are the contract, and inventory declares the same descriptors on its side.
 */

export interface ProductCreated {
  productId: string;
  variants: { id: string; sku: string }[];
  /** The product belongs to demo data (seedDemo, or a tenant with settings.demo = true). */
  demo: boolean;
}

export interface ProductUpdated {
  productId: string;
  /** Which aspects changed: 'details', 'status', 'variants', 'options', 'media', 'categories'. */
  changed: string[];
  /** Every variant the product has after the change (new ones included). */
  variants: { id: string; sku: string }[];
}

export interface ProductArchived {
  productId: string;
}

export interface PriceChanged {
  priceListId: string;
  currency: string;
  /** Variants whose price entries in that list were added, changed or removed. */
  variantIds: string[];
  /** Products of those variants (the cache tags that go stale). */
  productIds: string[];
}

export interface DiscountChanged {
  discountId: string;
  /** 'created', 'updated' or 'redeemed' (usage count moved). */
  change: 'created' | 'updated' | 'redeemed';
}

/** A batch of a CSV import is ready to run; the handler runs it and queues the next one. */
export interface ProductImportBatch {
  importId: string;
  batch: number;
}

export const productCreated = defineEvent<ProductCreated>('catalog.product.created');
export const productUpdated = defineEvent<ProductUpdated>('catalog.product.updated');
export const productArchived = defineEvent<ProductArchived>('catalog.product.archived');
export const priceChanged = defineEvent<PriceChanged>('catalog.price.changed');
export const discountChanged = defineEvent<DiscountChanged>('catalog.discount.changed');
export const productImportBatch = defineEvent<ProductImportBatch>('catalog.product-import.batch');

// Inventory's events (its descriptors mirror these).
export interface StockChanged {
  variantId: string;
  warehouseId: string;
  onHand: number;
  reserved: number;
  available: number;
}

export const stockChanged = defineEvent<StockChanged>('inventory.stock-changed');
