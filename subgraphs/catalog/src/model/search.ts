import { createHash } from 'node:crypto';
import { notFound, parseId, type RequestContext, uuidToId } from '@meridian/kit';
import { eq, type SQL, sql } from 'drizzle-orm';
import { collections } from '../db/schema.ts';
import { listingsTag, listingTtlSeconds } from './cache-tags.ts';
import { canReadAll, tenantDb } from './context.ts';
import { searchPriceSql } from './search-prices.ts';
import {
  applySearchSettings,
  fromClause,
  type PreparedSearch,
  type ProductFilter,
  type ProductSort,
  prepareSearch,
  trigramDocument,
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

/**
 * Full-text rank (title words weigh most); with typo tolerance on, plus each word's similarity to its
 * best match, so "blue jaket" puts "Blue Jacket" above "Blue Jackets Rack". The similarities are
 * computed for the few matched rows only, never for a whole full-text match.
 */
function relevance(search: PreparedSearch): SQL {
  const rank = sql`ts_rank_cd(p.search_vector, to_tsquery('simple', ${search.tsQuery ?? ''}))::float8`;
  if (search.fuzzyWords.length === 0) return rank;
  const similarities = search.fuzzyWords.map(
    (w) => sql`extensions.strict_word_similarity(${w}, ${trigramDocument})::float8`,
  );
  return sql`(${rank} + ${sql.join(similarities, sql` + `)})`;
}

/** Sort value expression and direction per order; ties are always broken by the product's uuid. */
function ordering(search: PreparedSearch): { value: SQL; desc: boolean } {
  switch (search.sort) {
    case 'relevance':
      return { value: relevance(search), desc: true };
    case 'title_asc':
    case 'title_desc':
      return { value: sql`lower(p.title)`, desc: search.sort === 'title_desc' };
    case 'price_asc':
    case 'price_desc':
      return {
        value: sql`coalesce(${searchPriceSql(search.currency)}, ${maxPrice})`,
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

type PageRows = Omit<SearchPage, 'search'>;

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
  if (filter.collectionId && !parseId('col', filter.collectionId)) throw notFound('Collection');
  const search = await prepareSearch(ctx, filter, args.sort ?? 'relevance', args.currency);
  const run = () =>
    searchPage(ctx, search, { first: args.first, after: args.after, collectionId: filter.collectionId });
  // Storefront listings (no search text) repeat across shoppers: their page is cached until a catalog
  // change could move a product into, out of or within it. Text searches and back-office reads run live.
  if (search.text || canReadAll(ctx)) return { ...(await run()), search };
  const key = createHash('sha256')
    .update(JSON.stringify([filter, search.sort, search.currency, args.first, args.after ?? null]))
    .digest('base64url');
  const page = await ctx.cache.getOrLoad<PageRows>(`listing:${key}`, run, {
    tags: [listingsTag],
    ttlSeconds: listingTtlSeconds,
  });
  return { ...page, search };
}

/** One page of the search, in one tenant transaction (with the collection's existence check). */
async function searchPage(
  ctx: RequestContext,
  search: PreparedSearch,
  args: { first: number; after?: string | null | undefined; collectionId?: string | null | undefined },
): Promise<PageRows> {
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
    if (args.collectionId) {
      const [found] = await tx
        .select({ id: collections.id })
        .from(collections)
        .where(eq(collections.id, args.collectionId));
      if (!found) throw notFound('Collection');
    }
    await applySearchSettings(tx, search);
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
  };
}

export async function countProducts(ctx: RequestContext, search: PreparedSearch): Promise<number> {
  const rows = await tenantDb(ctx).transaction(async (tx) => {
    await applySearchSettings(tx, search);
    return (await tx.execute(sql`select count(*)::int as n ${fromClause(search)}`)) as unknown as { n: number }[];
  });
  return rows[0]?.n ?? 0;
}
