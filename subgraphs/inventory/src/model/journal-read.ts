import { loaderFor, type Money, money, notFound, pageSize, parseId, type RequestContext, read } from '@meridian/kit';
import { and, asc, desc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import {
  costLayers,
  type MovementKind,
  reservationLines,
  reservations,
  stockLevels,
  stockMovements,
  stockOperations,
} from '../db/schema.ts';
import { requireFilterTargets } from './inventory-item.ts';
import type { StockMovementRow, StockOperationRow } from './stock-journal.ts';

export interface MovementFilter {
  first?: number | null;
  after?: string | null;
  variantId?: string | null;
  warehouseId?: string | null;
  kind?: MovementKind | null;
}

/** The journal, newest first (ids are time-ordered ULIDs). */
export async function listStockMovements(ctx: RequestContext, filter: MovementFilter) {
  const limit = pageSize(filter.first);
  const rows = await read(ctx, async (tx) => {
    await requireFilterTargets(tx, filter);
    return tx
      .select()
      .from(stockMovements)
      .where(
        and(
          filter.variantId ? eq(stockMovements.variantId, filter.variantId) : undefined,
          filter.warehouseId ? eq(stockMovements.warehouseId, filter.warehouseId) : undefined,
          filter.kind ? eq(stockMovements.kind, filter.kind) : undefined,
          filter.after && parseId('mov', filter.after) ? lt(stockMovements.id, filter.after) : undefined,
        ),
      )
      .orderBy(desc(stockMovements.id))
      .limit(limit + 1);
  });
  return { nodes: rows.slice(0, limit), hasNextPage: rows.length > limit };
}

export function operationById(ctx: RequestContext, id: string): Promise<StockOperationRow | null> {
  return loaderFor<string, StockOperationRow>(ctx, 'operationById', async (ids) => {
    const rows = await read(ctx, (tx) =>
      tx
        .select()
        .from(stockOperations)
        .where(inArray(stockOperations.id, [...ids])),
    );
    return new Map(rows.map((r) => [r.id, r]));
  }).load(id);
}

export async function findStockOperation(ctx: RequestContext, id: string): Promise<StockOperationRow> {
  const operation = await operationById(ctx, id);
  if (!operation) throw notFound('Stock operation');
  return operation;
}

export function movementsOfOperation(ctx: RequestContext, operationId: string): Promise<StockMovementRow[]> {
  return loaderFor<string, StockMovementRow[]>(ctx, 'movementsByOperation', async (ids) => {
    const rows = await read(ctx, (tx) =>
      tx
        .select()
        .from(stockMovements)
        .where(inArray(stockMovements.operationId, [...ids]))
        .orderBy(asc(stockMovements.id)),
    );
    const byOperation = new Map<string, StockMovementRow[]>();
    for (const row of rows) byOperation.set(row.operationId, [...(byOperation.get(row.operationId) ?? []), row]);
    return byOperation;
  })
    .load(operationId)
    .then((rows) => rows ?? []);
}

export interface LayerValue {
  variantId: string;
  warehouseId: string;
  quantity: number;
  value: Money;
}

/** FIFO value of the open layers of each variant, per warehouse (batched per request). */
export function valuesOfVariant(ctx: RequestContext, variantId: string): Promise<LayerValue[]> {
  return loaderFor<string, LayerValue[]>(ctx, 'layerValuesByVariant', async (ids) => {
    const rows = await read(ctx, (tx) =>
      tx
        .select({
          variantId: costLayers.variantId,
          warehouseId: costLayers.warehouseId,
          currency: costLayers.currency,
          quantity: sql<number>`sum(${costLayers.remaining})::int`,
          value: sql<number>`sum(${costLayers.remaining}::bigint * ${costLayers.unitCost})`.mapWith(Number),
        })
        .from(costLayers)
        .where(and(inArray(costLayers.variantId, [...ids]), gt(costLayers.remaining, 0)))
        .groupBy(costLayers.variantId, costLayers.warehouseId, costLayers.currency),
    );
    const byVariant = new Map<string, LayerValue[]>();
    for (const row of rows) {
      const value = { ...row, value: money(row.value, row.currency) };
      byVariant.set(row.variantId, [...(byVariant.get(row.variantId) ?? []), value]);
    }
    return byVariant;
  })
    .load(variantId)
    .then((rows) => rows ?? []);
}

export interface LedgerCheck {
  ok: boolean;
  checkedLevels: number;
  problems: string[];
}

const sumBy = <T>(rows: T[], key: (row: T) => string, value: (row: T) => number) => {
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(key(row), (totals.get(key(row)) ?? 0) + value(row));
  return totals;
};

/**
 * The ledger's invariants, per level: on hand = Σ movements = Σ open layers; reserved = Σ lines of
 * active reservations; value of movements (Σ cost) = value of open layers (Σ remaining × unit cost).
 */
export async function verifyStockLedger(ctx: RequestContext): Promise<LedgerCheck> {
  const [levels, movements, layers, held] = await read(ctx, (tx) =>
    Promise.all([
      tx.select().from(stockLevels),
      tx
        .select({
          variantId: stockMovements.variantId,
          warehouseId: stockMovements.warehouseId,
          quantity: sql<number>`sum(${stockMovements.quantity})::int`,
          cost: sql<number>`sum(${stockMovements.costAmount})`.mapWith(Number),
        })
        .from(stockMovements)
        .groupBy(stockMovements.variantId, stockMovements.warehouseId),
      tx
        .select({
          variantId: costLayers.variantId,
          warehouseId: costLayers.warehouseId,
          remaining: sql<number>`sum(${costLayers.remaining})::int`,
          value: sql<number>`sum(${costLayers.remaining}::bigint * ${costLayers.unitCost})`.mapWith(Number),
        })
        .from(costLayers)
        .groupBy(costLayers.variantId, costLayers.warehouseId),
      tx
        .select({
          variantId: reservationLines.variantId,
          warehouseId: reservationLines.warehouseId,
          quantity: reservationLines.quantity,
        })
        .from(reservationLines)
        .innerJoin(reservations, eq(reservations.id, reservationLines.reservationId))
        .where(eq(reservations.status, 'active')),
    ]),
  );
  const keyOf = (row: { variantId: string; warehouseId: string }) => `${row.variantId}/${row.warehouseId}`;
  const moved = new Map(movements.map((m) => [keyOf(m), m]));
  const layered = new Map(layers.map((l) => [keyOf(l), l]));
  const reservedBy = sumBy(held, keyOf, (l) => l.quantity);
  const problems: string[] = [];
  for (const level of levels) {
    const key = keyOf(level);
    const journal = moved.get(key) ?? { quantity: 0, cost: 0 };
    const open = layered.get(key) ?? { remaining: 0, value: 0 };
    const reserved = reservedBy.get(key) ?? 0;
    if (journal.quantity !== level.onHand)
      problems.push(`${key}: on hand ${level.onHand}, movements ${journal.quantity}`);
    if (open.remaining !== level.onHand)
      problems.push(`${key}: on hand ${level.onHand}, cost layers ${open.remaining}`);
    if (reserved !== level.reserved) problems.push(`${key}: reserved ${level.reserved}, reservations ${reserved}`);
    if (journal.cost !== open.value) problems.push(`${key}: movement value ${journal.cost}, layer value ${open.value}`);
  }
  return { ok: problems.length === 0, checkedLevels: levels.length, problems };
}
