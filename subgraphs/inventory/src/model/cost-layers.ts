import { type Money, money, newId, type TenantTx } from '@meridian/kit';
import { and, desc, eq, gt, sql } from 'drizzle-orm';
import { costLayers, inventoryItems } from '../db/schema.ts';
import type { LevelKey } from './stock-level.ts';

/**
 * FIFO valuation (ADR: inventory valuation). Every incoming movement adds a layer at its unit cost;
 * outgoing movements consume the oldest layers first, and the cost of what they consumed is the
 * movement's cost (a sale's COGS). Callers hold the level's row lock, which serialises layer changes.
 */
export interface CostPiece {
  quantity: number;
  unitCost: number;
  currency: string;
  /** Kept by transfers; new stock is stamped with the transaction's time. */
  receivedAt?: Date;
}

export async function addCostLayer(
  tx: TenantTx,
  layer: LevelKey & { movementId: string; piece: CostPiece },
): Promise<void> {
  await tx.insert(costLayers).values({
    id: newId('lyr'),
    variantId: layer.variantId,
    warehouseId: layer.warehouseId,
    movementId: layer.movementId,
    unitCost: layer.piece.unitCost,
    currency: layer.piece.currency,
    quantity: layer.piece.quantity,
    remaining: layer.piece.quantity,
    receivedAt: layer.piece.receivedAt ?? sql`now()`,
  });
}

/**
 * Takes `quantity` units from the oldest open layers in one statement (each layer takes what the older
 * ones left of the quantity); returns what was taken, oldest first.
 */
export async function consumeCostLayers(tx: TenantTx, key: LevelKey, quantity: number): Promise<CostPiece[]> {
  const before = sql`coalesce(sum(${costLayers.remaining}) over (order by ${costLayers.receivedAt}, ${costLayers.id} rows between unbounded preceding and 1 preceding), 0)`;
  const open = tx
    .select({
      id: costLayers.id,
      // Units the older layers give: orders the pieces as the layers are ordered.
      before: sql<number>`${before}::int`.as('units_before'),
      take: sql<number>`least(${costLayers.remaining}, ${quantity}::int - ${before})::int`.as('units_taken'),
    })
    .from(costLayers)
    .where(
      and(
        eq(costLayers.variantId, key.variantId),
        eq(costLayers.warehouseId, key.warehouseId),
        gt(costLayers.remaining, 0),
      ),
    )
    .as('open');
  const taken = await tx
    .update(costLayers)
    .set({ remaining: sql`${costLayers.remaining} - ${open.take}` })
    .from(open)
    .where(and(eq(costLayers.id, open.id), gt(open.take, 0)))
    .returning({
      before: open.before,
      take: open.take,
      unitCost: costLayers.unitCost,
      currency: costLayers.currency,
      receivedAt: costLayers.receivedAt,
    });
  taken.sort((a, b) => a.before - b.before);
  const pieces = taken.map((t) => ({
    quantity: t.take,
    unitCost: t.unitCost,
    currency: t.currency,
    receivedAt: t.receivedAt,
  }));
  const needed = quantity - pieces.reduce((sum, piece) => sum + piece.quantity, 0);
  // Every incoming unit got a layer, so this means the journal and the layers disagree: stop, roll back.
  if (needed > 0) throw new Error(`cost layers of ${key.variantId} in ${key.warehouseId} are short by ${needed}`);
  return pieces;
}

/** Total cost of the pieces (exact; MoneyError if it would leave the safe integer range). */
export function costOf(pieces: CostPiece[], currency: string): Money {
  let total = 0n;
  for (const piece of pieces) total += BigInt(piece.quantity) * BigInt(piece.unitCost);
  return money(total, currency);
}

/**
 * The variant's valuation currency: fixed by its first costed movement, so every layer shares it.
 * Returns the currency in force (which differs from `requested` when that is refused).
 */
export async function settleCostCurrency(tx: TenantTx, variantId: string, requested: string): Promise<string> {
  const [row] = await tx
    .update(inventoryItems)
    .set({ costCurrency: sql`coalesce(${inventoryItems.costCurrency}, ${requested})` })
    .where(eq(inventoryItems.variantId, variantId))
    .returning({ costCurrency: inventoryItems.costCurrency });
  return row?.costCurrency ?? requested;
}

/** The unit cost of the variant's latest layer (any warehouse): the default cost of units found or made. */
export async function latestUnitCost(tx: TenantTx, variantId: string): Promise<Money | null> {
  const [layer] = await tx
    .select({ unitCost: costLayers.unitCost, currency: costLayers.currency })
    .from(costLayers)
    .where(eq(costLayers.variantId, variantId))
    .orderBy(desc(costLayers.receivedAt), desc(costLayers.id))
    .limit(1);
  return layer ? money(layer.unitCost, layer.currency) : null;
}
