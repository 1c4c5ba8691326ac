import { parseId, type TenantTx } from '@meridian/kit';
import { seedDemoStock } from './demo-stock.ts';
import { upsertInventoryItems } from './inventory-item.ts';

export interface CatalogVariants {
  productId: string;
  variants: { id: string; sku: string }[];
  demo?: boolean;
}

/**
 * Handles catalog's product events: records each variant (and its product, for Product.available) so
 * stock can be kept for it. Idempotent: a redelivery or a later event with the same variants changes
 * nothing. Ids of the wrong kind are skipped rather than failing the delivery forever.
 */
export async function trackCatalogVariants(tx: TenantTx, payload: CatalogVariants): Promise<void> {
  const productId = parseId('prd', payload.productId) ? payload.productId : null;
  const variants = (payload.variants ?? []).filter((v) => parseId('var', v.id));
  await upsertInventoryItems(
    tx,
    variants.map((v) => ({ variantId: v.id, productId, sku: v.sku?.trim() || null })),
  );
  if (payload.demo) await seedDemoStock(tx, variants);
}
