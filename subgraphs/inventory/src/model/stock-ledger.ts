import type { OutgoingEvent, TenantTx } from '@meridian/kit';
import type { MovementKind } from '../db/schema.ts';
import { addCostLayer, type CostPiece, consumeCostLayers, costOf } from './cost-layers.ts';
import { recordMovement, type StockMovementRow } from './stock-journal.ts';
import { changeStockLevel, ensureStockLevel, type LevelKey } from './stock-level.ts';

/**
 * The only two ways stock on hand changes, so the level, the journal and the cost layers always move
 * together: on hand = Σ movement quantities = Σ open layer quantities, per variant and warehouse.
 */
export interface LedgerEntry {
  operationId: string;
  kind: MovementKind;
  key: LevelKey;
}

/** Adds the pieces' units to a level: one movement, one cost layer per piece. Null if the level would overflow. */
export async function addStock(
  tx: TenantTx,
  entry: LedgerEntry & { pieces: CostPiece[] },
): Promise<StockMovementRow | null> {
  const quantity = entry.pieces.reduce((sum, piece) => sum + piece.quantity, 0);
  const currency = entry.pieces[0]?.currency;
  if (quantity <= 0 || !currency) throw new Error('addStock needs pieces with units and a currency');
  await ensureStockLevel(tx, entry.key);
  const level = await changeStockLevel(tx, { ...entry.key, onHandDelta: quantity, reservedDelta: 0 });
  if (!level) return null;
  const movement = await recordMovement(tx, {
    operationId: entry.operationId,
    kind: entry.kind,
    ...entry.key,
    quantity,
    costAmount: costOf(entry.pieces, currency).amount,
    currency,
  });
  for (const piece of entry.pieces) await addCostLayer(tx, { ...entry.key, movementId: movement.id, piece });
  return movement;
}

/**
 * Takes units off a level, valued FIFO. `fromReserved` takes them out of the reserved units (a
 * committed reservation); otherwise only available units can go. Null when there are not enough.
 * With `events`, the level's events are added there for the caller to publish (see changeStockLevel).
 */
export async function removeStock(
  tx: TenantTx,
  entry: LedgerEntry & { quantity: number; fromReserved?: boolean },
  events?: OutgoingEvent[],
): Promise<{ movement: StockMovementRow; pieces: CostPiece[] } | null> {
  const level = await changeStockLevel(
    tx,
    { ...entry.key, onHandDelta: -entry.quantity, reservedDelta: entry.fromReserved ? -entry.quantity : 0 },
    events,
  );
  if (!level) return null;
  const pieces = await consumeCostLayers(tx, entry.key, entry.quantity);
  const currency = pieces[0]?.currency ?? null;
  const movement = await recordMovement(tx, {
    operationId: entry.operationId,
    kind: entry.kind,
    ...entry.key,
    quantity: -entry.quantity,
    costAmount: currency ? -costOf(pieces, currency).amount : 0,
    currency,
  });
  return { movement, pieces };
}
