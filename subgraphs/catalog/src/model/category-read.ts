import { loaderFor, notFound, parseId, type RequestContext } from '@meridian/kit';
import { and, asc, eq, gt, inArray, isNull } from 'drizzle-orm';
import { categories } from '../db/schema.ts';
import { categoriesTag } from './cache-tags.ts';
import type { CategoryRow } from './category.ts';
import { tenantDb } from './context.ts';

/** Categories by id, one query per request batch. */
export function categoryLoader(ctx: RequestContext) {
  return loaderFor<string, CategoryRow>(ctx, 'catalog:categories', async (ids) => {
    const rows = await tenantDb(ctx).transaction((tx) =>
      tx
        .select()
        .from(categories)
        .where(inArray(categories.id, [...ids])),
    );
    return new Map(rows.map((r) => [r.id, r]));
  });
}

export async function loadCategories(ctx: RequestContext, ids: string[]): Promise<CategoryRow[]> {
  const rows = await categoryLoader(ctx).loadMany(ids);
  return rows.filter((r): r is CategoryRow => r !== null && !(r instanceof Error));
}

/** A page of one parent's children (or the roots), in tree order; the cursor is the position. */
export async function categoryPage(
  ctx: RequestContext,
  args: { parentId: string | null; first: number; after?: string | null },
) {
  const after = args.after === undefined || args.after === null ? -1 : Number(args.after);
  const rows = await tenantDb(ctx).transaction((tx) =>
    tx
      .select()
      .from(categories)
      .where(
        and(
          args.parentId ? eq(categories.parentId, args.parentId) : isNull(categories.parentId),
          gt(categories.position, Number.isInteger(after) ? after : -1),
        ),
      )
      .orderBy(asc(categories.position))
      .limit(args.first + 1),
  );
  return { rows: rows.slice(0, args.first), hasNextPage: rows.length > args.first };
}

export async function findCategory(ctx: RequestContext, args: { id?: string | null; slug?: string | null }) {
  if (args.id && !parseId('cat', args.id)) throw notFound('Category');
  const where = args.id ? eq(categories.id, args.id) : args.slug ? eq(categories.slug, args.slug.toLowerCase()) : null;
  if (!where) throw notFound('Category');
  const [row] = await tenantDb(ctx).transaction((tx) => tx.select().from(categories).where(where));
  if (!row) throw notFound('Category');
  return row;
}

/** Every category's path, cached tenant-wide: ancestors for pricing rules and breadcrumbs. */
export async function categoryPaths(ctx: RequestContext): Promise<Record<string, string>> {
  return ctx.cache.getOrLoad(
    'category-paths',
    async () => {
      const rows = await tenantDb(ctx).transaction((tx) =>
        tx.select({ id: categories.id, path: categories.path }).from(categories),
      );
      return Object.fromEntries(rows.map((r) => [r.id, r.path]));
    },
    { tags: [categoriesTag], ttlSeconds: 600 },
  );
}

/** The categories and all their ancestors, as ids. */
export function withAncestors(paths: Record<string, string>, ids: string[]): string[] {
  const out = new Set<string>();
  for (const id of ids) {
    for (const ulid of (paths[id] ?? '').split('/').filter(Boolean)) out.add(`cat_${ulid}`);
  }
  return [...out];
}
