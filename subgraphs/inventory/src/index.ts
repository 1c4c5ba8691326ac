import { fileURLToPath } from 'node:url';
import { createSubgraph, DateTimeScalar, loadMigrations, loadTypeDefs, mergeResolvers } from '@meridian/kit';
import { expireDueReservations } from './model/reservation-lifecycle.ts';
import { ensureDefaultWarehouse, ensureDemoWarehouses } from './model/warehouse.ts';
import { inventoryPermissions } from './permissions.ts';
import { productResolvers } from './resolvers/product.resolvers.ts';
import { reservationResolvers } from './resolvers/reservation.resolvers.ts';
import { stockResolvers } from './resolvers/stock.resolvers.ts';
import { warehouseResolvers } from './resolvers/warehouse.resolvers.ts';
import { inventorySubscribers } from './subscribers.ts';

export { sweepExpiredReservations } from './model/reservation-lifecycle.ts';

export const inventoryTypeDefs = loadTypeDefs(new URL('./schema/', import.meta.url));

export const inventoryMigrations = loadMigrations(
  'inventory',
  fileURLToPath(new URL('./db/migrations', import.meta.url)),
);

/** Inventory: warehouses, stock levels, reservations, the movement journal and FIFO valuation. */
export function createInventorySubgraph() {
  return createSubgraph({
    name: 'inventory',
    typeDefs: inventoryTypeDefs,
    resolvers: mergeResolvers(
      { DateTime: DateTimeScalar },
      warehouseResolvers,
      stockResolvers,
      reservationResolvers,
      productResolvers,
    ),
    permissions: inventoryPermissions,
    migrations: inventoryMigrations,
    // The journal is the record of what happened: the tenant role may add to it, never rewrite it.
    appendOnlyTables: ['stock_operations', 'stock_movements'],
    seedDefaults: (tx) => ensureDefaultWarehouse(tx),
    // Stock itself arrives with catalog's demo products (see subscribers.ts and model/demo-stock.ts).
    seedDemo: async (tx) => {
      await ensureDemoWarehouses(tx);
    },
    subscribers: inventorySubscribers,
    // Reads already ignore expired reservations; the sweep returns their units to the stored counts.
    periodicJobs: [{ name: 'inventory.expire-reservations', everySeconds: 60, run: (tx) => expireDueReservations(tx) }],
  });
}
