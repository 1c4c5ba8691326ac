/**
 * `npm run bench -w @meridian/supergraph`: what the gateway costs, in figures.
 *
 *   - provisioning a tenant with the real subgraphs' modules (the kit bench can only use its fixture);
 *   - `{ currentTenant { slug name } }` under load, through the gateway (storefront host header) and
 *     directly against the identity subgraph (signed context token), at 1 and 16 clients;
 *     and through the gateway with a bearer access token (verification + per-user rate limit on top);
 *   - the gateway's per-request token work: signContextToken (reused, and a fresh signature), verifyAccessTokenWith
 *     (the platform's signing-key store), and the subgraph's verifyContextToken of a token it has seen.
 *
 * The edge rate limits are raised far above the load (the limiter still runs, so its cost is included).
 *
 * The whole backend runs in this process, as `npm start` runs it; the load generator runs in a worker
 * thread. PostgreSQL: DATABASE_URL when set, else the bench's embedded server (see the kit's bench/lib.ts).
 * Everything created is dropped at the end, also on Ctrl-C. MERIDIAN_BENCH_SECONDS (default 5) sets the
 * length of each measured load phase.
 */
import { Worker } from 'node:worker_threads';
import {
  CONTEXT_HEADER,
  type ContextClaims,
  signContextToken,
  verifyAccessTokenWith,
  verifyContextToken,
} from '@meridian/kit';
import {
  Figures,
  fmt,
  say,
  sequential,
  startBenchServer,
  summarise,
  withCleanup,
} from '../../subgraphs/kit/bench/lib.ts';
import { signNewContextToken } from '../../subgraphs/kit/src/context/token.ts';
import { startTestSuite, type TestSuite } from '../src/testing/test-suite.ts';
import { benchEdge } from './edge.ts';
import type { LoadJob, LoadReport } from './load-worker.ts';

process.env.LOG_LEVEL ??= 'warn';
const seconds = Number(process.env.MERIDIAN_BENCH_SECONDS ?? 5);
const clients = 16;
const maxOps = 200_000;
const tokenIterations = 5000;
const provisionCount = 10;
const query = '{ currentTenant { slug name } }';
const figures = new Figures();

function runLoad(job: LoadJob): Promise<LoadReport> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./load-worker.ts', import.meta.url), { workerData: job });
    worker.once('message', (report: LoadReport) => resolve(report));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load worker exited with code ${code}`));
    });
  });
}

interface Phase {
  p50: number;
  mean: number;
  perSecond: number;
}

async function phase(label: string, key: string, job: Omit<LoadJob, 'durationMs' | 'maxOps'>): Promise<Phase> {
  // Warm-up: JIT, connection pools, query plan caches, the tenant directory's cache.
  await runLoad({ ...job, durationMs: 1000, maxOps });
  const report = await runLoad({ ...job, durationMs: seconds * 1000, maxOps });
  if (report.errors > 0) throw new Error(`${label}: ${report.errors} failed requests, e.g. ${report.firstError}`);
  const s = summarise([...report.latencies]);
  const perSecond = (report.latencies.length / report.elapsedMs) * 1000;
  say(
    `   ${label.padEnd(28)} p50 ${fmt(s.p50)} ms, p95 ${fmt(s.p95)} ms, p99 ${fmt(s.p99)} ms, ` +
      `${fmt(perSecond)} req/s (${report.latencies.length} requests in ${fmt(report.elapsedMs / 1000)} s)`,
  );
  figures.summary(key, 'ms', s, ['p50', 'p95', 'p99', 'mean']);
  figures.set(`${key}.req_per_s`, perSecond);
  return { p50: s.p50, mean: s.mean, perSecond };
}

async function benchProvisioning(t: TestSuite): Promise<string> {
  say(`\n-- provisioning with the real subgraphs' modules: ${provisionCount} tenants, one after the other`);
  const { tenants } = t.suite.platform;
  const cold = await sequential(1, () => tenants.create({ slug: 'bench-warmup', name: 'Warm-up' }));
  const times = await sequential(provisionCount, (i) => tenants.create({ slug: `bench-p-${i}`, name: `P ${i}` }));
  const s = summarise(times);
  say(
    `   first (not counted) ${fmt(cold[0] as number)} ms; p50 ${fmt(s.p50)} ms, p95 ${fmt(s.p95)} ms, mean ${fmt(s.mean)} ms`,
  );
  figures.summary('provision_real', 'ms', s);
  const tenant = await tenants.create({ slug: 'bench', name: 'Bench Co', hosts: ['bench.localhost'] });
  return tenant.id;
}

async function benchRequests(t: TestSuite, tenantId: string): Promise<void> {
  const identity = t.suite.subgraphs.find((s) => s.name === 'identity');
  if (!identity) throw new Error('no identity subgraph in the suite');
  const body = JSON.stringify({ query });
  const expect = '"slug":"bench"';
  const gatewayJob = {
    port: t.suite.gateway.port,
    path: '/graphql',
    headers: { host: 'bench.localhost' },
    body,
    expect,
  };
  // The gateway signs one context token per request; a direct call reuses one (valid 60 s, signed per phase).
  const claims = (): ContextClaims => ({
    tenantId,
    actor: { kind: 'anonymous', permissions: [] },
  });
  const directJob = async () => ({
    port: identity.port,
    path: '/graphql',
    headers: { [CONTEXT_HEADER]: await signContextToken(t.suite.platform.keys, claims()) },
    body,
    expect,
  });
  let gatewayC16: Phase | undefined;
  const sanity = await t.call(query, { host: 'bench.localhost' });
  if (sanity.data?.currentTenant?.slug !== 'bench') throw new Error(`gateway answered ${JSON.stringify(sanity)}`);

  for (const concurrency of [1, clients]) {
    say(`\n-- ${query}: ${concurrency} client(s), ${seconds} s each (after 1 s of warm-up)`);
    const viaGateway = await phase('gateway (host header)', `gateway.c${concurrency}`, { ...gatewayJob, concurrency });
    const direct = await phase('identity direct (ctx token)', `direct.c${concurrency}`, {
      ...(await directJob()),
      concurrency,
    });
    if (concurrency === clients) gatewayC16 = viaGateway;
    const ratio = viaGateway.p50 / direct.p50;
    say(
      `   gateway/direct: p50 ×${fmt(ratio)}, mean ×${fmt(viaGateway.mean / direct.mean)}, throughput ×${fmt(direct.perSecond / viaGateway.perSecond)} lower`,
    );
    figures.set(`ratio.c${concurrency}.gateway_vs_direct_p50`, ratio);
    figures.set(`ratio.c${concurrency}.gateway_vs_direct_mean`, viaGateway.mean / direct.mean);
    figures.set(`ratio.c${concurrency}.gateway_overhead_p50_ms`, viaGateway.p50 - direct.p50);
  }
  const token = await t.tokenFor(tenantId, { permissions: ['*'] });
  say(`\n-- the same through the gateway with a bearer access token (tenant admin), ${clients} clients`);
  const bearer = await phase('gateway (bearer token)', `gateway_bearer.c${clients}`, {
    ...gatewayJob,
    headers: { ...gatewayJob.headers, authorization: `Bearer ${token}` },
    concurrency: clients,
  });
  figures.set(`ratio.c${clients}.bearer_vs_host_p50`, bearer.p50 / (gatewayC16?.p50 ?? Number.NaN));
}

async function benchTokens(t: TestSuite, tenantId: string): Promise<void> {
  say(`\n-- token work per request, ${tokenIterations} iterations each (after ${tokenIterations / 10} warm-up)`);
  const contextKeys = t.suite.platform.keys;
  const claims: ContextClaims = {
    tenantId,
    actor: { kind: 'user', userId: 'usr_bench', permissions: ['catalog:read', 'catalog:write', 'orders:read'] },
    clientAddress: '127.0.0.1',
  };
  const accessToken = await t.tokenFor(tenantId, { permissions: ['catalog:read', 'catalog:write', 'orders:read'] });
  const contextToken = await signContextToken(contextKeys, claims);
  const ops: [string, () => Promise<unknown>][] = [
    // what the gateway pays per request (a token reused for its caller), and a fresh Ed25519 signature
    ['sign_context_token_reused', () => signContextToken(contextKeys, claims)],
    ['sign_context_token_new', () => signNewContextToken(contextKeys, claims)],
    ['verify_access_token', () => verifyAccessTokenWith(t.suite.signingKeys, accessToken)],
    // a subgraph remembers a token it verified (ADR 0017)
    ['verify_context_token_known', () => verifyContextToken(contextKeys, contextToken)],
  ];
  for (const [name, op] of ops) {
    await sequential(tokenIterations / 10, op);
    const s = summarise((await sequential(tokenIterations, op)).map((ms) => ms * 1000));
    say(`   ${name.padEnd(21)} mean ${fmt(s.mean)} µs/op, p50 ${fmt(s.p50)} µs, p95 ${fmt(s.p95)} µs`);
    figures.summary(`token.${name}`, 'us', s, ['mean', 'p50', 'p95']);
  }
}

const server = await startBenchServer(say);
process.env.MERIDIAN_TEST_DATABASE_URL = server.url;
let suite: TestSuite | undefined;

await withCleanup(
  async () => {
    say(`supergraph bench on ${server.description}; node ${process.version}`);
    const started = performance.now();
    const unlimited = { points: 1_000_000_000, durationSeconds: 60 };
    suite = await startTestSuite({
      edge: { rateLimits: { ip: unlimited, user: unlimited, client: unlimited, tenant: unlimited } },
    });
    say(`suite (every subgraph + gateway) started in ${fmt(performance.now() - started)} ms`);
    const tenantId = await benchProvisioning(suite);
    await benchRequests(suite, tenantId);
    await benchTokens(suite, tenantId);
    const benchTenant = await suite.suite.platform.tenants.byId(tenantId);
    if (benchTenant) await benchEdge(suite, benchTenant, figures, phase);
    figures.print('supergraph bench figures (ms = milliseconds, us = microseconds)');
  },
  async () => {
    say('\nstopping the suite, dropping its database and tenant roles ...');
    await suite?.close();
    await server.stop();
  },
);
