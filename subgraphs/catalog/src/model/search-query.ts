import { badUserInput, idToUuid, notFound, parseDecimal, parseId, type RequestContext } from '@meridian/kit';
import { type SQL, sql } from 'drizzle-orm';
import type { ProductStatus } from '../db/schema.ts';
import { categoryPaths } from './category.ts';
import { canReadAll, queryCurrency } from './context.ts';

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
  needsPrice: boolean;
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

/** The lowest quantity-1 price on the lists for everyone in the currency, valid now: what search sorts and filters by. */
export const fromPriceSql = (currency: string) => sql`(
  select min(pr.amount) from prices pr
  join price_lists pl on pl.id = pr.price_list_id
  join product_variants v on v.id = pr.variant_id
  where v.product_id = p.id and pr.min_quantity = 1 and pl.currency = ${currency} and pl.customer_group is null
    and pl.active and (pl.valid_from is null or pl.valid_from <= now()) and (pl.valid_to is null or pl.valid_to > now()))`;

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
  if (min !== null) where.push(sql`${fromPriceSql(currency)} >= ${min}`);
  if (max !== null) where.push(sql`${fromPriceSql(currency)} <= ${max}`);
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
    sort: effective,
  };
}

/** The FROM part shared by the page, the count and the facets. */
export function fromClause(search: PreparedSearch): SQL {
  const join = search.collectionUuid
    ? sql` join collection_products cp on cp.product_id = p.id and cp.collection_id = ${search.collectionUuid}`
    : sql``;
  const where = search.where.length ? sql` where ${sql.join(search.where, sql` and `)}` : sql``;
  return sql`from products p${join}${where}`;
}
