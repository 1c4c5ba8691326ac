/**
 * `npm run bench -w @meridian/inventory`: what stock operations cost, in figures.
 *
 *   a. reservation throughput at concurrency 1, 8, 32 and 64: one unit per reservation, spread over
 *      many variants (checkouts of different products) and all on one hot variant (a flash sale);
 *   b. the stock query batch the storefront listing sends: `_entities` with 24 Products (and 100
 *      ProductVariants) for `available`/`inStock`, sequentially and at concurrency 16;
 *   c. the race: 200 concurrent one-unit reservations against 10 available.
 * A `{ __typename }` baseline shows what a request costs before any stock is read.
 *
 * Calls go to the subgraph over HTTP with a signed context token, as the gateway sends them. The data:
 * MERIDIAN_BENCH_PRODUCTS products (default 2000) × 2 variants × 2 warehouses, bulk-loaded with a
 * consistent journal. Needs DATABASE_URL (a PostgreSQL the bench may create and drop databases on).
 */
import { newId, withTenant } from '@meridian/kit';
import { startTestSubgraphs, type TestClient } from '@meridian/kit/testing';
import {
  costLayers,
  inventoryItems,
  stockLevels,
  stockMovements,
  stockOperations,
  warehouses,
} from '../src/db/schema.ts';
import { createInventorySubgraph } from '../src/index.ts';
import { Figures, load } from './bench-lib.ts';

if (!process.env.DATABASE_URL && !process.env.MERIDIAN_TEST_DATABASE_URL) {
  process.stderr.write('Set DATABASE_URL to a PostgreSQL server the benchmark may create databases on.\n');
  process.exit(2);
}

const productCount = Number(process.env.MERIDIAN_BENCH_PRODUCTS ?? 2000);
const figures = new Figures();
const say = (line: string) => process.stdout.write(`${line}\n`);

const reserve = `mutation($input: ReserveStockInput!) { reserveStock(input: $input) { reservation { id } userErrors { code } } }`;
const productStock = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id available inStock } } }`;
const variantStock = `query($r: [_Any!]!) { _entities(representations: $r) { ... on ProductVariant { id available inStock } } }`;

async function must(client: TestClient, query: string, variables: Record<string, unknown>) {
  const result = await client.request<Record<string, unknown>>(query, variables);
  if (result.errors) throw new Error(result.errors[0]?.message);
  return result.data;
}

const t = await startTestSubgraphs([createInventorySubgraph()], { tenantSlug: 'bench' });
try {
  const admin = t.asTenantAdmin();
  const shopper = t.asAnonymous();
  const checkout = t.as({ kind: 'client', permissions: ['inventory:write'] });

  say(`loading ${productCount} products × 2 variants × 2 warehouses ...`);
  const loadStart = performance.now();
  const products = Array.from({ length: productCount }, () => ({
    id: newId('prd'),
    variants: [newId('var'), newId('var')],
  }));
  const warehouseIds = await withTenant(t.testDatabase.database, t.tenant, async (tx) => {
    const main = (await tx.select().from(warehouses))[0]?.id as string;
    const east = newId('whs');
    await tx.insert(warehouses).values({ id: east, code: 'EAST', name: 'East', priority: 10 });
    const [operation] = await tx
      .insert(stockOperations)
      .values({ id: newId('sop'), kind: 'receipt', reference: 'bench load' })
      .returning();
    const chunk = 500;
    for (let start = 0; start < products.length; start += chunk) {
      const slice = products.slice(start, start + chunk);
      const variants = slice.flatMap((p) =>
        p.variants.map((variantId) => ({ variantId, productId: p.id, sku: variantId })),
      );
      await tx.insert(inventoryItems).values(variants.map((v) => ({ ...v, costCurrency: 'EUR' })));
      const levels = variants.flatMap((v, i) => [
        { variantId: v.variantId, warehouseId: main, onHand: 1000 + (i % 50), reorderPoint: 5 },
        { variantId: v.variantId, warehouseId: east, onHand: i % 3 === 0 ? 0 : 20, reorderPoint: 5 },
      ]);
      await tx.insert(stockLevels).values(levels);
      const stocked = levels.filter((l) => l.onHand > 0).map((l) => ({ ...l, movementId: newId('mov') }));
      await tx.insert(stockMovements).values(
        stocked.map((l) => ({
          id: l.movementId,
          operationId: operation?.id as string,
          kind: 'receipt' as const,
          variantId: l.variantId,
          warehouseId: l.warehouseId,
          quantity: l.onHand,
          costAmount: l.onHand * 250,
          currency: 'EUR',
        })),
      );
      await tx.insert(costLayers).values(
        stocked.map((l) => ({
          id: newId('lyr'),
          variantId: l.variantId,
          warehouseId: l.warehouseId,
          movementId: l.movementId,
          unitCost: 250,
          currency: 'EUR',
          quantity: l.onHand,
          remaining: l.onHand,
          receivedAt: new Date(),
        })),
      );
    }
    return { main, east };
  });
  figures.set('data.products', productCount);
  figures.set('data.stock_levels', productCount * 4);
  figures.set('data.load_s', (performance.now() - loadStart) / 1000);

  // ---------------------------------------------------------------- a. reservations
  say('\n-- a. reservation throughput (one unit each)');
  const variants = products.flatMap((p) => p.variants);
  let key = 0;
  for (const concurrency of [1, 8, 32, 64]) {
    const count = concurrency === 1 ? 200 : 600;
    const spread = await load(concurrency, count, (i) =>
      must(checkout, reserve, {
        input: {
          idempotencyKey: `spread-${key++}`,
          lines: [{ variantId: variants[(i * 7919) % variants.length], quantity: 1 }],
        },
      }),
    );
    figures.load(`reserve.spread.c${concurrency}`, spread);
    const hot = variants[concurrency] as string;
    const contended = await load(concurrency, count, () =>
      must(checkout, reserve, { input: { idempotencyKey: `hot-${key++}`, lines: [{ variantId: hot, quantity: 1 }] } }),
    );
    figures.load(`reserve.hot.c${concurrency}`, contended);
    say(
      `  concurrency ${concurrency}: spread ${spread.perSecond.toFixed(0)}/s, one hot variant ${contended.perSecond.toFixed(0)}/s`,
    );
  }

  // ---------------------------------------------------------------- b. stock query batch
  say('\n-- b. storefront stock batch (_entities)');
  // Baseline: HTTP, context token, tenant lookup and Apollo, without touching the database.
  await load(1, 50, () => must(shopper, '{ __typename }', {}));
  figures.load('baseline.typename.c1', await load(1, 400, () => must(shopper, '{ __typename }', {})));
  const page = (i: number, size: number) =>
    Array.from({ length: size }, (_, j) => products[(i * size + j) % products.length] as (typeof products)[number]);
  for (const size of [24]) {
    // Warm-up: connections, prepared statements, JIT.
    await load(1, 50, (i) =>
      must(shopper, productStock, { r: page(i, size).map((p) => ({ __typename: 'Product', id: p.id })) }),
    );
    const sequential = await load(1, 400, (i) =>
      must(shopper, productStock, { r: page(i, size).map((p) => ({ __typename: 'Product', id: p.id })) }),
    );
    figures.load(`entities.product${size}.c1`, sequential);
    const concurrent = await load(16, 2000, (i) =>
      must(shopper, productStock, { r: page(i, size).map((p) => ({ __typename: 'Product', id: p.id })) }),
    );
    figures.load(`entities.product${size}.c16`, concurrent);
  }
  const variants100 = await load(1, 300, (i) =>
    must(shopper, variantStock, {
      r: Array.from({ length: 100 }, (_, j) => ({
        __typename: 'ProductVariant',
        id: variants[(i * 100 + j) % variants.length],
      })),
    }),
  );
  figures.load('entities.variant100.c1', variants100);

  // ---------------------------------------------------------------- c. the race
  say('\n-- c. 200 concurrent reservations against 10 available');
  const raceVariant = newId('var');
  await must(
    admin,
    'mutation($i: TrackInventoryItemInput!) { trackInventoryItem(input: $i) { userErrors { code } } }',
    {
      i: { variantId: raceVariant },
    },
  );
  await must(admin, 'mutation($i: ReceiveStockInput!) { receiveStock(input: $i) { userErrors { code } } }', {
    i: {
      variantId: raceVariant,
      warehouseId: warehouseIds.main,
      quantity: 10,
      unitCost: { amount: '1', currency: 'EUR' },
    },
  });
  const raceStart = performance.now();
  const outcomes = await Promise.all(
    Array.from({ length: 200 }, (_, i) =>
      must(checkout, reserve, {
        input: { idempotencyKey: `race-${i}`, lines: [{ variantId: raceVariant, quantity: 1 }] },
      }),
    ),
  );
  const won = outcomes.filter((o) => (o as { reserveStock: { reservation: unknown } }).reserveStock.reservation).length;
  figures.set('race.wall_ms', performance.now() - raceStart);
  figures.set('race.succeeded', won);
  figures.set('race.refused', 200 - won);

  const ledger = await must(admin, '{ stockLedgerCheck { ok checkedLevels } }', {});
  figures.set('ledger', JSON.stringify(ledger?.stockLedgerCheck));
  // startTestSubgraphs opens a pool of 8 connections: the database side of every figure above.
  figures.set('pool.max_connections', 8);
  figures.print('inventory benchmark');
} finally {
  await t.close();
}
