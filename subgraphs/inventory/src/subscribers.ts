import { subscribe } from '@meridian/kit';
import { catalogProductCreated, catalogProductUpdated } from './events.ts';
import { trackCatalogVariants } from './model/catalog-variants.ts';

/** Learns catalog's variants (so stock can be kept for them), and stocks the demo tenant's products. */
export const inventorySubscribers = [
  subscribe(catalogProductCreated, {
    name: 'inventory.track-catalog-variants',
    handle: (tx, event) => trackCatalogVariants(tx, event.payload),
  }),
  // Variants added to an existing product arrive with the update; nothing here is demo stock.
  subscribe(catalogProductUpdated, {
    name: 'inventory.track-updated-variants',
    handle: (tx, event) =>
      trackCatalogVariants(tx, { productId: event.payload.productId, variants: event.payload.variants }),
  }),
];
