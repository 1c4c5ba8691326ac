/**
 * The gateway edge, in figures (called by run.ts, which owns the suite, the load worker and the figures):
 *
 *   - per-request edge steps in µs/op, run in process: access-token verification through the signing key
 *     store (kid lookup + Ed25519), the whole caller resolution (host → tenant, token, tenant lookup),
 *     with every token verified and with the gateway's cache of verified tokens,
 *     the rate-limit budgets (memory, and Redis when REDIS_URL is set), the query measure (depth, aliases,
 *     cost);
 *   - a query with a bearer token through the gateway versus the subgraph called directly, at 1 and 16
 *     clients: what verification, limits, context signing and planning add end to end;
 *   - when the composed graph has identity's `signIn` and `me`: sign-in p50/p95 through the gateway for a
 *     demo user (argon2id at the kit's cost, stated below), and the same gateway/direct ratio for `me`.
 */

import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { demoPassword } from '@meridian/identity';
import {
  type Actor,
  CONTEXT_HEADER,
  type ContextClaims,
  hashPassword,
  seedDemoData,
  signContextToken,
  type Tenant,
  verifyAccessTokenWith,
} from '@meridian/kit';
import { getOperationAST, parse } from 'graphql';
import { type Figures, fmt, say, sequential, summarise } from '../../subgraphs/kit/bench/lib.ts';
import { supergraphPath } from '../src/compose/compose.ts';
import { createAccessTokenCache, resolveCaller } from '../src/gateway/edge.ts';
import { measureOperation } from '../src/gateway/query-limits.ts';
import { createEdgeRateLimiter, defaultRateLimits } from '../src/gateway/rate-limits.ts';
import type { TestSuite } from '../src/testing/test-suite.ts';
import type { LoadJob } from './load-worker.ts';

/** The argon2id cost of kit/src/security/passwords.ts, stated with the sign-in figures. */
const argon2Cost = 'argon2id m=19456 KiB, t=2, p=1';
const iterations = 5000;
const signIns = 50;

export interface PhaseResult {
  p50: number;
  mean: number;
  perSecond: number;
}
export type Phase = (label: string, key: string, job: Omit<LoadJob, 'durationMs' | 'maxOps'>) => Promise<PhaseResult>;

async function microbench(figures: Figures, name: string, op: () => Promise<unknown>): Promise<void> {
  await sequential(iterations / 10, op);
  const s = summarise((await sequential(iterations, op)).map((ms) => ms * 1000));
  say(`   ${name.padEnd(30)} mean ${fmt(s.mean)} µs/op, p50 ${fmt(s.p50)} µs, p95 ${fmt(s.p95)} µs`);
  figures.summary(`edge.${name}`, 'us', s, ['mean', 'p50', 'p95']);
}

/** A request as the gateway sees it, enough for resolveCaller. */
function fakeRequest(host: string, token?: string): IncomingMessage {
  return {
    headers: { host, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    socket: { remoteAddress: '127.0.0.1' },
  } as unknown as IncomingMessage;
}

async function benchSteps(t: TestSuite, tenant: Tenant, figures: Figures): Promise<void> {
  say(`\n-- edge steps per request, ${iterations} iterations each (after ${iterations / 10} warm-up)`);
  const permissions = ['catalog:read', 'catalog:write', 'orders:read'];
  const token = await t.tokenFor(tenant.id, { permissions }, '1h');
  const store = t.suite.signingKeys;
  const deps = { signingKeys: store, tenants: t.suite.platform.tenants, platformHosts: ['localhost'] };
  const hostTenant = await t.suite.platform.tenants.byHost(tenant.hosts[0] as string);
  await microbench(figures, 'verify_access_token_store', () => verifyAccessTokenWith(store, token));
  await microbench(figures, 'resolve_caller_bearer', () =>
    resolveCaller(fakeRequest('localhost', token), deps, {
      clientAddress: '127.0.0.1',
      hostTenant: null,
    }),
  );
  // The gateway's own deps: a token verified once is remembered until it expires.
  const cachedDeps = { ...deps, accessTokens: createAccessTokenCache(store) };
  await microbench(figures, 'resolve_caller_bearer_cached', () =>
    resolveCaller(fakeRequest('localhost', token), cachedDeps, {
      clientAddress: '127.0.0.1',
      hostTenant: null,
    }),
  );
  await microbench(figures, 'resolve_caller_storefront_host', () =>
    resolveCaller(fakeRequest(tenant.hosts[0] as string), deps, {
      clientAddress: '127.0.0.1',
      hostTenant,
    }),
  );
  const actor: Actor = { kind: 'user', userId: 'usr_bench', permissions };
  const unlimited = { points: 1e9, durationSeconds: 60 };
  const limits = { ip: unlimited, user: unlimited, client: unlimited, tenant: unlimited };
  const redisUrls: [string, string | undefined][] = [['memory', undefined]];
  if (process.env.REDIS_URL) redisUrls.push(['redis', process.env.REDIS_URL]);
  for (const [where, redisUrl] of redisUrls) {
    const limiter = createEdgeRateLimiter({ limits, redisUrl, namespace: `bench-${Date.now()}` });
    // What one signed-in request spends: its address, its user and its tenant.
    await microbench(figures, `rate_limits_3_budgets_${where}`, async () => {
      await limiter.consumeIp('127.0.0.1');
      await limiter.consumeCaller(tenant.id, actor);
    });
    await limiter.close();
  }
  const document = parse(`query Products($first: Int = 20) {
    tenants(first: $first) { edges { cursor node { id slug name status hosts schemaVersion { module migration } } } pageInfo { hasNextPage endCursor } }
  }`);
  const operation = getOperationAST(document);
  if (operation) await microbench(figures, 'measure_operation', async () => measureOperation(document, operation, {}));
  say(
    `   (default budgets per minute: ${Object.entries(defaultRateLimits)
      .map(([k, v]) => `${k} ${v.points}`)
      .join(', ')})`,
  );
}

/** `{ label }` through the gateway with `token` against the identity subgraph with a context token. */
async function ratio(
  t: TestSuite,
  figures: Figures,
  phase: Phase,
  what: { label: string; key: string; query: string; expect: string; token: string; claims: ContextClaims },
): Promise<void> {
  const identity = t.suite.subgraphs.find((s) => s.name === 'identity');
  if (!identity) throw new Error('no identity subgraph in the suite');
  const body = JSON.stringify({ query: what.query });
  const gatewayJob = {
    port: t.suite.gateway.port,
    path: '/graphql',
    headers: { host: 'localhost', authorization: `Bearer ${what.token}` },
    body,
    expect: what.expect,
  };
  for (const concurrency of [1, 16]) {
    say(`\n-- ${what.query} with a bearer token: ${concurrency} client(s)`);
    const viaGateway = await phase(`gateway (${what.label})`, `edge.${what.key}.gateway.c${concurrency}`, {
      ...gatewayJob,
      concurrency,
    });
    const directJob = {
      port: identity.port,
      path: '/graphql',
      headers: { [CONTEXT_HEADER]: await signContextToken(t.suite.platform.keys, what.claims) },
      body,
      expect: what.expect,
    };
    const direct = await phase('identity direct (ctx token)', `edge.${what.key}.direct.c${concurrency}`, {
      ...directJob,
      concurrency,
    });
    say(`   gateway/direct: p50 ×${fmt(viaGateway.p50 / direct.p50)}, mean ×${fmt(viaGateway.mean / direct.mean)}`);
    figures.set(`edge.${what.key}.ratio.c${concurrency}.gateway_vs_direct_p50`, viaGateway.p50 / direct.p50);
    figures.set(`edge.${what.key}.ratio.c${concurrency}.gateway_overhead_p50_ms`, viaGateway.p50 - direct.p50);
  }
}

async function benchSignIn(t: TestSuite, figures: Figures, phase: Phase): Promise<void> {
  const sdl = readFileSync(supergraphPath, 'utf8');
  if (!/\bsignIn\(/.test(sdl) || !/\bme\b\s*:/.test(sdl)) {
    say('\n-- sign-in and `me`: not in the composed graph yet, skipped');
    return;
  }
  const { tenants } = t.suite.platform;
  const demo = await tenants.create({ slug: 'acme', name: 'Acme (bench)', hosts: ['acme.localhost'] });
  await seedDemoData(t.suite.platform.database, demo, t.suite.definitions, () => {});
  const hashTimes = await sequential(10, () => hashPassword(demoPassword));
  const hashed = summarise(hashTimes);
  say(`\n-- sign-in through the gateway, ${signIns} sequential (after 5 warm-up); ${argon2Cost}`);
  say(`   argon2id hash alone: p50 ${fmt(hashed.p50)} ms`);
  figures.set('edge.sign_in.argon2_cost', argon2Cost.replaceAll(' ', '_'));
  figures.summary('edge.argon2_hash', 'ms', hashed, ['p50', 'mean']);
  const signIn = `mutation($input: SignInInput!) { signIn(input: $input) { tokens { accessToken } userErrors { code message } } }`;
  let accessToken = '';
  const once = async () => {
    const result = await t.call(signIn, {
      host: 'acme.localhost',
      variables: { input: { email: 'owner@acme.test', password: demoPassword } },
    });
    accessToken = result.data?.signIn?.tokens?.accessToken ?? '';
    if (!accessToken) throw new Error(`sign-in failed: ${JSON.stringify(result.errors ?? result.data)}`);
  };
  try {
    await once();
  } catch (error) {
    // The suite's registry may build identity without its services (no signing, no sign-in).
    say(`   skipped: ${(error as Error).message.slice(0, 200)}`);
    return;
  }
  await sequential(5, once);
  const s = summarise(await sequential(signIns, once));
  say(`   signIn p50 ${fmt(s.p50)} ms, p95 ${fmt(s.p95)} ms, mean ${fmt(s.mean)} ms`);
  figures.summary('edge.sign_in', 'ms', s, ['p50', 'p95', 'mean']);

  const verified = await verifyAccessTokenWith(t.suite.signingKeys, accessToken);
  await ratio(t, figures, phase, {
    label: 'me',
    key: 'me',
    query: '{ me { id email } }',
    expect: '"email":"owner@acme.test"',
    token: accessToken,
    claims: { tenantId: demo.id, actor: verified.actor },
  });
}

/** Everything above; `tenant` is the bench tenant run.ts created (served at `bench.localhost`). */
export async function benchEdge(t: TestSuite, tenant: Tenant, figures: Figures, phase: Phase): Promise<void> {
  await benchSteps(t, tenant, figures);
  const token = await t.tokenFor(tenant.id, { permissions: [] }, '1h');
  await ratio(t, figures, phase, {
    label: 'bearer token',
    key: 'current_tenant',
    query: '{ currentTenant { slug name } }',
    expect: '"slug":"bench"',
    token,
    claims: {
      tenantId: tenant.id,
      actor: (await verifyAccessTokenWith(t.suite.signingKeys, token)).actor,
    },
  });
  await benchSignIn(t, figures, phase);
}
