import { defineEvent } from '@meridian/kit';

// The events inventory publishes and the one it listens to; the handlers are in subscribers.ts.

/** Published whenever a variant's stock in a warehouse changes (on hand, reserved or both). */
export interface StockChanged {
  variantId: string;
  warehouseId: string;
  onHand: number;
  reserved: number;
  available: number;
}

/** Published when a change takes availability below the reorder point (on crossing, not on every change below it). */
export interface LowStock {
  variantId: string;
  warehouseId: string;
  available: number;
  reorderPoint: number;
}

export const stockChanged = defineEvent<StockChanged>('inventory.stock-changed');
export const lowStock = defineEvent<LowStock>('inventory.low-stock');

/**
 * Catalog's event, described here by its type string and payload (the contract): subgraphs never
 * import each other. `demo` marks products of the demo tenant's seed.
 */
export interface CatalogProductCreated {
  productId: string;
  variants: { id: string; sku: string }[];
  demo: boolean;
}

export const catalogProductCreated = defineEvent<CatalogProductCreated>('catalog.product.created');

/** Catalog's change event: `variants` lists every variant after the change, new ones included. */
export interface CatalogProductUpdated {
  productId: string;
  changed: string[];
  variants: { id: string; sku: string }[];
}

export const catalogProductUpdated = defineEvent<CatalogProductUpdated>('catalog.product.updated');
