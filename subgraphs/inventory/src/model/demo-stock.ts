import { createHash } from 'node:crypto';
import type { TenantTx } from '@meridian/kit';
import { inArray } from 'drizzle-orm';
import { stockLevels } from '../db/schema.ts';
import { settleCostCurrency } from './cost-layers.ts';
import { openOperation } from './stock-journal.ts';
import { addStock } from './stock-ledger.ts';
import { ensureDemoWarehouses } from './warehouse.ts';

/** Demo costs are in the demo store's currency. */
const demoCurrency = 'USD';

/** Deterministic per variant, so the demo looks the same on every machine: a few sold out, some low. */
function demoFigures(variantId: string) {
  const digest = createHash('sha256').update(variantId).digest();
  const roll = (index: number) => digest[index] ?? 0;
  const soldOut = roll(0) % 12 === 0;
  return {
    main: soldOut ? 0 : 3 + (roll(1) % 60),
    east: soldOut || roll(2) % 2 === 0 ? 0 : 1 + (roll(3) % 25),
    reorderPoint: 5 + (roll(4) % 6),
    unitCost: 400 + roll(5) * 20 + (roll(6) % 20),
  };
}

/**
 * Stock for the demo tenant's catalog: two warehouses (created here too, since catalog's events may
 * arrive before inventory's own demo seed has run), receipts at a cost, reorder points. A variant
 * that already has stock levels is left alone, so a repeated event adds nothing.
 */
export async function seedDemoStock(tx: TenantTx, variants: { id: string }[]): Promise<void> {
  if (variants.length === 0) return;
  const [main, east] = await ensureDemoWarehouses(tx);
  if (!main || !east) throw new Error('demo warehouses missing');
  const ids = variants.map((v) => v.id);
  const stocked = await tx
    .selectDistinct({ variantId: stockLevels.variantId })
    .from(stockLevels)
    .where(inArray(stockLevels.variantId, ids));
  const skip = new Set(stocked.map((s) => s.variantId));
  for (const variantId of ids) {
    if (skip.has(variantId)) continue;
    const figures = demoFigures(variantId);
    await settleCostCurrency(tx, variantId, demoCurrency);
    for (const [warehouse, quantity] of [
      [main, figures.main],
      [east, figures.east],
    ] as const) {
      const key = { variantId, warehouseId: warehouse.id };
      // Replenishment is planned for the main warehouse; the depot only holds overflow.
      const reorderPoint = warehouse === main ? figures.reorderPoint : 0;
      await tx
        .insert(stockLevels)
        .values({ ...key, reorderPoint })
        .onConflictDoNothing();
      if (quantity === 0) continue;
      const { operation } = await openOperation(
        tx,
        {
          kind: 'receipt',
          idempotencyKey: `demo:${variantId}:${warehouse.code}`,
          request: key,
          reference: 'Demo stock',
        },
        ['demo'],
      );
      const pieces = [{ quantity, unitCost: figures.unitCost, currency: demoCurrency }];
      await addStock(tx, { operationId: operation.id, kind: 'receipt', key, pieces });
    }
  }
}
