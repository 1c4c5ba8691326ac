import { idToUuid, type TenantTx, uuidToId } from '@meridian/kit';
import { and, asc, gt, inArray, isNotNull, lte, type SQL, sql } from 'drizzle-orm';
import { productSearchPrices, products } from '../db/schema.ts';

/**
 * Search's from-price of a product in a currency: the lowest quantity-1 amount on the active price lists
 * for everyone (no customer group) that are valid now. It is what the storefront sorts, filters and
 * facets by ("from $9.00"); the price a shopper pays is priceFor's decision.
 *
 * Computing it per matched row made a price-sorted search over 10,000 products take seconds, so it is
 * stored in product_search_prices, written in the transaction of every change to prices or lists, and
 * read through `searchPriceSql`, which falls back to the live computation for a row whose `stale_at` (a
 * list window opening or closing) has passed. A periodic job refreshes such rows and rechecks a slice
 * of the catalog on every run, which repairs rows of writers that bypassed this module (e.g. an older
 * release during a rolling deploy).
 */

const validNow = sql`(pl.valid_from is null or pl.valid_from <= now()) and (pl.valid_to is null or pl.valid_to > now())`;
const nextBoundary = sql`case when pl.valid_from > now() then pl.valid_from when pl.valid_to > now() then pl.valid_to end`;

/** The live from-price of the product row `p` (the fallback; also what the stored rows must equal). */
export const liveFromPriceSql = (currency: string) => sql`(
  select min(pr.amount) from prices pr
  join price_lists pl on pl.id = pr.price_list_id
  join product_variants v on v.id = pr.variant_id
  where v.product_id = p.id and pr.min_quantity = 1 and pl.currency = ${currency} and pl.customer_group is null
    and pl.active and ${validNow})`;

/** The from-price of `p` given `sp`, its product_search_prices row in the currency (left joined). */
export const searchPriceSql = (currency: string) =>
  sql`(case when sp.stale_at is null or sp.stale_at > now() then sp.from_price else ${liveFromPriceSql(currency)} end)`;

/** Joins `sp` for the query's currency to the products `p` of a search. */
export const searchPriceJoin = (currency: string) =>
  sql` left join product_search_prices sp on sp.product_id = p.id and sp.currency = ${currency}`;

/** Locking chunk: one statement's parameters, and a short lock on that many product rows. */
const chunk = 500;

/**
 * Recomputes the stored from-prices of `productIds` in every currency. Locks the product rows first (in
 * id order, so concurrent refreshes cannot deadlock): a second writer waits here and then computes from
 * data that includes the first one's committed prices, instead of overwriting them with an older view.
 */
export async function refreshSearchPrices(tx: TenantTx, productIds: readonly string[]): Promise<void> {
  const ids = [...new Set(productIds)].sort();
  for (let i = 0; i < ids.length; i += chunk) {
    const part = ids.slice(i, i + chunk);
    await tx
      .select({ id: products.id })
      .from(products)
      .where(inArray(products.id, part))
      .orderBy(asc(products.id))
      .for('no key update');
    const uuids = sql.join(
      part.map((id) => sql`${idToUuid('prd', id)}::uuid`),
      sql`, `,
    );
    await tx.execute(recomputeSql(uuids));
  }
}

/** The rows product_search_prices should hold for the products in `uuids` (a list or a subquery). */
function computedSql(uuids: SQL): SQL {
  return sql`select v.product_id, pl.currency,
      min(pr.amount) filter (where ${validNow}) as from_price,
      min(${nextBoundary}) as stale_at
    from prices pr
    join price_lists pl on pl.id = pr.price_list_id
    join product_variants v on v.id = pr.variant_id
    where v.product_id in (${uuids}) and pr.min_quantity = 1 and pl.customer_group is null and pl.active
    group by v.product_id, pl.currency
    having count(*) filter (where ${validNow}) > 0 or min(${nextBoundary}) is not null`;
}

function recomputeSql(uuids: SQL): SQL {
  return sql`with computed as (${computedSql(uuids)}), upserted as (
      insert into product_search_prices (product_id, currency, from_price, stale_at)
      select product_id, currency, from_price, stale_at from computed
      on conflict (product_id, currency) do update
        set from_price = excluded.from_price, stale_at = excluded.stale_at, updated_at = now()
        where (product_search_prices.from_price, product_search_prices.stale_at)
          is distinct from (excluded.from_price, excluded.stale_at)
      returning 1
    )
    delete from product_search_prices sp
    where sp.product_id in (${uuids})
      and not exists (select 1 from computed c where c.product_id = sp.product_id and c.currency = sp.currency)`;
}

/** Periodic: rows whose list window opened or closed since they were written. */
export async function refreshStaleSearchPrices(tx: TenantTx): Promise<number> {
  const stale = await tx
    .selectDistinct({ id: productSearchPrices.productId })
    .from(productSearchPrices)
    .where(and(isNotNull(productSearchPrices.staleAt), lte(productSearchPrices.staleAt, sql`now()`)))
    .limit(5000);
  await refreshSearchPrices(
    tx,
    stale.map((r) => r.id),
  );
  return stale.length;
}

/** Where each tenant's reconciliation goes on next (this process's memory; a restart begins again). */
const reconcileCursor = new Map<string, string>();

/**
 * Periodic: compares the next `count` products of the tenant (in id order, wrapping around) with what
 * their rows should be, read-only, and refreshes only those that differ; every product is checked once
 * per (products / count) runs. Returns how many products it corrected.
 */
export async function reconcileSearchPrices(tx: TenantTx, tenantId: string, count = 1000): Promise<number> {
  const after = reconcileCursor.get(tenantId);
  const page = await tx
    .select({ id: products.id })
    .from(products)
    .where(after ? gt(products.id, after) : undefined)
    .orderBy(asc(products.id))
    .limit(count);
  const last = page.at(-1)?.id;
  if (page.length < count || !last) reconcileCursor.delete(tenantId);
  else reconcileCursor.set(tenantId, last);
  if (!last) return 0;
  const first = page[0]?.id as string;
  const slice = sql`select id from products where id between ${idToUuid('prd', first)}::uuid and ${idToUuid('prd', last)}::uuid`;
  const differing = (await tx.execute(sql`with computed as (${computedSql(slice)}),
      stored as (select * from product_search_prices where product_id in (${slice}))
    select distinct coalesce(c.product_id, s.product_id) as id
    from computed c full join stored s on s.product_id = c.product_id and s.currency = c.currency
    where c.product_id is null or s.product_id is null
      or (c.from_price, c.stale_at) is distinct from (s.from_price, s.stale_at)`)) as unknown as { id: string }[];
  await refreshSearchPrices(
    tx,
    differing.map((r) => uuidToId('prd', r.id)),
  );
  return differing.length;
}
