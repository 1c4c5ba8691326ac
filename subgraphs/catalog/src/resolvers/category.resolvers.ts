import { type Resolvers, referenceResolver, toConnection } from '@meridian/kit';
import { type CategoryRow, createCategory, deleteCategory, moveCategory, updateCategory } from '../model/category.ts';
import { categoryPage, findCategory, loadCategories } from '../model/category-read.ts';
import {
  addProductsToCollection,
  type CollectionRow,
  createCollection,
  findCollection,
  listCollections,
  removeProductsFromCollection,
  updateCollection,
} from '../model/collection.ts';
import { productConnection, seoOf } from './shared.ts';

type Args = Record<string, never>;

export const categoryResolvers: Resolvers = {
  Query: {
    category: (_p, args: { id?: string; slug?: string }, ctx) => findCategory(ctx, args),
    categories: async (_p, args: { parentId?: string; first?: number; after?: string }, ctx) => {
      const parentId = args.parentId ? (await findCategory(ctx, { id: args.parentId })).id : null;
      const page = await categoryPage(ctx, {
        parentId,
        first: Math.min(args.first ?? 100, 250),
        after: args.after ?? null,
      });
      return toConnection(page.rows, { hasNextPage: page.hasNextPage, cursorOf: (c) => String(c.position) });
    },
    collection: (_p, args: { id?: string; slug?: string }, ctx) => findCollection(ctx, args),
    collections: async (_p, args: { first?: number; after?: string }, ctx) => {
      const page = await listCollections(ctx, { first: Math.min(args.first ?? 50, 250), after: args.after ?? null });
      return toConnection(page.rows, { hasNextPage: page.hasNextPage, cursorOf: (c) => c.id });
    },
  },
  Mutation: {
    createCategory: (_p, args: { input: Parameters<typeof createCategory>[1] }, ctx) => createCategory(ctx, args.input),
    updateCategory: (_p, args: { input: Parameters<typeof updateCategory>[1] }, ctx) => updateCategory(ctx, args.input),
    moveCategory: (_p, args: { input: Parameters<typeof moveCategory>[1] }, ctx) => moveCategory(ctx, args.input),
    deleteCategory: (_p, args: { input: { id: string } }, ctx) => deleteCategory(ctx, args.input.id),
    createCollection: (_p, args: { input: Parameters<typeof createCollection>[1] }, ctx) =>
      createCollection(ctx, args.input),
    updateCollection: (_p, args: { input: Parameters<typeof updateCollection>[1] }, ctx) =>
      updateCollection(ctx, args.input),
    addProductsToCollection: (_p, args: { input: { collectionId: string; productIds: string[] } }, ctx) =>
      addProductsToCollection(ctx, args.input),
    removeProductsFromCollection: (_p, args: { input: { collectionId: string; productIds: string[] } }, ctx) =>
      removeProductsFromCollection(ctx, args.input),
  },
  Category: {
    __resolveReference: referenceResolver('Category', async (ctx, ids) => {
      const rows = await loadCategories(ctx, [...ids]);
      return new Map(rows.map((r) => [r.id, r]));
    }),
    seo: seoOf,
    parent: async (c: CategoryRow, _a: Args, ctx) =>
      c.parentId ? ((await loadCategories(ctx, [c.parentId]))[0] ?? null) : null,
    ancestors: (c: CategoryRow, _a: Args, ctx) =>
      loadCategories(
        ctx,
        c.path
          .split('/')
          .slice(0, -1)
          .map((ulid) => `cat_${ulid}`),
      ),
    children: async (c: CategoryRow, _a: Args, ctx) => (await categoryPage(ctx, { parentId: c.id, first: 250 })).rows,
    products: (
      c: CategoryRow,
      args: { first?: number; after?: string; sort?: 'newest'; currency?: string },
      ctx,
      info,
    ) => productConnection(ctx, { ...args, filter: { categoryIds: [c.id] } }, info),
  },
  Collection: {
    __resolveReference: (ref: { id: string }, ctx) => findCollection(ctx, { id: ref.id }).catch(() => null),
    seo: seoOf,
    products: (c: CollectionRow, args: { first?: number; after?: string; currency?: string }, ctx, info) =>
      productConnection(ctx, { ...args, sort: 'collection', filter: { collectionId: c.id } }, info),
  },
};
