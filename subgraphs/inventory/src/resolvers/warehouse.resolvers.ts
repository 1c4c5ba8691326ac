import { idToUuid, type Resolvers, referenceResolver, toConnection } from '@meridian/kit';
import {
  type CreateWarehouseInput,
  createWarehouse,
  findWarehouse,
  listWarehouses,
  type UpdateWarehouseInput,
  updateWarehouse,
  warehouseById,
} from '../model/warehouse.ts';

const warehouseReference = referenceResolver('Warehouse', async (ctx, ids) => {
  const found = await Promise.all(ids.map((id) => warehouseById(ctx, id)));
  return new Map(found.flatMap((w) => (w ? [[w.id, w] as const] : [])));
});

export const warehouseResolvers: Resolvers = {
  Query: {
    warehouses: async (_parent, args: { first?: number; after?: string; includeInactive?: boolean }, ctx) => {
      const page = await listWarehouses(ctx, args);
      return toConnection(page.nodes, { hasNextPage: page.hasNextPage, cursorOf: page.cursorOf });
    },
    warehouse: (_parent, args: { id: string }, ctx) => findWarehouse(ctx, args.id),
  },
  Mutation: {
    createWarehouse: (_parent, args: { input: CreateWarehouseInput }, ctx) => createWarehouse(ctx, args.input),
    updateWarehouse: (_parent, args: { input: UpdateWarehouseInput }, ctx) => updateWarehouse(ctx, args.input),
  },
  Warehouse: {
    __resolveReference: (ref: { id: string }, ctx) => {
      idToUuid('whs', ref.id); // an id of another kind is NOT_FOUND, never a lookup
      return warehouseReference(ref, ctx);
    },
  },
};
