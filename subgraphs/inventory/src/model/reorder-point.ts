import { mutate, type RequestContext, recordAudit, type UserError, userError } from '@meridian/kit';
import { and, eq, sql } from 'drizzle-orm';
import { stockLevels } from '../db/schema.ts';
import { checkId, compact, maxQuantity } from './inventory-input.ts';
import { requireItem, requireWarehouse } from './inventory-item.ts';
import { ensureStockLevel, publishLowStock, type StockLevelRow } from './stock-level.ts';

export interface SetReorderPointInput {
  variantId: string;
  warehouseId: string;
  reorderPoint: number;
}

/**
 * Sets the availability below which a variant is low on stock in a warehouse (0: never). Raising it
 * above the current availability publishes `inventory.low-stock` at once, as a change of stock would.
 */
type StockLevelResult = { stockLevel: StockLevelRow | null; userErrors: UserError[] };

export async function setReorderPoint(ctx: RequestContext, input: SetReorderPointInput): Promise<StockLevelResult> {
  const userErrors = compact([
    checkId('var', input.variantId, ['input', 'variantId']),
    checkId('whs', input.warehouseId, ['input', 'warehouseId']),
    Number.isInteger(input.reorderPoint) && input.reorderPoint >= 0 && input.reorderPoint <= maxQuantity
      ? null
      : userError(['input', 'reorderPoint'], 'INVALID', `A whole number from 0 to ${maxQuantity}`),
  ]);
  if (userErrors.length > 0) return { stockLevel: null, userErrors };
  return mutate<StockLevelResult>(ctx, { stockLevel: null }, async (tx) => {
    await requireItem(tx, input.variantId, ['input', 'variantId']);
    await requireWarehouse(tx, input.warehouseId, ['input', 'warehouseId']);
    const key = { variantId: input.variantId, warehouseId: input.warehouseId };
    await ensureStockLevel(tx, key);
    const where = and(eq(stockLevels.variantId, key.variantId), eq(stockLevels.warehouseId, key.warehouseId));
    const [before] = await tx.select().from(stockLevels).where(where).for('update');
    const [stockLevel] = await tx
      .update(stockLevels)
      .set({ reorderPoint: input.reorderPoint, updatedAt: sql`now()` })
      .where(where)
      .returning();
    if (!before || !stockLevel) throw new Error('stock level vanished under its lock');
    const available = stockLevel.onHand - stockLevel.reserved;
    if (available < stockLevel.reorderPoint && available >= before.reorderPoint) await publishLowStock(tx, stockLevel);
    await recordAudit(tx, ctx, {
      action: 'stock.set-reorder-point',
      entityType: 'StockLevel',
      entityId: `${key.variantId}/${key.warehouseId}`,
      before: { reorderPoint: before.reorderPoint },
      after: { reorderPoint: stockLevel.reorderPoint },
    });
    return { stockLevel, userErrors: [] };
  });
}
