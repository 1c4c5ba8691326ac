import { idToUuid, loaderFor, pageSize, parseId, type RequestContext, read, type TenantTx } from '@meridian/kit';
import { and, asc, eq, gt, lte, or, type SQL, sql } from 'drizzle-orm';
import { inventoryItems, reservationLines, reservations, stockLevels, warehouses } from '../db/schema.ts';
import { requireFilterTargets } from './inventory-item.ts';

/**
 * A stock level as read: `reserved` leaves out reservations whose time is up even before the sweep
 * or a competing reservation marks them expired, so readers never see stock held by a dead checkout.
 */
export interface StockLevelView {
  variantId: string;
  warehouseId: string;
  productId: string | null;
  onHand: number;
  reserved: number;
  reorderPoint: number;
  warehouseActive: boolean;
  updatedAt: Date;
}

export const availableOf = (level: Pick<StockLevelView, 'onHand' | 'reserved'>) => level.onHand - level.reserved;

/** Units still held by active reservations whose expiry has passed, per level (normally none). */
function dueReservedUnits(tx: TenantTx) {
  return tx
    .select({
      variantId: reservationLines.variantId,
      warehouseId: reservationLines.warehouseId,
      quantity: sql<number>`sum(${reservationLines.quantity})::int`.as('due_quantity'),
    })
    .from(reservations)
    .innerJoin(reservationLines, eq(reservationLines.reservationId, reservations.id))
    .where(and(eq(reservations.status, 'active'), lte(reservations.expiresAt, sql`now()`)))
    .groupBy(reservationLines.variantId, reservationLines.warehouseId)
    .as('due');
}

function levelsQuery(tx: TenantTx, where: SQL | undefined, options: { belowReorderPoint?: boolean } = {}) {
  const due = dueReservedUnits(tx);
  const reserved = sql`(${stockLevels.reserved} - coalesce(${due.quantity}, 0))`;
  const below = options.belowReorderPoint
    ? sql`${stockLevels.onHand} - ${reserved} < ${stockLevels.reorderPoint}`
    : undefined;
  return tx
    .select({
      variantId: stockLevels.variantId,
      warehouseId: stockLevels.warehouseId,
      productId: inventoryItems.productId,
      onHand: stockLevels.onHand,
      reserved: sql<number>`${reserved}::int`,
      reorderPoint: stockLevels.reorderPoint,
      warehouseActive: warehouses.active,
      updatedAt: stockLevels.updatedAt,
    })
    .from(stockLevels)
    .innerJoin(inventoryItems, eq(inventoryItems.variantId, stockLevels.variantId))
    .innerJoin(warehouses, eq(warehouses.id, stockLevels.warehouseId))
    .leftJoin(due, and(eq(due.variantId, stockLevels.variantId), eq(due.warehouseId, stockLevels.warehouseId)))
    .where(and(where, below))
    .orderBy(asc(stockLevels.variantId), asc(stockLevels.warehouseId));
}

/** Levels matching `where`, in (variant, warehouse) order, with effective reserved counts. */
export function selectLevels(
  tx: TenantTx,
  where: SQL | undefined,
  options: { limit?: number; belowReorderPoint?: boolean } = {},
): Promise<StockLevelView[]> {
  const query = levelsQuery(tx, where, options);
  return options.limit === undefined ? query : query.limit(options.limit);
}

/**
 * The storefront's hot path (every listing asks for availability): one statement text whatever the
 * number of ids (an array parameter), prepared, so a connection that serves the same tenant again
 * skips parsing and planning (Postgres re-plans by itself when the search_path differs).
 */
export function selectLevelsOf(tx: TenantTx, by: 'variant' | 'product', ids: readonly string[]) {
  const column = by === 'variant' ? stockLevels.variantId : inventoryItems.productId;
  const prefix = by === 'variant' ? 'var' : 'prd';
  const uuids = ids.flatMap((id) => (parseId(prefix, id) ? [idToUuid(prefix, id)] : []));
  return levelsQuery(tx, sql`${column} = any(${sql.placeholder('ids')}::uuid[])`)
    .prepare(`inventory_levels_by_${by}`)
    .execute({ ids: `{${uuids.join(',')}}` });
}

function groupBy(levels: StockLevelView[], key: (level: StockLevelView) => string | null) {
  const groups = new Map<string, StockLevelView[]>();
  for (const level of levels) {
    const k = key(level);
    if (k === null) continue;
    const group = groups.get(k) ?? [];
    group.push(level);
    groups.set(k, group);
  }
  return groups;
}

/** Every level of each variant, one query per request however many variants the gateway asks about. */
export function levelsOfVariant(ctx: RequestContext, variantId: string): Promise<StockLevelView[]> {
  return loaderFor<string, StockLevelView[]>(ctx, 'levelsByVariant', async (ids) => {
    const levels = await read(ctx, (tx) => selectLevelsOf(tx, 'variant', ids));
    return groupBy(levels, (l) => l.variantId);
  })
    .load(variantId)
    .then((levels) => levels ?? []);
}

/** Every level of each product's variants (inventory learnt the product of each variant from catalog). */
export function levelsOfProduct(ctx: RequestContext, productId: string): Promise<StockLevelView[]> {
  return loaderFor<string, StockLevelView[]>(ctx, 'levelsByProduct', async (ids) => {
    const levels = await read(ctx, (tx) => selectLevelsOf(tx, 'product', ids));
    return groupBy(levels, (l) => l.productId);
  })
    .load(productId)
    .then((levels) => levels ?? []);
}

/** What the storefront sees: units that can be sold from active warehouses. */
export function sellable(levels: StockLevelView[]): number {
  return levels.reduce((sum, level) => sum + (level.warehouseActive ? Math.max(0, availableOf(level)) : 0), 0);
}

export interface StockLevelFilter {
  first?: number | null;
  after?: string | null;
  warehouseId?: string | null;
  variantId?: string | null;
  belowReorderPoint?: boolean | null;
}

export const levelCursor = (level: StockLevelView) => `${level.variantId}/${level.warehouseId}`;

export async function listStockLevels(ctx: RequestContext, filter: StockLevelFilter) {
  const limit = pageSize(filter.first);
  const [afterVariant, afterWarehouse] = filter.after?.split('/') ?? [];
  const after =
    afterVariant && afterWarehouse && parseId('var', afterVariant) && parseId('whs', afterWarehouse)
      ? or(
          gt(stockLevels.variantId, afterVariant),
          and(eq(stockLevels.variantId, afterVariant), gt(stockLevels.warehouseId, afterWarehouse)),
        )
      : undefined;
  const where = and(
    filter.warehouseId ? eq(stockLevels.warehouseId, filter.warehouseId) : undefined,
    filter.variantId ? eq(stockLevels.variantId, filter.variantId) : undefined,
    after,
  );
  const levels = await read(ctx, async (tx) => {
    await requireFilterTargets(tx, filter);
    return selectLevels(tx, where, { limit: limit + 1, belowReorderPoint: filter.belowReorderPoint ?? false });
  });
  return { nodes: levels.slice(0, limit), hasNextPage: levels.length > limit };
}
