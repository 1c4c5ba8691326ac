/**
 * `node supergraph/bench/commerce.ts`: checkout figures through the gateway, as a storefront drives it.
 *
 *   - add-to-cart (`addCartLines`: catalog reprices the cart, inventory says what is available) and
 *   - placeOrder (reprice + tax quote + stock reservation, the payment attempt, the order, the stock
 *     commit), each with 50 concurrent clients (MERIDIAN_BENCH_CLIENTS), every client on its own carts.
 *
 * The subgraphs run in this process's main thread as `npm start` runs them (test payment provider, mail
 * discarded); the gateway runs in a worker thread of its own, as production runs it in its own container
 * (MERIDIAN_BENCH_GATEWAY=inline: the suite's gateway in the main thread); the load comes from another
 * worker thread. Edge rate limits are raised above the load (the limiter still
 * runs). PostgreSQL: DATABASE_URL when set, else the benchmarks' embedded server. Target: placeOrder
 * p95 ≤ 60 ms at 50 clients.
 *
 * Also printed: SQL statements and GraphQL executions per order (a 1-client phase; MERIDIAN_BENCH_SQL=1
 * lists the statements, `trace` each one in the order sent, best with MERIDIAN_BENCH_ORDERS=1), and the
 * CPU per order of this process and of PostgreSQL in the 50-client phase (steadier than latency when other
 * work shares the machine). Last, open-loop phases have the same clients place MERIDIAN_BENCH_ORDER_RATE
 * orders a second in all for 20 s each (default 20; a list such as 20,30,40 runs one phase per rate; 0 skips
 * them): latency at loads the machine sustains.
 * MERIDIAN_BENCH_PROFILE_DIR=<folder> profiles the main thread during the 50-client placeOrder phase
 * (a summary by area is printed; the raw profile opens in Chrome DevTools).
 */
import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { createCommerceSubgraph } from '@meridian/commerce';
import {
  connectDatabase,
  createLogger,
  type Database,
  generateContextKeys,
  metricsText,
  newId,
  parseEnv,
  signAccessTokenWith,
} from '@meridian/kit';
import { createTestDatabase, type TestDatabase } from '@meridian/kit/testing';
import { startProfile } from '../../subgraphs/kit/bench/cpu-profile.ts';
import { Figures, fmt, say, startBenchServer, summarise, withCleanup } from '../../subgraphs/kit/bench/lib.ts';
import { createAllSubgraphs } from '../src/subgraphs.ts';
import { type Suite, startSuite } from '../src/suite.ts';
import type { CommerceLoadJob, CommerceLoadReport } from './commerce-worker.ts';
import { type GatewayThread, startGatewayWorker } from './gateway-thread.ts';

process.env.LOG_LEVEL ??= 'warn';
const clients = Number(process.env.MERIDIAN_BENCH_CLIENTS ?? 50);
const addsPerClient = Number(process.env.MERIDIAN_BENCH_ADDS ?? 40);
const ordersPerClient = Number(process.env.MERIDIAN_BENCH_ORDERS ?? 20);
/** The open-loop phase: the same clients, placing this many orders a second in all (0 skips it). */
const orderRates = (process.env.MERIDIAN_BENCH_ORDER_RATE ?? '20')
  .split(',')
  .map(Number)
  .filter((rate) => rate > 0);
/** One pool for every subgraph of the process, as `npm start` runs them (the test helpers' pool has 8). */
const poolSize = Number(process.env.MERIDIAN_BENCH_POOL ?? 40);
const figures = new Figures();
const host = 'bench-shop.localhost';

// biome-ignore lint/suspicious/noExplicitAny: responses are checked by shape at run time
type Gql = any;

function runLoad(job: CommerceLoadJob): Promise<CommerceLoadReport> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./commerce-worker.ts', import.meta.url), { workerData: job });
    worker.once('message', (report: CommerceLoadReport) => resolve(report));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load worker exited with code ${code}`));
    });
  });
}

/** node:http, not fetch: fetch drops the Host header, and the storefront's tenant comes from it. */
function post(port: number, body: string, token?: string): Promise<{ data?: Gql; errors?: unknown[] }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/graphql',
        method: 'POST',
        headers: {
          host,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

interface Bench {
  suite: Suite;
  /** Where the load goes: the gateway's own thread, or the suite's gateway with MERIDIAN_BENCH_GATEWAY=inline. */
  gatewayPort: number;
  tokenFor(tenantId: string): Promise<string>;
}

async function call(t: Bench, query: string, variables: Record<string, unknown>, token?: string): Promise<Gql> {
  const result = await post(t.gatewayPort, JSON.stringify({ query, variables }), token);
  const payload = Object.values(result.data ?? {})[0] as { userErrors?: unknown[] } | undefined;
  if (result.errors || (payload?.userErrors?.length ?? 0) > 0) {
    throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(result.errors ?? payload?.userErrors)}`);
  }
  return result.data;
}

/** A shop in EUR shipping to Germany with 19 % VAT, and `count` variants with plenty of stock. */
async function setUpShop(t: Bench, count: number) {
  const tenant = await t.suite.platform.tenants.create({ slug: 'bench-shop', name: 'Bench Shop', hosts: [host] });
  const admin = await t.tokenFor(tenant.id);
  const warehouses = await call(t, '{ warehouses { edges { node { id } } } }', {}, admin);
  const warehouseId = warehouses.warehouses.edges[0].node.id;
  const classes = await call(t, '{ taxClasses { edges { node { id code } } } }', {}, admin);
  const standard = classes.taxClasses.edges.find((e: Gql) => e.node.code === 'standard').node.id;
  const zone = await call(
    t,
    'mutation { createTaxZone(input: { name: "DE", country: "DE" }) { taxZone { id } userErrors { code } } }',
    {},
    admin,
  );
  await call(
    t,
    'mutation($input: CreateTaxRateInput!) { createTaxRate(input: $input) { userErrors { code } } }',
    { input: { zoneId: zone.createTaxZone.taxZone.id, taxClassId: standard, name: 'MwSt', rate: '19' } },
    admin,
  );
  const shippingZone = await call(
    t,
    'mutation { createShippingZone(input: { name: "DE", countries: ["DE"] }) { shippingZone { id } userErrors { code } } }',
    {},
    admin,
  );
  const method = await call(
    t,
    'mutation($input: CreateShippingMethodInput!) { createShippingMethod(input: $input) { shippingMethod { id } userErrors { code } } }',
    {
      input: {
        zoneId: shippingZone.createShippingZone.shippingZone.id,
        name: 'Standard',
        rates: [{ currencyCode: 'EUR', kind: 'FLAT', amount: '4.90' }],
      },
    },
    admin,
  );
  const variants: string[] = [];
  for (let i = 0; i < count; i++) {
    const created = await call(
      t,
      'mutation($input: CreateProductInput!) { createProduct(input: $input) { product { id variants { id sku } } userErrors { code } } }',
      {
        input: {
          title: `Bench ${i}`,
          status: 'ACTIVE',
          variants: [{ sku: `BENCH-${i}`, weightGrams: 300, prices: [{ amount: '19.90', currencyCode: 'EUR' }] }],
        },
      },
      admin,
    );
    const product = created.createProduct.product;
    const variantId = product.variants[0].id;
    await call(
      t,
      'mutation($input: TrackInventoryItemInput!) { trackInventoryItem(input: $input) { userErrors { code } } }',
      { input: { variantId, productId: product.id, sku: product.variants[0].sku } },
      admin,
    );
    await call(
      t,
      'mutation($input: ReceiveStockInput!) { receiveStock(input: $input) { userErrors { code } } }',
      { input: { variantId, warehouseId, quantity: 1_000_000, unitCost: { amount: '5.00', currency: 'EUR' } } },
      admin,
    );
    variants.push(variantId);
  }
  return { tenantId: tenant.id, shippingMethodId: method.createShippingMethod.shippingMethod.id as string, variants };
}

const createCart =
  'mutation($input: CreateCartInput!) { createCart(input: $input) { cart { token } userErrors { code } } }';
const updateCart =
  'mutation($input: UpdateCartInput!) { updateCart(input: $input) { cart { id } userErrors { code } } }';
const addLines =
  'mutation($input: AddCartLinesInput!) { addCartLines(input: $input) { cart { id total { amount } } userErrors { code message } } }';
const placeOrder =
  'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { order { id number status } userErrors { code message } } }';
const address = { name: 'Bench', line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'DE' };

async function readyCarts(
  t: Bench,
  shop: { shippingMethodId: string; variants: string[] },
  count: number,
): Promise<string[]> {
  const tokens: string[] = [];
  for (let start = 0; start < count; start += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, count - start) }, async (_, i) => {
        const variant = shop.variants[(start + i) % shop.variants.length];
        const cart = await call(t, createCart, {
          input: { currencyCode: 'EUR', lines: [{ variantId: variant, quantity: 1 }] },
        });
        const token = cart.createCart.cart.token as string;
        await call(t, updateCart, {
          input: {
            cartId: token,
            email: 'bench@example.test',
            shippingAddress: address,
            shippingMethodId: shop.shippingMethodId,
          },
        });
        return token;
      }),
    );
    tokens.push(...batch);
  }
  return tokens;
}

/** Work done while `run` runs: SQL statements (every connection of the pool) and GraphQL executions by subgraph. */
async function countWork(db: Database, run: () => Promise<void>) {
  const statements = new Map<string, number>();
  const trace: string[] = [];
  const startedAt = performance.now();
  const executions = async () => {
    const counts = new Map<string, number>();
    for (const line of (await metricsText()).split('\n')) {
      const match = /^meridian_graphql_request_duration_seconds_count\{.*subgraph="([^"]+)".*\} (\d+)/.exec(line);
      if (match?.[1]) counts.set(match[1], (counts.get(match[1]) ?? 0) + Number(match[2]));
    }
    return counts;
  };
  const before = await executions();
  const options = db.sql.options as { debug?: unknown };
  options.debug = (_connection: number, text: string) => {
    const shape = text.replace(/\s+/g, ' ').slice(0, 110);
    statements.set(shape, (statements.get(shape) ?? 0) + 1);
    trace.push(`${fmt(performance.now() - startedAt).padStart(8)} ms  c${String(_connection).padEnd(3)} ${shape}`);
  };
  try {
    await run();
  } finally {
    options.debug = false;
  }
  const after = await executions();
  const bySubgraph = [...after].map(([name, n]) => [name, n - (before.get(name) ?? 0)] as const).filter(([, n]) => n);
  return { statements, bySubgraph, trace };
}

/**
 * CPU spent while `run` runs: this process (gateway, subgraphs, event runtime and the load worker) and
 * the PostgreSQL backends of the bench's database (read from /proc, so only for a server on this host;
 * null otherwise). Less sensitive than latency to other work on a shared machine.
 */
async function cpuDuring(db: Database, run: () => Promise<void>) {
  // Clock ticks (1/100 s on Linux) per backend; a backend started meanwhile counts from its start.
  const backends = async () => {
    const rows = await db.sql<{ pid: number }[]>`select pid from pg_stat_activity where datname = current_database()`;
    const ticks = new Map<number, number>();
    for (const { pid } of rows) {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
      const fields = stat?.split(') ')[1]?.split(' ');
      if (fields) ticks.set(pid, Number(fields[11]) + Number(fields[12])); // utime, stime
    }
    return ticks;
  };
  const appBefore = process.cpuUsage();
  const pgBefore = await backends();
  await run();
  const pgAfter = await backends();
  const app = process.cpuUsage(appBefore);
  let pgTicks = 0;
  for (const [pid, ticks] of pgAfter) pgTicks += ticks - (pgBefore.get(pid) ?? 0);
  return { appMs: (app.user + app.system) / 1000, pgMs: pgAfter.size > 0 ? pgTicks * 10 : null };
}

async function measure(
  t: Bench,
  label: string,
  key: string,
  bodies: string[][],
  expect: string,
  ratePerSecond?: number,
) {
  const report = await runLoad({
    port: t.gatewayPort,
    headers: { host },
    clients: bodies,
    expect,
    ...(ratePerSecond ? { ratePerSecond } : {}),
  });
  if (report.errors > 0) throw new Error(`${label}: ${report.errors} failed requests, e.g. ${report.firstError}`);
  const s = summarise([...report.latencies]);
  const perSecond = (report.latencies.length / report.elapsedMs) * 1000;
  say(
    `   ${label.padEnd(24)} p50 ${fmt(s.p50)} ms, p95 ${fmt(s.p95)} ms, p99 ${fmt(s.p99)} ms, ${fmt(perSecond)} req/s (${report.latencies.length} requests)`,
  );
  figures.summary(key, 'ms', s, ['p50', 'p95', 'p99', 'mean']);
  figures.set(`${key}.req_per_s`, perSecond);
}

const server = await startBenchServer(say);
process.env.MERIDIAN_TEST_DATABASE_URL = server.url;
let testDatabase: TestDatabase | undefined;
let database: Database | undefined;
let suite: Suite | undefined;
let gatewayThread: GatewayThread | undefined;
const inlineGateway = process.env.MERIDIAN_BENCH_GATEWAY === 'inline';

await withCleanup(
  async () => {
    say(
      `commerce bench on ${server.description}; node ${process.version}; ${clients} clients; pool of ${poolSize} connections`,
    );
    const unlimited = { points: 1_000_000_000, durationSeconds: 60 };
    const rateLimits = { ip: unlimited, user: unlimited, client: unlimited, tenant: unlimited };
    testDatabase = await createTestDatabase();
    database = connectDatabase(testDatabase.database.url, { max: poolSize, applicationName: 'meridian-bench' });
    suite = await startSuite({
      env: parseEnv({ ...process.env, NODE_ENV: 'test' }),
      database,
      log: createLogger({ name: 'bench' }),
      ephemeralPorts: true,
      keys: { context: await generateContextKeys() },
      cacheName: `bench-${testDatabase.name}`,
      edge: { rateLimits },
      subgraphs: (deps) =>
        createAllSubgraphs(deps).map((s) =>
          s.name === 'commerce' ? createCommerceSubgraph({ mailer: { send: async () => {} } }) : s,
        ),
    });
    const running = suite;
    if (!inlineGateway) {
      gatewayThread = await startGatewayWorker({
        databaseUrl: testDatabase.database.url,
        contextKeys: running.platform.keys,
        subgraphUrls: Object.fromEntries(running.subgraphs.map((s) => [s.name, s.url])),
        rateLimits,
        namespace: `bench-${testDatabase.name}`,
      });
    }
    say(
      `gateway: ${gatewayThread ? 'own worker thread, as in production' : 'in the main thread with the subgraphs (MERIDIAN_BENCH_GATEWAY=inline)'}`,
    );
    const t: Bench = {
      suite: running,
      gatewayPort: gatewayThread?.port ?? running.gateway.port,
      tokenFor: (tenantId) =>
        signAccessTokenWith(running.signingKeys, {
          tenantId,
          actor: { kind: 'user', userId: newId('usr'), permissions: ['*'] },
        }),
    };
    const shop = await setUpShop(t, 20);

    say(
      `\n-- add-to-cart: ${clients} clients × ${addsPerClient} addCartLines, each client on its own cart (after a warm-up)`,
    );
    const carts = await Promise.all(
      Array.from(
        { length: clients },
        async () => (await call(t, createCart, { input: { currencyCode: 'EUR' } })).createCart.cart.token as string,
      ),
    );
    const addBodies = (n: number) =>
      carts.map((cart, c) =>
        Array.from({ length: n }, (_, i) =>
          JSON.stringify({
            query: addLines,
            variables: { input: { cartId: cart, lines: [{ variantId: shop.variants[(c + i) % 5], quantity: 1 }] } },
          }),
        ),
      );
    await runLoad({ port: t.gatewayPort, headers: { host }, clients: addBodies(5), expect: '"userErrors":[]' });
    await measure(
      t,
      'addCartLines (1 client)',
      'add_to_cart.c1',
      [addBodies(addsPerClient)[0] as string[]],
      '"userErrors":[]',
    );
    await measure(
      t,
      `addCartLines (${clients} clients)`,
      `add_to_cart.c${clients}`,
      addBodies(addsPerClient),
      '"userErrors":[]',
    );

    say(`\n-- placeOrder: ${clients} clients × ${ordersPerClient} orders, each on a ready cart (test card 4242…)`);
    const warm = await readyCarts(t, shop, clients);
    const orderBodies = (tokens: string[], perClient: number) =>
      Array.from({ length: clients }, (_, c) =>
        Array.from({ length: perClient }, (_, i) =>
          JSON.stringify({
            query: placeOrder,
            variables: {
              input: {
                cartId: tokens[c * perClient + i],
                idempotencyKey: newId('key'),
                payment: {
                  provider: 'TEST',
                  card: { number: '4242424242424242', expMonth: 12, expYear: 2040, cvc: '123' },
                },
              },
            },
          }),
        ),
      );
    await runLoad({
      port: t.gatewayPort,
      headers: { host },
      clients: orderBodies(warm, 1),
      expect: '"status":"PAID"',
    });
    const single = await readyCarts(t, shop, ordersPerClient);
    // The add-to-cart phases' events are delivered first, so the count is the orders' own work.
    await running.events.drain(120_000);
    const work = await countWork(running.platform.database, () =>
      measure(
        t,
        'placeOrder (1 client)',
        'place_order.c1',
        [single.map((cart) => orderBodies([cart], 1)[0]?.[0] as string)],
        '"status":"PAID"',
      ).then(() => new Promise((resolve) => setTimeout(resolve, 1500))),
    );
    // Counted over the 1-client phase, stock commits after the answers included (they are part of the order).
    const perOrder = (n: number) => n / single.length;
    const statementCount = [...work.statements.values()].reduce((a, b) => a + b, 0);
    const executionCount = work.bySubgraph.reduce((a, [, n]) => a + n, 0);
    say(
      `   per order: ${fmt(perOrder(statementCount))} SQL statements, ${fmt(perOrder(executionCount))} GraphQL executions in the subgraphs' thread (${work.bySubgraph.map(([name, n]) => `${name} ${fmt(perOrder(n))}`).join(', ')})${gatewayThread ? ", and the gateway's in its own" : ''}`,
    );
    figures.set('place_order.sql_statements_per_order', perOrder(statementCount));
    figures.set('place_order.graphql_executions_per_order', perOrder(executionCount));
    if (process.env.MERIDIAN_BENCH_SQL) {
      const top = [...work.statements].sort((a, b) => b[1] - a[1]);
      for (const [text, n] of top) say(`     ${fmt(perOrder(n)).padStart(5)}  ${text}`);
      // `trace` (best with MERIDIAN_BENCH_ORDERS=1): every statement in the order sent, by connection.
      if (process.env.MERIDIAN_BENCH_SQL === 'trace') for (const line of work.trace) say(`     ${line}`);
    }
    const tokens = await readyCarts(t, shop, clients * ordersPerClient);
    const admin = await t.tokenFor(shop.tenantId);
    // MERIDIAN_BENCH_PROFILE_DIR=<folder>: the main thread's CPU profile of this phase, for Chrome DevTools.
    const profileDir = process.env.MERIDIAN_BENCH_PROFILE_DIR;
    const profile = profileDir ? await startProfile('main') : null;
    const cpu = await cpuDuring(running.platform.database, async () => {
      await measure(
        t,
        `placeOrder (${clients} clients)`,
        `place_order.c${clients}`,
        orderBodies(tokens, ordersPerClient),
        '"status":"PAID"',
      );
      // Paid orders' stock is committed just after each answer: counted (part of the order), and finished
      // before the suite stops.
      for (let waited = 0; waited < 20_000; waited += 200) {
        const levels = await call(t, '{ stockLevels(first: 100) { edges { node { reserved } } } }', {}, admin);
        if (levels.stockLevels.edges.every((e: Gql) => e.node.reserved === 0)) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    });
    if (profile) say((await profile.stop(`${profileDir}/place-order-c${clients}.cpuprofile`)).join('\n'));
    const orders = clients * ordersPerClient;
    say(
      `   CPU per order: ${fmt(cpu.appMs / orders)} ms in this process, ${cpu.pgMs === null ? 'n/a' : fmt(cpu.pgMs / orders)} ms in PostgreSQL`,
    );
    figures.set(`place_order.c${clients}.app_cpu_ms_per_order`, cpu.appMs / orders);
    if (cpu.pgMs !== null) figures.set(`place_order.c${clients}.pg_cpu_ms_per_order`, cpu.pgMs / orders);
    for (const orderRate of orderRates) {
      // The closed loop above is throughput-bound (latency ≈ clients ÷ orders a second, Little's law); this is
      // the latency a shopper sees when the same 50 clients together place a steady rate the machine sustains.
      await running.events.drain(120_000);
      const perClient = Math.max(1, Math.round((orderRate * 20) / clients));
      say(`\n-- placeOrder: ${clients} clients placing ${orderRate} orders/s in all (open loop, ${perClient} each)`);
      const paced = await readyCarts(t, shop, clients * perClient);
      await measure(
        t,
        `placeOrder (${clients} clients, ${orderRate}/s)`,
        `place_order.c${clients}.rate${orderRate}`,
        orderBodies(paced, perClient),
        '"status":"PAID"',
        orderRate,
      );
    }
    figures.print('commerce bench figures (ms = milliseconds)');
  },
  async () => {
    say('\nstopping the suite, dropping its database and tenant roles ...');
    await gatewayThread?.close();
    await suite?.close();
    await database?.close();
    await testDatabase?.drop();
    await server.stop();
  },
);
