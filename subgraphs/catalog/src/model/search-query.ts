import {
  badUserInput,
  idToUuid,
  notFound,
  parseDecimal,
  parseId,
  type RequestContext,
  type TenantTx,
} from '@meridian/kit';
import { type SQL, sql } from 'drizzle-orm';
import type { ProductStatus } from '../db/schema.ts';
import { categoryPaths } from './category-read.ts';
import { canReadAll, queryCurrency, tenantDb } from './context.ts';
import { searchPriceJoin, searchPriceSql } from './search-prices.ts';

export type ProductSort =
  | 'relevance'
  | 'newest'
  | 'title_asc'
  | 'title_desc'
  | 'price_asc'
  | 'price_desc'
  | 'collection';

export interface ProductFilter {
  query?: string | null;
  categoryIds?: string[] | null;
  collectionId?: string | null;
  status?: ProductStatus[] | null;
  priceMin?: string | null;
  priceMax?: string | null;
  attributes?: { key: string; values: string[] }[] | null;
  inStock?: boolean | null;
}

/** A search made safe to run: every id checked, every value a bound parameter. */
export interface PreparedSearch {
  where: SQL[];
  /** Products joined with their manual position when a collection is the filter. */
  collectionUuid: string | null;
  text: string | null;
  tsQuery: string | null;
  /**
   * Words matched by trigram similarity (typo tolerance) because the full-text match found fewer than
   * `fewMatches`; empty when full text alone decides. Decided once per request so that the page, the
   * count and the facets filter alike.
   */
  fuzzyWords: string[];
  currency: string;
  /** Sorted by the from-price (its cursor values are numbers). */
  needsPrice: boolean;
  /** The from-price is part of the filter, so `sp` must be joined wherever the filter runs. */
  filtersByPrice: boolean;
  sort: ProductSort;
}

/** The words of a search, lower case, at most 8 (longer queries add cost, not precision). */
export function searchWords(text: string): string[] {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  ).slice(0, 8);
}

/**
 * 'blue shi' → 'blue:* & shi:*' (prefix match on every word, so typing finds as it goes). Built from
 * letters and digits only, so to_tsquery cannot fail on it; websearch_to_tsquery has no prefix match.
 */
export function toPrefixQuery(text: string): string | null {
  const words = searchWords(text);
  return words.length ? words.map((w) => `${w}:*`).join(' & ') : null;
}

/** Fewer full-text matches than this and the search also tries each word with typos. */
const fewMatches = 5;

/** What typo tolerance compares a word with: the title and the SKUs, the expression the trigram index is on. */
export const trigramDocument = sql`(p.title || ' ' || p.search_extra)`;

/**
 * Each word must resemble some whole word of the title or a SKU: strict word similarity (shared
 * trigrams over all trigrams of both words) of at least 0.4 (applySearchSettings). One typo keeps a
 * word of four letters or more above it ("jaket"/"jacket" 0.44, "sweeter"/"sweater" 0.45), while words
 * that only share a start stay below ("green"/"great" 0.33, "mug"/"music" 0.25). Plain word similarity
 * would compare with any part of a word and let those through. The GIN trigram index answers `<<%`.
 */
function fuzzyCondition(words: string[]): SQL {
  return sql.join(
    words.map((w) => sql`${w} operator(extensions.<<%) ${trigramDocument}`),
    sql` and `,
  );
}

/** Full-text matches of `tsQuery` under the rest of the filter, counted up to `fewMatches`. */
async function fullTextMatches(ctx: RequestContext, search: PreparedSearch): Promise<number> {
  const rows = await tenantDb(ctx).transaction(async (tx) => {
    await applySearchSettings(tx, search);
    return (await tx.execute(
      sql`select count(*)::int as n from (select 1 ${fromClause(search)} limit ${fewMatches}) as m`,
    )) as unknown as { n: number }[];
  });
  return rows[0]?.n ?? 0;
}

export async function prepareSearch(
  ctx: RequestContext,
  filter: ProductFilter,
  sort: ProductSort,
  currencyArg: string | null | undefined,
): Promise<PreparedSearch> {
  const currency = queryCurrency(ctx, currencyArg);
  const where: SQL[] = [];
  if (!canReadAll(ctx)) where.push(sql`p.status = 'active'`);
  else if (filter.status?.length)
    where.push(
      sql`p.status in (${sql.join(
        filter.status.map((s) => sql`${s}`),
        sql`, `,
      )})`,
    );

  const text = filter.query?.trim().slice(0, 200) || null;
  const tsQuery = text ? toPrefixQuery(text) : null;
  if (filter.categoryIds?.length) {
    const paths = await categoryPaths(ctx);
    const conditions = filter.categoryIds.map((id) => {
      const path = parseId('cat', id) ? paths[id] : undefined;
      if (!path) throw notFound('Category');
      return sql`c.path = ${path} or c.path like ${`${path}/%`}`;
    });
    where.push(sql`exists (select 1 from product_categories pc join categories c on c.id = pc.category_id
      where pc.product_id = p.id and (${sql.join(conditions, sql` or `)}))`);
  }
  let collectionUuid: string | null = null;
  if (filter.collectionId) {
    collectionUuid = idToUuid('col', filter.collectionId);
  }
  for (const attribute of filter.attributes ?? []) {
    const values = attribute.values.filter(Boolean);
    if (!attribute.key || values.length === 0) continue;
    const key = attribute.key.trim().toLowerCase();
    where.push(
      sql`(${sql.join(
        values.map((value) => sql`p.attributes @> ${JSON.stringify({ [key]: [value] })}::jsonb`),
        sql` or `,
      )})`,
    );
  }
  if (filter.inStock !== undefined && filter.inStock !== null) where.push(sql`p.in_stock = ${filter.inStock}`);
  const bound = (text: string | null | undefined, field: string) => {
    if (!text) return null;
    const { amount } = parseDecimal(text, currency, field);
    if (amount < 0) throw badUserInput('Must not be negative', field);
    return amount;
  };
  const min = bound(filter.priceMin, 'filter.priceMin');
  const max = bound(filter.priceMax, 'filter.priceMax');
  if (min !== null) where.push(sql`${searchPriceSql(currency)} >= ${min}`);
  if (max !== null) where.push(sql`${searchPriceSql(currency)} <= ${max}`);
  let effective = sort;
  if (sort === 'relevance' && !text) effective = collectionUuid ? 'collection' : 'newest';
  if (sort === 'collection' && !collectionUuid)
    throw badUserInput('COLLECTION order needs a collection filter', 'sort');
  const search: PreparedSearch = {
    where,
    collectionUuid,
    text,
    tsQuery,
    fuzzyWords: [],
    currency,
    needsPrice: effective === 'price_asc' || effective === 'price_desc',
    filtersByPrice: min !== null || max !== null,
    sort: effective,
  };
  if (!text) return search;
  // Punctuation alone has no word to look for.
  if (!tsQuery) return { ...search, where: [...where, sql`false`] };
  // Full text first: it is exact and its index is cheap. Only when it finds (almost) nothing does every
  // word also get a typo-tolerant match, each word against some word of the title or a SKU.
  const fullText = sql`p.search_vector @@ to_tsquery('simple', ${tsQuery})`;
  const fullTextOnly = { ...search, where: [...where, fullText] };
  const fuzzyWords = searchWords(text).filter((w) => w.length > 1);
  if (fuzzyWords.length === 0 || (await fullTextMatches(ctx, fullTextOnly)) >= fewMatches) return fullTextOnly;
  return { ...search, fuzzyWords, where: [...where, sql`(${fullText} or (${fuzzyCondition(fuzzyWords)}))`] };
}

/**
 * Settings a search transaction needs before its query, in one statement (none for a plain listing):
 * the trigram threshold of typo tolerance, and no JIT. The from-price fallback is a subplan that never
 * runs while the stored rows are fresh, but it lifts the estimated cost over `jit_above_cost`, and
 * compiling then takes ~20 ms for a query that runs in a few.
 */
export async function applySearchSettings(tx: TenantTx, search: PreparedSearch, options: { withPrice?: boolean } = {}) {
  if (!search.text && !(options.withPrice || search.needsPrice || search.filtersByPrice)) return;
  const trigram = search.fuzzyWords.length
    ? sql`, set_config('pg_trgm.strict_word_similarity_threshold', '0.4', true)`
    : sql``;
  await tx.execute(sql`select set_config('jit', 'off', true)${trigram}`);
}

/**
 * The FROM part shared by the page, the count and the facets. The from-price table is joined only when
 * something reads the price (`withPrice`: price sort or facets) or the filter needs it.
 */
export function fromClause(search: PreparedSearch, options: { withPrice?: boolean } = {}): SQL {
  const collection = search.collectionUuid
    ? sql` join collection_products cp on cp.product_id = p.id and cp.collection_id = ${search.collectionUuid}`
    : sql``;
  const price =
    options.withPrice || search.needsPrice || search.filtersByPrice ? searchPriceJoin(search.currency) : sql``;
  const where = search.where.length ? sql` where ${sql.join(search.where, sql` and `)}` : sql``;
  return sql`from products p${collection}${price}${where}`;
}
