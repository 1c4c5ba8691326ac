import { withTenant } from '@meridian/kit';
import { startTestSubgraphs, type TestSubgraphs } from '@meridian/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogMigrations, createCatalogSubgraph } from '../src/index.ts';
import { createProduct } from './helpers.ts';

let t: TestSubgraphs;
const subgraph = createCatalogSubgraph();
beforeAll(async () => {
  t = await startTestSubgraphs([subgraph]);
});
afterAll(async () => {
  await t?.close();
});

const writer = () => t.as({ permissions: ['catalog:write', 'catalog:read'] });
const inTenant = <T>(work: Parameters<typeof withTenant<T>>[2]) => withTenant(t.platform.database, t.tenant, work);
const runJobs = () => inTenant(async (tx) => (subgraph.periodicJobs[0] as any).run(tx, t.tenant));

async function request(query: string, variables: Record<string, unknown> = {}) {
  const r = await writer().request<any>(query, variables);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return Object.values(r.data as object)[0];
}
const setPrices = (variantId: string, tiers: { minQuantity: number; amount: string }[], list: Record<string, string>) =>
  request(
    'mutation($input: SetVariantPricesInput!) { setVariantPrices(input: $input) { userErrors { field code } } }',
    { input: { variantId, tiers, ...list } },
  );
const createList = async (input: Record<string, unknown>) =>
  (
    await request(
      'mutation($input: CreatePriceListInput!) { createPriceList(input: $input) { priceList { id } userErrors { code } } }',
      { input },
    )
  ).priceList.id as string;
const updateList = (input: Record<string, unknown>) =>
  request('mutation($input: UpdatePriceListInput!) { updatePriceList(input: $input) { userErrors { code } } }', {
    input,
  });

/** Stored rows that differ from the live definition (in either direction), for every product and currency. */
const drift = () =>
  inTenant(
    async (tx) =>
      (await tx.execute(sql`with live as (
        select v.product_id, pl.currency, min(pr.amount) filter (where (pl.valid_from is null or pl.valid_from <= now())
          and (pl.valid_to is null or pl.valid_to > now())) as from_price
        from prices pr join price_lists pl on pl.id = pr.price_list_id join product_variants v on v.id = pr.variant_id
        where pr.min_quantity = 1 and pl.customer_group is null and pl.active group by v.product_id, pl.currency)
      select coalesce(l.product_id, s.product_id) as product_id, coalesce(l.currency, s.currency) as currency,
        l.from_price as live, s.from_price as stored
      from live l full join product_search_prices s on s.product_id = l.product_id and s.currency = l.currency
      where l.from_price is distinct from s.from_price`)) as unknown as unknown[],
  );

const priceSorted = async (currency: string) =>
  (
    await t
      .asAnonymous()
      .request<any>(
        'query($c: String) { products(first: 50, sort: PRICE_ASC, currency: $c) { edges { node { slug } } } }',
        { c: currency },
      )
  ).data.products.edges
    .map((e: any) => e.node.slug as string)
    .filter((slug: string) => slug.startsWith('window-'));

describe('stored from-prices for search', () => {
  it('match the live definition after a random sequence of price and list changes, some concurrent', async () => {
    const products = [];
    for (let i = 0; i < 6; i++) products.push((await createProduct(writer(), { slug: `drift-${i}` })).product);
    const variants = products.flatMap((p: any) => p.variants.map((v: any) => v.id as string));
    const sale = await createList({ name: 'Sale', currencyCode: 'USD', priority: 5 });
    const euro = await createList({ name: 'Euro sale', currencyCode: 'EUR' });
    const vip = await createList({ name: 'VIP', currencyCode: 'USD', customerGroup: 'vip' });
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const lists: Record<string, string>[] = [
      { currencyCode: 'USD' },
      { currencyCode: 'EUR' },
      { priceListId: sale },
      { priceListId: euro },
    ];
    const step = async () => {
      const variant = variants[random(variants.length)] as string;
      const choice = random(10);
      if (choice < 6) {
        const tiers =
          random(4) === 0
            ? [] // removes the variant's prices in that list
            : [
                { minQuantity: 1, amount: `${1 + random(90)}.00` },
                { minQuantity: 10, amount: '0.50' }, // never the from-price: quantity 1 only
              ];
        await setPrices(variant, tiers, lists[random(lists.length)] as Record<string, string>);
      } else if (choice < 7) {
        await setPrices(variant, [{ minQuantity: 1, amount: '0.01' }], { priceListId: vip }); // a group's list
      } else if (choice < 8) {
        await updateList({ id: random(2) ? sale : euro, active: random(2) === 0 });
      } else if (choice < 9) {
        const start = Date.now() + (random(2) ? -3_600_000 : 3_600_000);
        await updateList({
          id: random(2) ? sale : euro,
          validFrom: new Date(start).toISOString(),
          validTo: new Date(start + 7_200_000).toISOString(),
        });
      } else {
        await updateList({ id: random(2) ? sale : euro, validFrom: null, validTo: null });
      }
    };
    for (let i = 0; i < 60; i++) await step();
    expect(await drift()).toEqual([]);
    // Concurrent writers on the variants of one product: none may overwrite another's effect.
    const target = products[0].variants.map((v: any) => v.id as string);
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        setPrices(
          target[i % target.length],
          [{ minQuantity: 1, amount: `${10 + i}.00` }],
          i % 3 === 0 ? { priceListId: sale } : { currencyCode: 'USD' },
        ),
      ),
    );
    await Promise.all([
      updateList({ id: sale, active: true, validFrom: null, validTo: null }),
      ...target.map((v: string, i: number) =>
        setPrices(v, [{ minQuantity: 1, amount: `${3 + i}.00` }], { priceListId: sale }),
      ),
    ]);
    expect(await drift()).toEqual([]);
  });

  it('sort by the live price once a list window opens, before the job refreshes the row', async () => {
    const a = (
      await createProduct(writer(), {
        slug: 'window-a',
        variants: [{ sku: 'WIN-A', prices: [{ amount: '30.00', currencyCode: 'GBP' }] }],
        options: [],
      })
    ).product;
    await createProduct(writer(), {
      slug: 'window-b',
      options: [],
      variants: [{ sku: 'WIN-B', prices: [{ amount: '20.00', currencyCode: 'GBP' }] }],
    });
    const opensAt = new Date(Date.now() + 3_600_000);
    const flash = await createList({ name: 'Flash', currencyCode: 'GBP', validFrom: opensAt.toISOString() });
    await setPrices(a.variants[0].id, [{ minQuantity: 1, amount: '5.00' }], { priceListId: flash });
    expect(await priceSorted('GBP')).toEqual(['window-b', 'window-a']); // not open yet
    const [row] = (await inTenant((tx) =>
      tx.execute(
        sql`select from_price, stale_at from product_search_prices where currency = 'GBP' and from_price = 3000`,
      ),
    )) as unknown as { from_price: string; stale_at: Date }[];
    expect(new Date(row?.stale_at as Date).getTime()).toBe(opensAt.getTime());
    // An hour passes: the list is open and the row's boundary is behind us (nothing was written).
    await inTenant(async (tx) => {
      await tx.execute(sql`update price_lists set valid_from = now() - interval '1 minute' where name = 'Flash'`);
      await tx.execute(
        sql`update product_search_prices set stale_at = now() - interval '1 minute' where stale_at is not null`,
      );
    });
    await t.platform.cache.invalidateTags(t.tenant.id, ['catalog:listings']); // a listing page may be cached
    expect(await priceSorted('GBP')).toEqual(['window-a', 'window-b']); // computed live for the stale row
    await runJobs();
    const [fresh] = (await inTenant((tx) =>
      tx.execute(
        sql`select from_price, stale_at from product_search_prices where currency = 'GBP' order by from_price limit 1`,
      ),
    )) as unknown as { from_price: string; stale_at: Date | null }[];
    expect(fresh).toEqual({ from_price: '500', stale_at: null });
    expect(await drift()).toEqual([]);
  });

  it('are backfilled by the migration that adds them (a tenant upgraded with products in place)', async () => {
    const backfill = catalogMigrations.migrations.find((m) => m.tag.endsWith('backfill_search_prices'));
    expect(backfill).toBeDefined();
    await inTenant(async (tx) => {
      await tx.execute(sql`delete from product_search_prices`);
      for (const statement of backfill?.statements ?? []) await tx.execute(sql.raw(statement));
    });
    expect(await drift()).toEqual([]);
    const [rows] = (await inTenant((tx) =>
      tx.execute(sql`select count(*)::int as n from product_search_prices`),
    )) as any[];
    expect(rows.n).toBeGreaterThan(0);
  });

  it('filters and facets by the stored price; the periodic job repairs a row written around the model', async () => {
    const filtered = await t
      .asAnonymous()
      .request<any>(
        '{ products(currency: "GBP", filter: { priceMax: "10" }) { totalCount facets { price { min { amount } max { amount } } } } }',
      );
    expect(filtered.data.products).toEqual({
      totalCount: 1,
      facets: { price: { min: { amount: '5.00' }, max: { amount: '5.00' } } },
    });
    await inTenant((tx) => tx.execute(sql`update product_search_prices set from_price = 1 where currency = 'GBP'`));
    expect(await drift()).not.toEqual([]);
    await runJobs();
    expect(await drift()).toEqual([]);
  });
});
