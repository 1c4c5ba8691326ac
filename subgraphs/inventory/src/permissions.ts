import { allow, and, can, hasTenant, or, type RuleMap } from '@meridian/kit';

/** Operators who read stock, and services that reserve it (a checkout holds inventory:write only). */
const readStock = and(hasTenant, or(can('inventory:read'), can('inventory:write')));
const writeStock = and(hasTenant, can('inventory:write'));
/** What a storefront shopper may know: whether, and how much, can be bought. */
const storefront = hasTenant;

/** Deny by default: every field reachable here is listed. */
export const inventoryPermissions: RuleMap = {
  Query: {
    warehouses: readStock,
    warehouse: readStock,
    inventoryItem: readStock,
    stockLevels: readStock,
    stockMovements: readStock,
    stockOperation: readStock,
    stockLedgerCheck: readStock,
    reservation: readStock,
    reservations: readStock,
  },
  Mutation: {
    createWarehouse: writeStock,
    updateWarehouse: writeStock,
    trackInventoryItem: writeStock,
    receiveStock: writeStock,
    adjustStock: writeStock,
    transferStock: writeStock,
    recordProduction: writeStock,
    setReorderPoint: writeStock,
    reserveStock: writeStock,
    commitReservation: writeStock,
    releaseReservation: writeStock,
  },
  ProductVariant: { id: storefront, available: storefront, inStock: storefront, '*': readStock },
  Product: { id: storefront, available: storefront, inStock: storefront, '*': readStock },
  Warehouse: readStock,
  WarehouseConnection: readStock,
  WarehouseEdge: readStock,
  InventoryItem: readStock,
  InventoryValuation: readStock,
  InventoryCost: readStock,
  StockLevel: readStock,
  StockLevelConnection: readStock,
  StockLevelEdge: readStock,
  StockMovement: readStock,
  StockMovementConnection: readStock,
  StockMovementEdge: readStock,
  StockOperation: readStock,
  StockLedgerCheck: readStock,
  Reservation: readStock,
  ReservationLine: readStock,
  ReservationConnection: readStock,
  ReservationEdge: readStock,
  WarehousePayload: allow,
  InventoryItemPayload: allow,
  StockOperationPayload: allow,
  StockLevelPayload: allow,
  ReservationPayload: allow,
  PageInfo: allow,
  UserError: allow,
};
