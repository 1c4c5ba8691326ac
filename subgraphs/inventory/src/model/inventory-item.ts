import {
  mutate,
  notFound,
  type RequestContext,
  read,
  recordAudit,
  reject,
  type TenantTx,
  type UserError,
  userError,
} from '@meridian/kit';
import { eq, inArray, sql } from 'drizzle-orm';
import { inventoryItems, warehouses } from '../db/schema.ts';
import { blank, checkId, checkText, compact, type Field, notFoundError } from './inventory-input.ts';
import type { WarehouseRow } from './warehouse.ts';

export type InventoryItemRow = typeof inventoryItems.$inferSelect;

export interface TrackInventoryItemInput {
  variantId: string;
  productId?: string | null;
  sku?: string | null;
}

/** Records variants inventory keeps stock for; a later call fills in what an earlier one left out. */
export async function upsertInventoryItems(
  tx: TenantTx,
  items: { variantId: string; productId: string | null; sku: string | null }[],
): Promise<InventoryItemRow[]> {
  if (items.length === 0) return [];
  return tx
    .insert(inventoryItems)
    .values(items)
    .onConflictDoUpdate({
      target: inventoryItems.variantId,
      set: {
        productId: sql`coalesce(excluded.product_id, ${inventoryItems.productId})`,
        sku: sql`coalesce(excluded.sku, ${inventoryItems.sku})`,
      },
    })
    .returning();
}

/**
 * Operators (or an integration) tell inventory about a variant catalog made. Inventory cannot check
 * catalog's tables, so this is the one field that accepts a variant id it has not seen; it creates a
 * record in the caller's own tenant only.
 */
export async function trackInventoryItem(
  ctx: RequestContext,
  input: TrackInventoryItemInput,
): Promise<{ inventoryItem: InventoryItemRow | null; userErrors: UserError[] }> {
  const userErrors = compact([
    checkId('var', input.variantId, ['input', 'variantId']),
    input.productId ? checkId('prd', input.productId, ['input', 'productId']) : null,
    checkText(input.sku, ['input', 'sku'], 200),
  ]);
  if (userErrors.length > 0) return { inventoryItem: null, userErrors };
  return mutate(ctx, { inventoryItem: null }, async (tx) => {
    const [inventoryItem] = await upsertInventoryItems(tx, [
      { variantId: input.variantId, productId: input.productId ?? null, sku: blank(input.sku) },
    ]);
    await recordAudit(tx, ctx, {
      action: 'inventory-item.track',
      entityType: 'InventoryItem',
      entityId: input.variantId,
      after: inventoryItem,
    });
    return { inventoryItem: inventoryItem ?? null, userErrors: [] };
  });
}

export async function findInventoryItem(ctx: RequestContext, variantId: string): Promise<InventoryItemRow> {
  const [item] = await read(ctx, (tx) =>
    tx.select().from(inventoryItems).where(eq(inventoryItems.variantId, variantId)),
  );
  if (!item) throw notFound('Inventory item');
  return item;
}

export function inventoryItemsByVariant(tx: TenantTx, variantIds: readonly string[]): Promise<InventoryItemRow[]> {
  return tx
    .select()
    .from(inventoryItems)
    .where(inArray(inventoryItems.variantId, [...variantIds]));
}

/** The variant, or the request is refused with NOT_FOUND naming the field (nothing written). */
export async function requireItem(tx: TenantTx, variantId: string, field: Field): Promise<InventoryItemRow> {
  const [item] = await inventoryItemsByVariant(tx, [variantId]);
  if (!item) reject(notFoundError('var', field));
  return item;
}

/** The warehouse, or NOT_FOUND; with `active`, an inactive one is refused too. */
export async function requireWarehouse(
  tx: TenantTx,
  warehouseId: string,
  field: Field,
  options: { active?: boolean } = {},
): Promise<WarehouseRow> {
  const [warehouse] = await tx.select().from(warehouses).where(eq(warehouses.id, warehouseId));
  if (!warehouse) reject(notFoundError('whs', field));
  if (options.active && !warehouse.active) {
    reject(userError(field.map(String), 'INACTIVE', `Warehouse ${warehouse.code} is inactive`));
  }
  return warehouse;
}

/**
 * A list filtered by a variant or warehouse this tenant does not have is NOT_FOUND rather than
 * empty, so every id a client sends is checked the same way (another tenant's id is simply unknown).
 */
export async function requireFilterTargets(
  tx: TenantTx,
  filter: { variantId?: string | null; warehouseId?: string | null },
): Promise<void> {
  if (filter.variantId && (await inventoryItemsByVariant(tx, [filter.variantId])).length === 0) {
    throw notFound('Inventory item');
  }
  if (filter.warehouseId) {
    const [warehouse] = await tx
      .select({ id: warehouses.id })
      .from(warehouses)
      .where(eq(warehouses.id, filter.warehouseId));
    if (!warehouse) throw notFound('Warehouse');
  }
}
