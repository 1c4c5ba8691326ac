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
import { canReadAll, queryCurrency } from './context.ts';
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
  currency: string;
  /** Sorted by the from-price (its cursor values are numbers). */
  needsPrice: boolean;
  /** The from-price is part of the filter, so `sp` must be joined wherever the filter runs. */
  filtersByPrice: boolean;
  sort: ProductSort;
}

/** 'blue shi' → 'blue:* & shi:*' (prefix match on every word, so typing finds as it goes). */
export function toPrefixQuery(text: string): string | null {
  const words =
    text
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.length
    ? words
        .slice(0, 8)
        .map((w) => `${w}:*`)
        .join(' & ')
    : null;
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
  if (text) {
    where.push(
      tsQuery
        ? sql`(p.search_vector @@ to_tsquery('simple', ${tsQuery}) or ${text} operator(extensions.<%) p.title)`
        : sql`${text} operator(extensions.<%) p.title`,
    );
  }
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
  return {
    where,
    collectionUuid,
    text,
    tsQuery,
    currency,
    needsPrice: effective === 'price_asc' || effective === 'price_desc',
    filtersByPrice: min !== null || max !== null,
    sort: effective,
  };
}

/**
 * Settings a search transaction needs before its query, in one statement (none for a plain listing):
 * the trigram threshold of typo tolerance, and no JIT. The from-price fallback is a subplan that never
 * runs while the stored rows are fresh, but it lifts the estimated cost over `jit_above_cost`, and
 * compiling then takes ~20 ms for a query that runs in a few.
 */
export async function applySearchSettings(tx: TenantTx, search: PreparedSearch, options: { withPrice?: boolean } = {}) {
  if (!search.text && !(options.withPrice || search.needsPrice || search.filtersByPrice)) return;
  const trigram = search.text ? sql`, set_config('pg_trgm.word_similarity_threshold', '0.5', true)` : sql``;
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
