import { divideRounded, type Resolvers, toConnection } from '@meridian/kit';
import type { MovementKind } from '../db/schema.ts';
import {
  findInventoryItem,
  type InventoryItemRow,
  type TrackInventoryItemInput,
  trackInventoryItem,
} from '../model/inventory-item.ts';
import {
  findStockOperation,
  type LayerValue,
  listStockMovements,
  type MovementFilter,
  movementsOfOperation,
  operationById,
  valuesOfVariant,
  verifyStockLedger,
} from '../model/journal-read.ts';
import { type SetReorderPointInput, setReorderPoint } from '../model/reorder-point.ts';
import type { StockMovementRow, StockOperationRow } from '../model/stock-journal.ts';
import {
  type AdjustStockInput,
  adjustStock,
  type ReceiveStockInput,
  type RecordProductionInput,
  receiveStock,
  recordProduction,
  type TransferStockInput,
  transferStock,
} from '../model/stock-operations.ts';
import {
  availableOf,
  levelCursor,
  levelsOfVariant,
  listStockLevels,
  type StockLevelFilter,
} from '../model/stock-read.ts';
import { warehouseById } from '../model/warehouse.ts';
import { fromGraphEnum, reference, toCost, toGraphEnum } from './graph-values.ts';

type Level = { variantId: string; warehouseId: string; onHand: number; reserved: number; reorderPoint: number };

const totalValue = (values: LayerValue[]) => {
  const currency = values[0]?.value.currency;
  if (!currency) return null;
  return {
    quantity: values.reduce((sum, v) => sum + v.quantity, 0),
    amount: values.reduce((sum, v) => sum + v.value.amount, 0),
    currency,
  };
};

export const stockResolvers: Resolvers = {
  Query: {
    inventoryItem: (_parent, args: { variantId: string }, ctx) => findInventoryItem(ctx, args.variantId),
    stockLevels: async (_parent, args: StockLevelFilter, ctx) => {
      const page = await listStockLevels(ctx, args);
      return toConnection(page.nodes, { hasNextPage: page.hasNextPage, cursorOf: levelCursor });
    },
    stockMovements: async (_parent, args: MovementFilter & { kind?: string }, ctx) => {
      const page = await listStockMovements(ctx, { ...args, kind: fromGraphEnum<MovementKind>(args.kind) });
      return toConnection(page.nodes, { hasNextPage: page.hasNextPage, cursorOf: (m) => m.id });
    },
    stockOperation: (_parent, args: { id: string }, ctx) => findStockOperation(ctx, args.id),
    stockLedgerCheck: (_parent, _args, ctx) => verifyStockLedger(ctx),
  },
  Mutation: {
    trackInventoryItem: (_p, args: { input: TrackInventoryItemInput }, ctx) => trackInventoryItem(ctx, args.input),
    receiveStock: (_p, args: { input: ReceiveStockInput }, ctx) => receiveStock(ctx, args.input),
    adjustStock: (_p, args: { input: AdjustStockInput }, ctx) => adjustStock(ctx, args.input),
    transferStock: (_p, args: { input: TransferStockInput }, ctx) => transferStock(ctx, args.input),
    recordProduction: (_p, args: { input: RecordProductionInput }, ctx) => recordProduction(ctx, args.input),
    setReorderPoint: (_p, args: { input: SetReorderPointInput }, ctx) => setReorderPoint(ctx, args.input),
  },
  InventoryItem: {
    variant: (item: InventoryItemRow) => reference(item.variantId),
    product: (item: InventoryItemRow) => reference(item.productId),
    levels: (item: InventoryItemRow, _args, ctx) => levelsOfVariant(ctx, item.variantId),
    onHand: async (item: InventoryItemRow, _args, ctx) =>
      (await levelsOfVariant(ctx, item.variantId)).reduce((sum, l) => sum + l.onHand, 0),
    reserved: async (item: InventoryItemRow, _args, ctx) =>
      (await levelsOfVariant(ctx, item.variantId)).reduce((sum, l) => sum + l.reserved, 0),
    available: async (item: InventoryItemRow, _args, ctx) =>
      (await levelsOfVariant(ctx, item.variantId)).reduce((sum, l) => sum + availableOf(l), 0),
    valuation: async (item: InventoryItemRow, _args, ctx) => {
      const value = totalValue(await valuesOfVariant(ctx, item.variantId));
      if (!value) return null;
      return {
        method: 'FIFO',
        quantity: value.quantity,
        value: toCost(value.amount, value.currency),
        averageUnitCost:
          value.quantity > 0
            ? toCost(Number(divideRounded(BigInt(value.amount), BigInt(value.quantity))), value.currency)
            : null,
      };
    },
  },
  StockLevel: {
    variant: (level: Level) => reference(level.variantId),
    warehouse: (level: Level, _args, ctx) => warehouseById(ctx, level.warehouseId),
    available: (level: Level) => availableOf(level),
    belowReorderPoint: (level: Level) => availableOf(level) < level.reorderPoint,
    value: async (level: Level, _args, ctx) => {
      const values = (await valuesOfVariant(ctx, level.variantId)).filter((v) => v.warehouseId === level.warehouseId);
      const value = totalValue(values);
      return value ? toCost(value.amount, value.currency) : null;
    },
  },
  StockMovement: {
    kind: (movement: StockMovementRow) => toGraphEnum(movement.kind),
    variant: (movement: StockMovementRow) => reference(movement.variantId),
    warehouse: (movement: StockMovementRow, _args, ctx) => warehouseById(ctx, movement.warehouseId),
    cost: (movement: StockMovementRow) => (movement.currency ? toCost(movement.costAmount, movement.currency) : null),
    operation: (movement: StockMovementRow, _args, ctx) => operationById(ctx, movement.operationId),
  },
  StockOperation: {
    kind: (operation: StockOperationRow) => toGraphEnum(operation.kind),
    movements: (operation: StockOperationRow, _args, ctx) => movementsOfOperation(ctx, operation.id),
  },
};
