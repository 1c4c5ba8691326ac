/**
 * `npm run bench -w @meridian/catalog` (DATABASE_URL of a PostgreSQL server; REDIS_URL optional):
 *
 *   1. the storefront listing query (24 products with price range and availability) through the gateway,
 *      closed loop at 1 and 16 clients and open loop at a fixed 300 requests/s: p50/p95/p99, throughput
 *      and CPU time per request of each thread; the same straight to the catalog subgraph (signed context
 *      token): the gateway/direct ratio. Every field of the query is catalog's (availability included:
 *      catalog keeps it from inventory's stock events), so the gateway's plan is one fetch and both paths
 *      do the same subgraph work; the gateway adds its own work and one HTTP hop. A bare hop (forward to
 *      catalog, parse, re-serialise; no gateway) shows what the hop alone costs. When the target (p95 <=
 *      15 ms at 300 req/s through the gateway) is missed, a CPU profile of a loaded phase says where the
 *      time goes;
 *   2. search over 10,000 products through the gateway: relevance (full text + typos), price sort,
 *      price filter and facets, each at 1 and 8 clients.
 *
 * The subgraphs run in this process's main thread; the gateway runs in a worker thread of its own (its
 * own event loop and core, as in production where it is its own container), with the edge rate limits
 * raised (one address sends everything); the load generator runs in another worker thread.
 * MERIDIAN_BENCH_GATEWAY=inline serves through the suite's gateway in the main thread instead (the
 * layout before; for comparison). MERIDIAN_BENCH_SECONDS (default 5) sets each measured phase,
 * MERIDIAN_BENCH_ONLY=listing|search one part, MERIDIAN_BENCH_PROFILE=1 profiles even when the target is
 * met, MERIDIAN_BENCH_PROFILE_DIR=<folder> keeps the raw profiles (Chrome DevTools opens them).
 * Everything is dropped at the end. Other work on the machine skews the figures: the load average is
 * printed with them.
 */
import { loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CONTEXT_HEADER, seedDemoData, type Tenant } from '@meridian/kit';
import { startGatewayWorker } from '../../../supergraph/bench/gateway-thread.ts';
import { startTestSuite } from '../../../supergraph/src/testing/test-suite.ts';
import { profileDuring, startProfile } from '../../kit/bench/cpu-profile.ts';
import { signNewContextToken } from '../../kit/src/context/token.ts';
import { seedSearchCatalog } from './bench-data.ts';
import type { LoadJob, LoadReport } from './load-worker.ts';

process.env.LOG_LEVEL ??= 'warn';
const seconds = Number(process.env.MERIDIAN_BENCH_SECONDS ?? 5);
const only = process.env.MERIDIAN_BENCH_ONLY;
const figures: [string, string][] = [];
const say = (line: string) => process.stdout.write(`${line}\n`);
const fmt = (n: number) => (n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0));
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');

function percentiles(samples: ArrayLike<number>) {
  const sorted = Array.from(samples).sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
  return { n: sorted.length, p50: at(50), p95: at(95), p99: at(99) };
}

function runLoad(job: LoadJob): Promise<LoadReport> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./load-worker.ts', import.meta.url), { workerData: job });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

type Job = Omit<LoadJob, 'durationMs'>;

const threadCpuMicros = () => {
  const { user, system } = process.threadCpuUsage();
  return user + system;
};
/** The gateway thread's CPU time so far, in µs, when it runs in its own worker. */
let gatewayCpuMicros: (() => Promise<number>) | undefined;

/**
 * A warm-up second, then the measured phase; `job` is a function so direct calls get a fresh token. Besides
 * latency, the CPU time each thread spent per request: it moves far less than latency when other work
 * shares the machine, so it is the figure to compare changes by.
 */
async function phase(label: string, key: string, job: () => Promise<Job>) {
  await runLoad({ ...(await job()), durationMs: 1000 }); // JIT, pools, caches, query plans
  const measured = { ...(await job()), durationMs: seconds * 1000 };
  const [main0, gateway0] = [threadCpuMicros(), await gatewayCpuMicros?.()];
  const report = await runLoad(measured);
  const [main1, gateway1] = [threadCpuMicros(), await gatewayCpuMicros?.()];
  if (report.errors > 0) throw new Error(`${label}: ${report.errors} failed, e.g. ${report.firstError}`);
  const s = percentiles(report.latencies);
  const perSecond = (s.n / report.elapsedMs) * 1000;
  const mainCpu = (main1 - main0) / s.n;
  const gatewayCpu = gateway0 === undefined || gateway1 === undefined ? undefined : (gateway1 - gateway0) / s.n;
  const cpu = `cpu/req ${gatewayCpu === undefined ? '' : `gateway ${fmt(gatewayCpu)} µs + `}main ${fmt(mainCpu)} µs`;
  say(
    `   ${label.padEnd(46)} p50 ${fmt(s.p50)} ms  p95 ${fmt(s.p95)} ms  p99 ${fmt(s.p99)} ms  ${fmt(perSecond)} req/s (${s.n})  ${cpu}`,
  );
  figures.push([`${key}.p50_ms`, fmt(s.p50)], [`${key}.p95_ms`, fmt(s.p95)], [`${key}.req_per_s`, fmt(perSecond)]);
  figures.push([`${key}.main_thread_cpu_us_per_req`, fmt(mainCpu)]);
  if (gatewayCpu !== undefined) figures.push([`${key}.gateway_thread_cpu_us_per_req`, fmt(gatewayCpu)]);
  return { ...s, perSecond };
}

const body = (query: string) => JSON.stringify({ query });
const listing = body(`{ products(first: 24, sort: NEWEST) { edges { node { id title slug featuredImage { url alt }
  priceRange { min { amount currencyCode } compareAtMax { amount } } availableForSale } } pageInfo { hasNextPage endCursor } } }`);
const unlimited = { points: 1_000_000_000, durationSeconds: 60 };
const rateLimits = { ip: unlimited, user: unlimited, client: unlimited, tenant: unlimited };
const t = await startTestSuite({ edge: { rateLimits } });
const inline = process.env.MERIDIAN_BENCH_GATEWAY === 'inline';
let ownGateway: Awaited<ReturnType<typeof startGatewayWorker>> | undefined;
try {
  const { platform } = t.suite;
  const catalog = t.suite.subgraphs.find((s) => s.name === 'catalog');
  if (!catalog) throw new Error('catalog subgraph is not registered in the suite');
  if (!inline) {
    const server = new URL(process.env.MERIDIAN_TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? '');
    server.pathname = `/${t.testDatabase.name}`;
    ownGateway = await startGatewayWorker({
      databaseUrl: server.toString(),
      contextKeys: platform.keys,
      subgraphUrls: Object.fromEntries(t.suite.subgraphs.map((s) => [s.name, s.url])),
      rateLimits,
      namespace: `bench-${t.testDatabase.name}`,
    });
  }
  const gatewayPort = ownGateway?.port ?? t.suite.gateway.port;
  gatewayCpuMicros = ownGateway?.cpuMicros;
  const viaGateway = (host: string, bodies: string[], token?: () => Promise<string>) => async (): Promise<Job> => ({
    port: gatewayPort,
    headers: { host, ...(token ? { authorization: `Bearer ${await token()}` } : {}) },
    bodies,
    expect: '"edges"',
  });
  const direct = (tenant: Tenant, bodies: string[]) => async (): Promise<Job> => ({
    port: catalog.port,
    // A new token per phase (a full 60 s); the gateway's is one reused for 30 s (ADR 0017).
    headers: {
      [CONTEXT_HEADER]: await signNewContextToken(platform.keys, {
        tenantId: tenant.id,
        actor: { kind: 'anonymous', permissions: [] },
      }),
    },
    bodies,
    expect: '"edges"',
  });
  say(`load average at start: ${load()}`);
  say(
    `gateway: ${inline ? 'in the main thread with the subgraphs (MERIDIAN_BENCH_GATEWAY=inline)' : 'own worker thread'}`,
  );

  if (only !== 'search') {
    const shop = await platform.tenants.create({ slug: 'bench', name: 'Bench', hosts: ['bench.localhost'] });
    await seedDemoData(platform.database, shop, t.suite.definitions);
    // Inventory answers the 200 products with demo stock, and the catalog records it: let that settle
    // (stock reports invalidate listings) before measuring.
    await t.suite.events.drain(300_000);
    const sanity = await t.call(JSON.parse(listing).query, { host: 'bench.localhost' }); // suite's gateway
    if (sanity.errors || sanity.data?.products.edges.length !== 24)
      throw new Error(`listing answered ${JSON.stringify(sanity).slice(0, 300)}`);
    const bytes = Buffer.byteLength(JSON.stringify({ data: sanity.data }));
    say(`\n-- storefront listing (24 products, price range, availability; ${bytes} bytes), ${seconds} s per phase`);
    const gateway = viaGateway('bench.localhost', [listing]);
    const own = direct(shop, [listing]);
    const g1 = await phase('gateway, 1 client', 'listing.gateway.c1', async () => ({
      ...(await gateway()),
      concurrency: 1,
    }));
    const d1 = await phase('catalog direct, 1 client', 'listing.direct.c1', async () => ({
      ...(await own()),
      concurrency: 1,
    }));
    const hopPort = ownGateway?.hopPort;
    const h1 = hopPort
      ? await phase('bare hop to catalog (no gateway), 1 client', 'listing.hop.c1', async () => ({
          ...(await own()),
          port: hopPort,
          concurrency: 1,
        }))
      : undefined;
    const g16 = await phase('gateway, 16 clients', 'listing.gateway.c16', async () => ({
      ...(await gateway()),
      concurrency: 16,
    }));
    const d16 = await phase('catalog direct, 16 clients', 'listing.direct.c16', async () => ({
      ...(await own()),
      concurrency: 16,
    }));
    const g300 = await phase('gateway, fixed 300 req/s', 'listing.gateway.rate300', async () => ({
      ...(await gateway()),
      rate: 300,
    }));
    const d300 = await phase('catalog direct, fixed 300 req/s', 'listing.direct.rate300', async () => ({
      ...(await own()),
      rate: 300,
    }));
    figures.push(
      ['listing.response_bytes', String(bytes)],
      ['listing.gateway_vs_direct.p50_c1', fmt(g1.p50 / d1.p50)],
      ...(h1
        ? ([
            ['listing.hop_vs_direct.p50_c1', fmt(h1.p50 / d1.p50)],
            ['listing.gateway_own_work_ms.p50_c1', fmt(g1.p50 - h1.p50)],
          ] as [string, string][])
        : []),
      ['listing.gateway_vs_direct.p95_rate300', fmt(g300.p95 / d300.p95)],
      ['listing.gateway_vs_direct.throughput_c16', fmt(d16.perSecond / g16.perSecond)],
      ['listing.target_p95_15ms_at_300rps', g300.p95 <= 15 ? 'met' : 'missed'],
      ['listing.target_gateway_overhead_1.5x_p50_c1', g1.p50 / d1.p50 <= 1.5 ? 'met' : 'missed'],
    );
    if (g300.p95 > 15 || process.env.MERIDIAN_BENCH_PROFILE) {
      // Inline, both servers share the main thread: the direct profile is the subgraph's share, the rest
      // the gateway's. Otherwise the gateway thread and the subgraphs' thread are profiled side by side.
      const dir = process.env.MERIDIAN_BENCH_PROFILE_DIR;
      const saveAs = (name: string) => (dir ? `${dir}/listing-${name}.cpuprofile` : undefined);
      const at300 = (job: () => Promise<Job>) => async () =>
        runLoad({ ...(await job()), rate: 300, durationMs: seconds * 1000 });
      if (ownGateway) {
        const subgraphs = await startProfile('subgraphs (main) thread');
        const { summary } = await ownGateway.profileDuring(at300(gateway), saveAs('gateway-thread'));
        const subgraphSummary = await subgraphs.stop(saveAs('gateway-subgraphs'));
        say('\n-- where the time goes at 300 req/s through the gateway');
        for (const line of [...summary, ...subgraphSummary]) say(`   ${line}`);
      } else {
        const { summary } = await profileDuring(at300(gateway), saveAs('gateway'));
        say('\n-- where the time goes at 300 req/s through the gateway');
        for (const line of summary) say(`   ${line}`);
      }
      const { summary } = await profileDuring(at300(own), saveAs('direct'), 'subgraphs (main) thread');
      say('\n-- where the time goes at 300 req/s straight to the catalog subgraph');
      for (const line of summary) say(`   ${line}`);
    }
  }

  if (only !== 'listing') {
    const big = await platform.tenants.create({ slug: 'bigshop', name: 'Big', hosts: ['bigshop.localhost'] });
    say(`\n-- search over 10,000 products through the gateway, ${seconds} s per phase`);
    say(`   10,000 products written in ${fmt(await seedSearchCatalog(platform.database, big))} s`);
    await t.suite.events.drain(300_000);
    // Fresh tables: statistics and merged GIN pending lists now rather than whenever autovacuum gets to them.
    await platform.database.sql.unsafe(
      `vacuum analyze "${big.schemaName}".products, "${big.schemaName}".product_search_prices`,
    );
    const searches = [
      'trail',
      'runing shoe',
      'lether jacket',
      'beanie 42',
      'BIG-4242',
      'cotton',
      'backpak',
      'wool mug',
      'wooll jaket',
      'lether backpak tent',
    ];
    const q = (args: string, fields = 'edges { node { id title } }') =>
      body(`{ products(first: 24, ${args}) { ${fields} } }`);
    // A back-office reader's searches are never served from the listing cache: the live query's cost.
    const reader = () => t.tokenFor(big.id, { permissions: ['catalog:read'] });
    const priceSorts = [
      q('sort: PRICE_ASC'),
      q('sort: PRICE_DESC'),
      q('sort: PRICE_ASC, filter: { attributes: [{ key: "color", values: ["red"] }] }'),
    ];
    const kinds: [string, string, string[], (() => Promise<string>)?][] = [
      [
        'relevance (full text, typos in any word)',
        'search.relevance',
        searches.map((s) => q(`filter: { query: ${JSON.stringify(s)} }`)),
      ],
      ['price sort, all products, live', 'search.price_sort_live', priceSorts, reader],
      ['price sort, storefront (page cache)', 'search.price_sort_cached', priceSorts],
      [
        'price filter + text + price sort',
        'search.price_filter',
        ['shoe', 'cotton', 'tent'].map((s) =>
          q(`sort: PRICE_ASC, filter: { query: "${s}", priceMin: "20", priceMax: "50" }`),
        ),
      ],
      [
        'facets + totalCount (text)',
        'search.facets',
        ['shoe', 'wool', 'lantern'].map((s) =>
          q(
            `filter: { query: "${s}" }`,
            'totalCount facets { price { min { amount } max { amount } } attributes { key values { value count } } availability { inStock } } edges { node { id } }',
          ),
        ),
      ],
    ];
    for (const [label, key, bodies, token] of kinds) {
      for (const clients of [1, 8]) {
        await phase(`${label}, ${clients} client${clients > 1 ? 's' : ''}`, `${key}.c${clients}`, async () => ({
          ...(await viaGateway('bigshop.localhost', bodies, token)()),
          concurrency: clients,
        }));
      }
    }
  }

  say(`\nload average at end: ${load()}`);
  process.stdout.write('\n== catalog bench ==\n');
  for (const [key, value] of figures) process.stdout.write(`${key.padEnd(46)} = ${value}\n`);
} finally {
  await ownGateway?.close();
  await t.close();
}
