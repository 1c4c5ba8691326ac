import { type RequestContext, toConnection } from '@meridian/kit';
import { loadVisibleProducts } from '../model/product-read.ts';
import { type SearchPage, searchProducts } from '../model/search.ts';
import type { ProductFilter, ProductSort } from '../model/search-query.ts';

export const seoOf = (row: { seoTitle: string | null; seoDescription: string | null }) => ({
  title: row.seoTitle,
  description: row.seoDescription,
});

export const enumValues = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v.toUpperCase(), v])) as Record<string, T>;

/** A product connection: the page's products plus what totalCount and facets need to run lazily. */
export async function productConnection(
  ctx: RequestContext,
  args: {
    first?: number | null;
    after?: string | null;
    filter?: ProductFilter | null;
    sort?: ProductSort | null;
    currency?: string | null;
  },
) {
  const first = Math.min(Math.max(Math.trunc(args.first ?? 24), 1), 100);
  const page: SearchPage = await searchProducts(ctx, { ...args, first });
  const views = await loadVisibleProducts(ctx, page.ids);
  const nodes = page.ids
    .map((id, i) => ({ id, cursor: page.cursors[i] as string, view: views.get(id) }))
    .filter((n) => n.view);
  const connection = toConnection(nodes, { hasNextPage: page.hasNextPage, cursorOf: (n) => n.cursor });
  return {
    edges: connection.edges.map((e) => ({ cursor: e.cursor, node: e.node.view })),
    pageInfo: connection.pageInfo,
    search: page.search,
  };
}
