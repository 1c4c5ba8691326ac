import { type RequestContext, toConnection } from '@meridian/kit';
import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { loadVisibleProducts } from '../model/product-read.ts';
import { type SearchPage, searchProducts } from '../model/search.ts';
import { type ProductFacets, productFacets } from '../model/search-facets.ts';
import type { PreparedSearch, ProductFilter, ProductSort } from '../model/search-query.ts';

export const seoOf = (row: { seoTitle: string | null; seoDescription: string | null }) => ({
  title: row.seoTitle,
  description: row.seoDescription,
});

export const enumValues = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v.toUpperCase(), v])) as Record<string, T>;

/** Whether the field being resolved selects `name` (directly or through fragments). */
export function selects(info: GraphQLResolveInfo, name: string): boolean {
  const within = (set: SelectionSetNode | undefined): boolean =>
    (set?.selections ?? []).some((s) => {
      if (s.kind === 'Field') return s.name.value === name;
      if (s.kind === 'InlineFragment') return within(s.selectionSet);
      return within(info.fragments[s.name.value]?.selectionSet);
    });
  return info.fieldNodes.some((node) => within(node.selectionSet));
}

export interface ProductConnection {
  edges: { cursor: string; node: unknown }[];
  pageInfo: unknown;
  search: PreparedSearch;
  /** totalCount and facets both asked for: one pass over the match answers both. */
  countWithFacets: boolean;
  facets?: Promise<ProductFacets>;
}

/** The connection's facets, computed once however many fields read them. */
export function facetsOf(ctx: RequestContext, connection: ProductConnection): Promise<ProductFacets> {
  connection.facets ??= productFacets(ctx, connection.search);
  return connection.facets;
}

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
  info: GraphQLResolveInfo,
): Promise<ProductConnection> {
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
    countWithFacets: selects(info, 'facets') && selects(info, 'totalCount'),
  };
}
