import type { RequestContext } from '@meridian/kit';
import { sql } from 'drizzle-orm';
import { tenantDb } from './context.ts';
import { searchPriceSql } from './search-prices.ts';
import { applySearchSettings, fromClause, type PreparedSearch } from './search-query.ts';

export interface ProductFacets {
  /** Products matched (the connection's totalCount, when both are asked for). */
  total: number;
  categories: { categoryId: string; count: number }[];
  price: { min: number | null; max: number | null; currency: string };
  attributes: { key: string; values: { value: string; count: number }[] }[];
  inStock: { inStock: number; outOfStock: number };
}

interface FacetRow {
  categories: [string, number][];
  attributes: [string, string, number][];
  min: string | null;
  max: string | null;
  total: number;
  in_stock: number;
  out_of_stock: number;
}

/**
 * Facets over everything the filter matches (not just the page): product counts per category (a
 * product counts for its categories and their ancestors), the from-price range, attribute values and
 * stock. One statement: the match (the costly part with search text) runs once, materialised, and
 * every aggregate reads it.
 */
export async function productFacets(ctx: RequestContext, search: PreparedSearch): Promise<ProductFacets> {
  const matched = sql`select p.id, p.attributes, p.in_stock, ${searchPriceSql(search.currency)} as from_price
    ${fromClause(search, { withPrice: true })}`;
  const [row] = (await tenantDb(ctx).transaction(async (tx) => {
    await applySearchSettings(tx, search, { withPrice: true });
    return tx.execute(sql`with m as materialized (${matched}),
      categories as (
        select a.ulid, count(distinct m.id)::int as n from m
        join product_categories pc on pc.product_id = m.id join categories c on c.id = pc.category_id
        cross join lateral unnest(string_to_array(c.path, '/')) as a(ulid) group by a.ulid),
      attributes as (
        select kv.key, v.value, count(distinct m.id)::int as n from m
        cross join lateral jsonb_each(m.attributes) as kv(key, value)
        cross join lateral jsonb_array_elements_text(kv.value) as v(value)
        group by kv.key, v.value)
      select
        (select coalesce(json_agg(json_build_array(ulid, n) order by n desc, ulid), '[]') from categories) as categories,
        (select coalesce(json_agg(json_build_array(key, value, n) order by key, n desc, value), '[]') from attributes)
          as attributes,
        stats.*
      from (select count(*)::int as total, min(from_price)::text as min, max(from_price)::text as max,
        count(*) filter (where in_stock)::int as in_stock, count(*) filter (where not in_stock)::int as out_of_stock
        from m) as stats`);
  })) as unknown as FacetRow[];
  const byKey = new Map<string, { value: string; count: number }[]>();
  for (const [key, value, count] of row?.attributes ?? []) {
    const values = byKey.get(key) ?? [];
    values.push({ value, count });
    byKey.set(key, values);
  }
  return {
    total: row?.total ?? 0,
    categories: (row?.categories ?? []).map(([ulid, count]) => ({ categoryId: `cat_${ulid}`, count })),
    price: {
      min: row?.min === null || row?.min === undefined ? null : Number(row.min),
      max: row?.max === null || row?.max === undefined ? null : Number(row.max),
      currency: search.currency,
    },
    attributes: [...byKey].map(([key, values]) => ({ key, values })),
    inStock: { inStock: row?.in_stock ?? 0, outOfStock: row?.out_of_stock ?? 0 },
  };
}
