import { type Resolvers, toConnection } from '@meridian/kit';
import { importStatuses } from '../db/schema.ts';
import {
  appendProductImportPart,
  createProductImport,
  findProductImport,
  importErrors,
  type ProductImportRow,
  startProductImport,
} from '../model/product-import.ts';
import { enumValues } from './shared.ts';

export const importResolvers: Resolvers = {
  ProductImportStatus: enumValues(importStatuses),
  Query: {
    productImport: (_p, args: { id: string }, ctx) => findProductImport(ctx, args.id),
  },
  Mutation: {
    createProductImport: (_p, args: { input: Parameters<typeof createProductImport>[1] }, ctx) =>
      createProductImport(ctx, args.input),
    appendProductImportPart: (_p, args: { input: Parameters<typeof appendProductImportPart>[1] }, ctx) =>
      appendProductImportPart(ctx, args.input),
    startProductImport: (_p, args: { input: { importId: string } }, ctx) =>
      startProductImport(ctx, args.input.importId),
  },
  ProductImport: {
    __resolveReference: (ref: { id: string }, ctx) => findProductImport(ctx, ref.id).catch(() => null),
    progress: (i: ProductImportRow) => (i.totalRows === 0 ? 0 : i.processedRows / i.totalRows),
    failures: async (i: ProductImportRow, args: { first?: number; after?: string }, ctx) => {
      const page = await importErrors(ctx, i.id, { first: Math.min(args.first ?? 50, 250), after: args.after ?? null });
      return toConnection(page.rows, { hasNextPage: page.hasNextPage, cursorOf: (r) => String(r.rowNumber) });
    },
  },
};
