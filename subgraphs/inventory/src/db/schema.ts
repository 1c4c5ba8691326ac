// The ids module alone: drizzle-kit loads schema files as CommonJS, where the kit's index cannot evaluate.
import { prefixedId } from '@meridian/kit/ids';
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

const warehouseId = prefixedId('whs', 'Warehouse');
// Catalog's ids: inventory stores the ones it is told about and never reads catalog's tables.
const variantId = prefixedId('var', 'ProductVariant');
const productId = prefixedId('prd', 'Product');
const operationId = prefixedId('sop', 'StockOperation');
const movementId = prefixedId('mov', 'StockMovement');
const layerId = prefixedId('lyr', 'CostLayer');
const reservationId = prefixedId('rsv', 'Reservation');

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export const warehouses = pgTable('warehouses', {
  id: warehouseId('id').primaryKey(),
  /** Short operator-facing code, unique per tenant (`MAIN`, `EAST`). */
  code: text('code').notNull().unique('warehouses_code_unique'),
  name: text('name').notNull(),
  /** Lower first: where a reservation without a warehouse is taken from. */
  priority: integer('priority').notNull().default(0),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * The variants inventory knows (from `catalog.product.created`, or tracked by an operator). Stock can
 * only be held for a known variant, so another tenant's variant id is NOT_FOUND here too.
 */
export const inventoryItems = pgTable(
  'inventory_items',
  {
    variantId: variantId('variant_id').primaryKey(),
    productId: productId('product_id'),
    sku: text('sku'),
    /** Fixed by the first costed receipt; every cost layer of the variant is in this currency. */
    costCurrency: text('cost_currency'),
    createdAt: createdAt(),
  },
  (t) => [index('inventory_items_product_idx').on(t.productId)],
);

/** Stock of one variant in one warehouse. The checks make negative availability impossible, whatever the code does. */
export const stockLevels = pgTable(
  'stock_levels',
  {
    variantId: variantId('variant_id')
      .notNull()
      .references(() => inventoryItems.variantId),
    warehouseId: warehouseId('warehouse_id')
      .notNull()
      .references(() => warehouses.id),
    onHand: integer('on_hand').notNull().default(0),
    reserved: integer('reserved').notNull().default(0),
    reorderPoint: integer('reorder_point').notNull().default(0),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.variantId, t.warehouseId] }),
    index('stock_levels_warehouse_idx').on(t.warehouseId, t.variantId),
    check('stock_levels_reserved_check', sql`${t.reserved} >= 0`),
    check('stock_levels_available_check', sql`${t.onHand} >= ${t.reserved}`),
    check('stock_levels_reorder_point_check', sql`${t.reorderPoint} >= 0`),
  ],
);

/**
 * One journal entry: a receipt, an adjustment, a transfer (two movements), a production run or a
 * committed reservation (one sale movement per line). Carries the idempotency key of the request.
 */
export const stockOperations = pgTable('stock_operations', {
  id: operationId('id').primaryKey(),
  kind: text('kind').$type<MovementKind>().notNull(),
  idempotencyKey: text('idempotency_key').unique('stock_operations_idempotency_key_unique'),
  /** Hash of the request, so a reused key with different input is refused instead of answered wrongly. */
  fingerprint: text('fingerprint'),
  reference: text('reference'),
  note: text('note'),
  actorId: text('actor_id'),
  createdAt: createdAt(),
});

export type MovementKind = 'receipt' | 'sale' | 'adjustment' | 'transfer' | 'production';

/**
 * The movement journal (append-only). `quantity` is the signed change of on-hand stock; `costAmount`
 * the signed change of stock value in minor units of `currency` (a sale's is minus its COGS).
 * Stock on hand always equals the sum of `quantity` per variant and warehouse.
 */
export const stockMovements = pgTable(
  'stock_movements',
  {
    id: movementId('id').primaryKey(),
    operationId: operationId('operation_id')
      .notNull()
      .references(() => stockOperations.id),
    kind: text('kind').$type<MovementKind>().notNull(),
    variantId: variantId('variant_id').notNull(),
    warehouseId: warehouseId('warehouse_id').notNull(),
    quantity: integer('quantity').notNull(),
    costAmount: bigint('cost_amount', { mode: 'number' }).notNull(),
    currency: text('currency'),
    createdAt: createdAt(),
  },
  (t) => [
    index('stock_movements_variant_idx').on(t.variantId, t.warehouseId, t.id),
    index('stock_movements_operation_idx').on(t.operationId),
    foreignKey({
      columns: [t.variantId, t.warehouseId],
      foreignColumns: [stockLevels.variantId, stockLevels.warehouseId],
    }),
    check('stock_movements_quantity_check', sql`${t.quantity} <> 0`),
  ],
);

/**
 * FIFO cost layers: one per incoming movement, consumed oldest first. Sum of `remaining` equals stock
 * on hand per variant and warehouse; sum of `remaining × unitCost` is the stock's value.
 */
export const costLayers = pgTable(
  'cost_layers',
  {
    id: layerId('id').primaryKey(),
    variantId: variantId('variant_id').notNull(),
    warehouseId: warehouseId('warehouse_id').notNull(),
    movementId: movementId('movement_id')
      .notNull()
      .references(() => stockMovements.id),
    unitCost: bigint('unit_cost', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    quantity: integer('quantity').notNull(),
    remaining: integer('remaining').notNull(),
    /** FIFO order; a transfer keeps the original receipt time so old stock still leaves first. */
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    foreignKey({
      columns: [t.variantId, t.warehouseId],
      foreignColumns: [stockLevels.variantId, stockLevels.warehouseId],
    }),
    index('cost_layers_open_idx').on(t.variantId, t.warehouseId, t.receivedAt, t.id).where(sql`${t.remaining} > 0`),
    // The latest cost of a variant (default cost of units found by a count or produced).
    index('cost_layers_variant_idx').on(t.variantId, t.receivedAt),
    check('cost_layers_remaining_check', sql`${t.remaining} >= 0 and ${t.remaining} <= ${t.quantity}`),
    check('cost_layers_unit_cost_check', sql`${t.unitCost} >= 0`),
  ],
);

export type ReservationStatus = 'active' | 'committed' | 'released' | 'expired';

export const reservations = pgTable(
  'reservations',
  {
    id: reservationId('id').primaryKey(),
    idempotencyKey: text('idempotency_key').notNull().unique('reservations_idempotency_key_unique'),
    fingerprint: text('fingerprint').notNull(),
    status: text('status').$type<ReservationStatus>().notNull().default('active'),
    /** The caller's reference (a cart or order id), shown to operators. */
    reference: text('reference'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** The sale operation a commit produced. */
    operationId: operationId('operation_id').references(() => stockOperations.id),
    createdAt: createdAt(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    // Finds due reservations (lazy expiry and the sweep) without scanning closed ones.
    index('reservations_active_expiry_idx').on(t.expiresAt).where(sql`${t.status} = 'active'`),
  ],
);

export const reservationLines = pgTable(
  'reservation_lines',
  {
    reservationId: reservationId('reservation_id')
      .notNull()
      .references(() => reservations.id),
    lineNo: integer('line_no').notNull(),
    variantId: variantId('variant_id').notNull(),
    warehouseId: warehouseId('warehouse_id').notNull(),
    quantity: integer('quantity').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.reservationId, t.lineNo] }),
    foreignKey({
      columns: [t.variantId, t.warehouseId],
      foreignColumns: [stockLevels.variantId, stockLevels.warehouseId],
    }),
    index('reservation_lines_variant_idx').on(t.variantId, t.warehouseId),
    check('reservation_lines_quantity_check', sql`${t.quantity} > 0`),
  ],
);
