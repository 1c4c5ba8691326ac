import { notFound, parseId, type RequestContext, uuidToId } from '@meridian/kit';
import { eq, type SQL, sql } from 'drizzle-orm';
import { collections } from '../db/schema.ts';
import { tenantDb } from './context.ts';
import {
  fromClause,
  fromPriceSql,
  type PreparedSearch,
  type ProductFilter,
  type ProductSort,
  prepareSearch,
} from './search-query.ts';

/** Keyset cursor: the row's sort value and id, so page N+1 starts exactly after page N's last row. */
type CursorKey = [string | number | null, string];

export const encodeCursor = (key: CursorKey) => Buffer.from(JSON.stringify(key)).toString('base64url');

function decodeCursor(cursor: string | null | undefined): CursorKey | null {
  if (!cursor) return null;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === 2 && typeof key[1] === 'string' && /^[0-9a-f-]{36}$/.test(key[1])) {
      return key as CursorKey;
    }
  } catch {}
  return null;
}

const maxPrice = 9_000_000_000_000_000;

/** Sort value expression and direction per order; ties are always broken by the product's uuid. */
function ordering(search: PreparedSearch): { value: SQL; desc: boolean } {
  switch (search.sort) {
    case 'relevance':
      return {
        value: sql`(ts_rank_cd(p.search_vector, to_tsquery('simple', ${search.tsQuery ?? ''}))::float8
          + extensions.word_similarity(${search.text}, p.title)::float8)`,
        desc: true,
      };
    case 'title_asc':
    case 'title_desc':
      return { value: sql`lower(p.title)`, desc: search.sort === 'title_desc' };
    case 'price_asc':
    case 'price_desc':
      return {
        value: sql`coalesce(${fromPriceSql(search.currency)}, ${maxPrice})`,
        desc: search.sort === 'price_desc',
      };
    case 'collection':
      return { value: sql`cp.position`, desc: false };
    default:
      return { value: sql`p.created_at`, desc: true };
  }
}

export interface SearchPage {
  ids: string[];
  cursors: string[];
  hasNextPage: boolean;
  search: PreparedSearch;
}

export async function searchProducts(
  ctx: RequestContext,
  args: {
    first: number;
    after?: string | null;
    filter?: ProductFilter | null;
    sort?: ProductSort | null;
    currency?: string | null;
  },
): Promise<SearchPage> {
  const filter = args.filter ?? {};
  if (filter.collectionId) await assertCollection(ctx, filter.collectionId);
  const search = await prepareSearch(ctx, filter, args.sort ?? 'relevance', args.currency);
  const { value, desc } = ordering(search);
  const after = decodeCursor(args.after);
  const keyset = after
    ? search.sort === 'newest'
      ? sql` and (p.created_at, p.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`
      : desc
        ? sql` and (${value} < ${after[0]} or (${value} = ${after[0]} and p.id > ${after[1]}::uuid))`
        : sql` and (${value} > ${after[0]} or (${value} = ${after[0]} and p.id > ${after[1]}::uuid))`
    : sql``;
  const base = fromClause(search);
  const whereJoin = search.where.length ? keyset : after ? sql` where true${keyset}` : sql``;
  const order =
    search.sort === 'newest'
      ? sql`p.created_at desc, p.id desc`
      : desc
        ? sql`${value} desc, p.id asc`
        : sql`${value} asc, p.id asc`;
  const rows = await tenantDb(ctx).transaction(async (tx) => {
    if (search.text) await tx.execute(sql`select set_config('pg_trgm.word_similarity_threshold', '0.5', true)`);
    return (await tx.execute(
      sql`select p.id, ${search.sort === 'newest' ? sql`to_char(p.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` : value} as sort_value
        ${base}${whereJoin} order by ${order} limit ${args.first + 1}`,
    )) as unknown as { id: string; sort_value: string | number | null }[];
  });
  const page = rows.slice(0, args.first);
  return {
    ids: page.map((r) => uuidToId('prd', r.id)),
    cursors: page.map((r) =>
      encodeCursor([
        r.sort_value === null
          ? null
          : typeof r.sort_value === 'string' && search.needsPrice
            ? Number(r.sort_value)
            : r.sort_value,
        r.id,
      ]),
    ),
    hasNextPage: rows.length > args.first,
    search,
  };
}

async function assertCollection(ctx: RequestContext, id: string) {
  if (!parseId('col', id)) throw notFound('Collection');
  const [row] = await tenantDb(ctx).transaction((tx) =>
    tx.select({ id: collections.id }).from(collections).where(eq(collections.id, id)),
  );
  if (!row) throw notFound('Collection');
}

export async function countProducts(ctx: RequestContext, search: PreparedSearch): Promise<number> {
  const rows = await tenantDb(ctx).transaction(async (tx) => {
    if (search.text) await tx.execute(sql`select set_config('pg_trgm.word_similarity_threshold', '0.5', true)`);
    return (await tx.execute(sql`select count(*)::int as n ${fromClause(search)}`)) as unknown as { n: number }[];
  });
  return rows[0]?.n ?? 0;
}

export interface ProductFacets {
  categories: { categoryId: string; count: number }[];
  price: { min: number | null; max: number | null; currency: string };
  attributes: { key: string; values: { value: string; count: number }[] }[];
  inStock: { inStock: number; outOfStock: number };
}

/**
 * Facets over everything the filter matches (not just the page): product counts per category (a
 * product counts for its categories and their ancestors), the from-price range, attribute values and
 * stock. One transaction, four aggregate queries over the same matched set.
 */
export async function productFacets(ctx: RequestContext, search: PreparedSearch): Promise<ProductFacets> {
  const matched = sql`select p.id, p.attributes, p.in_stock, ${fromPriceSql(search.currency)} as from_price ${fromClause(search)}`;
  return tenantDb(ctx).transaction(async (tx) => {
    if (search.text) await tx.execute(sql`select set_config('pg_trgm.word_similarity_threshold', '0.5', true)`);
    const categories = (await tx.execute(sql`with m as (${matched})
      select a.ulid, count(distinct m.id)::int as n from m
      join product_categories pc on pc.product_id = m.id join categories c on c.id = pc.category_id
      cross join lateral unnest(string_to_array(c.path, '/')) as a(ulid) group by a.ulid order by n desc, a.ulid`)) as unknown as {
      ulid: string;
      n: number;
    }[];
    const [price] = (await tx.execute(sql`with m as (${matched})
      select min(from_price)::bigint as min, max(from_price)::bigint as max,
        count(*) filter (where in_stock)::int as in_stock, count(*) filter (where not in_stock)::int as out_of_stock from m`)) as unknown as {
      min: string | null;
      max: string | null;
      in_stock: number;
      out_of_stock: number;
    }[];
    const attributes = (await tx.execute(sql`with m as (${matched})
      select kv.key, v.value, count(distinct m.id)::int as n from m
      cross join lateral jsonb_each(m.attributes) as kv(key, value)
      cross join lateral jsonb_array_elements_text(kv.value) as v(value)
      group by kv.key, v.value order by kv.key, n desc, v.value`)) as unknown as {
      key: string;
      value: string;
      n: number;
    }[];
    const byKey = new Map<string, { value: string; count: number }[]>();
    for (const a of attributes) {
      const values = byKey.get(a.key) ?? [];
      values.push({ value: a.value, count: a.n });
      byKey.set(a.key, values);
    }
    return {
      categories: categories.map((c) => ({ categoryId: `cat_${c.ulid}`, count: c.n })),
      price: {
        min: price?.min === null || price?.min === undefined ? null : Number(price.min),
        max: price?.max === null || price?.max === undefined ? null : Number(price.max),
        currency: search.currency,
      },
      attributes: [...byKey].map(([key, values]) => ({ key, values })),
      inStock: { inStock: price?.in_stock ?? 0, outOfStock: price?.out_of_stock ?? 0 },
    };
  });
}
