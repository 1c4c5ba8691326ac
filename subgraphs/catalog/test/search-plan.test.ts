import { type RequestContext, type TenantTx, withTenant } from '@meridian/kit';
import { startTestSubgraphs, type TestSubgraphs } from '@meridian/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSearchCatalog } from '../bench/bench-data.ts';
import { createCatalogSubgraph } from '../src/index.ts';
import { applySearchSettings, fromClause, prepareSearch } from '../src/model/search-query.ts';

let t: TestSubgraphs;
let ctx: RequestContext;

beforeAll(async () => {
  t = await startTestSubgraphs([createCatalogSubgraph()]);
  await seedSearchCatalog(t.platform.database, t.tenant);
  // As autovacuum leaves it: statistics, and GIN pending lists merged (a bulk insert leaves them long,
  // and the planner then rightly avoids the index).
  await t.platform.database.sql.unsafe(`vacuum analyze "${t.tenant.schemaName}".products`);
  // What the search code needs of a shopper's request: the tenant, the actor and its tenant transactions.
  ctx = {
    tenant: t.tenant,
    actor: { kind: 'anonymous', permissions: [] },
    db: { transaction: <T>(work: (tx: TenantTx) => Promise<T>) => withTenant(t.platform.database, t.tenant, work) },
  } as unknown as RequestContext;
}, 180_000);
afterAll(async () => {
  await t?.close();
});

/** The indexes the plan of a search's filter reads, over 10,000 products. */
async function indexesFor(query: string): Promise<{ fuzzy: boolean; indexes: string[] }> {
  const search = await prepareSearch(ctx, { query }, 'relevance', null);
  const plan = await withTenant(t.platform.database, t.tenant, async (tx) => {
    await applySearchSettings(tx, search);
    return (await tx.execute(sql`explain (format json) select p.id ${fromClause(search)}`)) as unknown as {
      'QUERY PLAN': unknown;
    }[];
  });
  const json = plan[0]?.['QUERY PLAN'];
  const text = typeof json === 'string' ? json : JSON.stringify(json);
  const indexes = [...text.matchAll(/"Index Name":\s*"([^"]+)"/g)].map((m) => m[1] as string);
  return { fuzzy: search.fuzzyWords.length > 0, indexes };
}

describe('search plans over 10,000 products', () => {
  it('answers a common word from the full-text index alone', async () => {
    expect(await indexesFor('cotton')).toEqual({ fuzzy: false, indexes: ['products_search_idx'] });
  });

  it('answers typos in several words from the trigram index, not a scan', async () => {
    const plan = await indexesFor('runing lether');
    expect(plan.fuzzy).toBe(true);
    expect(plan.indexes).toContain('products_search_trgm_idx');
  });
});
