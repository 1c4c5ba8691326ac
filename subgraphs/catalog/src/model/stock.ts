import { type DeliveredEvent, idToUuid, parseId, type TenantTx, uuidToId } from '@meridian/kit';
import { sql } from 'drizzle-orm';
import type { StockChanged } from '../events.ts';

/**
 * Keeps the catalog's copy of stock availability (for the in-stock filter and facet) from inventory's
 * `inventory.stock-changed`. Reports may arrive late or twice: a report older than the one stored (by
 * event id, a ULID in publish order) changes nothing. The product row is locked first, so two reports
 * for variants of one product recompute its flag one after the other. Returns the product id and
 * whether the variant or the product went from available to not or back (what cached views and
 * listings show), or null when the variant is not (or no longer) in the catalog.
 *
 * Two statements (this runs twice per order): the lock, then the rest in one statement, which reads
 * under the lock (every writer of these rows takes it first) and writes the variant's sum and the
 * product's flag only when they change.
 */
export async function recordStockChange(
  tx: TenantTx,
  event: DeliveredEvent<StockChanged>,
): Promise<{ productId: string; flipped: boolean } | null> {
  const { variantId, warehouseId, available } = event.payload;
  if (!parseId('var', variantId) || typeof warehouseId !== 'string' || !Number.isFinite(available)) return null;
  const variant = idToUuid('var', variantId);
  const [owner] = (await tx.execute(sql`
    select p.id from products p
    where p.id = (select v.product_id from product_variants v where v.id = ${variant})
    for update`)) as unknown as { id: string }[];
  if (!owner) return null;
  // One snapshot, taken after the lock: `prior` and `others` are the stored rows; `stored` is the
  // report as kept (no row when it is older than the stored one, then the prior row stands).
  const [row] = (await tx.execute(sql`
    with prior as (
      select available from variant_stock where variant_id = ${variant} and warehouse_id = ${warehouseId}
    ), stored as (
      insert into variant_stock (variant_id, warehouse_id, available, last_event_id)
      values (${variant}, ${warehouseId}, ${Math.trunc(available)}, ${event.id})
      on conflict (variant_id, warehouse_id) do update
        set available = excluded.available, last_event_id = excluded.last_event_id, updated_at = now()
        where variant_stock.last_event_id < excluded.last_event_id
      returning available
    ), figures as (
      select
        (select available from product_variants where id = ${variant}) as variant_before,
        (select coalesce(sum(greatest(s.available, 0)), 0) from variant_stock s
          where s.variant_id = ${variant} and s.warehouse_id <> ${warehouseId})
          + greatest(coalesce((select available from stored), (select available from prior), 0), 0) as variant_after,
        (select in_stock from products where id = ${owner.id}) as product_before
    ), product as (
      select f.*, (f.variant_after > 0 or exists (
        select 1 from product_variants v where v.product_id = ${owner.id} and v.id <> ${variant} and v.available > 0
      )) as product_after from figures f
    ), variant_write as (
      update product_variants set available = (select variant_after::int from product)
      where id = ${variant} and available is distinct from (select variant_after::int from product)
    ), product_write as (
      update products set in_stock = (select product_after from product)
      where id = ${owner.id} and in_stock is distinct from (select product_after from product)
    )
    select variant_before, variant_after::int as variant_after, product_before, product_after from product`)) as unknown as {
    variant_before: number | null;
    variant_after: number;
    product_before: boolean;
    product_after: boolean;
  }[];
  const flipped =
    (row?.variant_before ?? 0) > 0 !== (row?.variant_after ?? 0) > 0 || row?.product_before !== row?.product_after;
  return { productId: uuidToId('prd', owner.id), flipped };
}
