import { type OutgoingEvent, publishEvent, publishEvents, type TenantTx } from '@meridian/kit';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { stockLevels } from '../db/schema.ts';
import { lowStock, stockChanged } from '../events.ts';

export type StockLevelRow = typeof stockLevels.$inferSelect;

export interface LevelKey {
  variantId: string;
  warehouseId: string;
}

export interface LevelChange extends LevelKey {
  onHandDelta: number;
  reservedDelta: number;
}

const maxInt = 2_147_483_647;

/** Sort order for locking several levels in one transaction: the same everywhere, so no deadlock. */
export const byLevelKey = (a: LevelKey, b: LevelKey): number => {
  const left = `${a.variantId}/${a.warehouseId}`;
  const right = `${b.variantId}/${b.warehouseId}`;
  return left < right ? -1 : left > right ? 1 : 0;
};

export async function ensureStockLevel(tx: TenantTx, key: LevelKey): Promise<void> {
  await tx.insert(stockLevels).values(key).onConflictDoNothing();
}

/** Locks levels (creating missing ones) in a fixed order before an operation that changes several. */
export async function lockStockLevels(tx: TenantTx, keys: LevelKey[]): Promise<void> {
  const sorted = keys.toSorted(byLevelKey);
  for (const key of sorted) await ensureStockLevel(tx, key);
  for (const key of sorted) {
    await tx
      .select({ onHand: stockLevels.onHand })
      .from(stockLevels)
      .where(and(eq(stockLevels.variantId, key.variantId), eq(stockLevels.warehouseId, key.warehouseId)))
      .for('update');
  }
}

/**
 * Applies a change only if it keeps 0 ≤ reserved ≤ on hand ≤ 2^31−1, in one conditional UPDATE: the
 * row lock serialises concurrent changes and the condition is re-checked on the latest row, so two
 * requests can never both take the last unit. Returns the new level, or null when refused (or missing).
 * Publishes `inventory.stock-changed` (and `inventory.low-stock` when availability crosses below the
 * reorder point) in the same transaction; with `events`, adds them there instead, for the caller to
 * publish with the others of its transaction in one statement (`publishEvents`).
 */
export async function changeStockLevel(
  tx: TenantTx,
  change: LevelChange,
  events?: OutgoingEvent[],
): Promise<StockLevelRow | null> {
  const { onHandDelta: dOn, reservedDelta: dRes } = change;
  const newOnHand = sql`${stockLevels.onHand}::bigint + ${dOn}::bigint`;
  const newReserved = sql`${stockLevels.reserved}::bigint + ${dRes}::bigint`;
  const [row] = await tx
    .update(stockLevels)
    .set({
      onHand: sql`${stockLevels.onHand} + ${dOn}::int`,
      reserved: sql`${stockLevels.reserved} + ${dRes}::int`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(stockLevels.variantId, change.variantId),
        eq(stockLevels.warehouseId, change.warehouseId),
        sql`${newReserved} >= 0 and ${newOnHand} >= ${newReserved} and ${newOnHand} <= ${maxInt}`,
      ),
    )
    .returning();
  if (!row) return null;
  const available = row.onHand - row.reserved;
  const before = available - (dOn - dRes);
  const changed = [stockChangedEvent(row)];
  if (row.reorderPoint > 0 && available < row.reorderPoint && before >= row.reorderPoint) {
    changed.push(lowStockEvent(row));
  }
  if (events) events.push(...changed);
  else await publishEvents(tx, changed);
  return row;
}

function stockChangedEvent(row: StockLevelRow): OutgoingEvent {
  return stockChanged.create(
    {
      variantId: row.variantId,
      warehouseId: row.warehouseId,
      onHand: row.onHand,
      reserved: row.reserved,
      available: row.onHand - row.reserved,
    },
    { key: row.variantId },
  );
}

function lowStockEvent(row: StockLevelRow): OutgoingEvent {
  return lowStock.create(
    {
      variantId: row.variantId,
      warehouseId: row.warehouseId,
      available: row.onHand - row.reserved,
      reorderPoint: row.reorderPoint,
    },
    { key: row.variantId },
  );
}

export async function publishLowStock(tx: TenantTx, row: StockLevelRow): Promise<void> {
  await publishEvent(tx, lowStockEvent(row));
}

export async function findStockLevel(tx: TenantTx, key: LevelKey): Promise<StockLevelRow | null> {
  const [row] = await tx
    .select()
    .from(stockLevels)
    .where(and(eq(stockLevels.variantId, key.variantId), eq(stockLevels.warehouseId, key.warehouseId)));
  return row ?? null;
}

/** Levels of the given variants in the given order of warehouses (priority first), for allocation. */
export function levelsOfVariants(tx: TenantTx, variantIds: string[]) {
  return tx
    .select()
    .from(stockLevels)
    .where(inArray(stockLevels.variantId, variantIds))
    .orderBy(asc(stockLevels.variantId), asc(stockLevels.warehouseId));
}
