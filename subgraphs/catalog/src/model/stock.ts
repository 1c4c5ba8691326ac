import { type DeliveredEvent, idToUuid, parseId, type TenantTx } from '@meridian/kit';
import { eq, sql } from 'drizzle-orm';
import { products, productVariants, variantStock } from '../db/schema.ts';
import type { StockChanged } from '../events.ts';

/**
 * Keeps the catalog's copy of stock availability (for the in-stock filter and facet) from inventory's
 * `inventory.stock-changed`. Reports may arrive late or twice: a report older than the one stored (by
 * event id, a ULID in publish order) changes nothing. The product row is locked first, so two reports
 * for variants of one product recompute its flag one after the other. Returns the product id and
 * whether the variant or the product went from available to not or back (what cached views and
 * listings show), or null when the variant is not (or no longer) in the catalog.
 */
export async function recordStockChange(
  tx: TenantTx,
  event: DeliveredEvent<StockChanged>,
): Promise<{ productId: string; flipped: boolean } | null> {
  const { variantId, warehouseId, available } = event.payload;
  if (!parseId('var', variantId) || typeof warehouseId !== 'string' || !Number.isFinite(available)) return null;
  const [owner] = await tx
    .select({ productId: productVariants.productId })
    .from(productVariants)
    .where(eq(productVariants.id, variantId));
  if (!owner) return null;
  const [product] = await tx
    .select({ inStock: products.inStock })
    .from(products)
    .where(eq(products.id, owner.productId))
    .for('update');
  // Read under the product lock, which every writer of these flags takes first.
  const [variant] = await tx
    .select({ available: productVariants.available })
    .from(productVariants)
    .where(eq(productVariants.id, variantId));
  await tx
    .insert(variantStock)
    .values({ variantId, warehouseId, available: Math.trunc(available), lastEventId: event.id })
    .onConflictDoUpdate({
      target: [variantStock.variantId, variantStock.warehouseId],
      set: { available: sql`excluded.available`, lastEventId: sql`excluded.last_event_id`, updatedAt: sql`now()` },
      setWhere: sql`${variantStock.lastEventId} < excluded.last_event_id`,
    });
  const variantUuid = idToUuid('var', variantId);
  const [variantAfter] = await tx
    .update(productVariants)
    .set({
      available: sql`(select coalesce(sum(greatest(s.available, 0)), 0)::int from variant_stock s where s.variant_id = ${variantUuid})`,
    })
    .where(eq(productVariants.id, variantId))
    .returning({ available: productVariants.available });
  const [productAfter] = await tx
    .update(products)
    .set({
      inStock: sql`exists (select 1 from product_variants v where v.product_id = ${idToUuid('prd', owner.productId)} and v.available > 0)`,
    })
    .where(eq(products.id, owner.productId))
    .returning({ inStock: products.inStock });
  const flipped =
    (variant?.available ?? 0) > 0 !== (variantAfter?.available ?? 0) > 0 || product?.inStock !== productAfter?.inStock;
  return { productId: owner.productId, flipped };
}
