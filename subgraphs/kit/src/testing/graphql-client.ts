import pino from 'pino';
import { createCache } from '../cache/create-cache.ts';
import { generateContextKeys } from '../context/keys.ts';
import type { Actor } from '../context/request-context.ts';
import { CONTEXT_HEADER, signContextToken } from '../context/token.ts';
import { parseEnv } from '../env.ts';
import type { Platform } from '../platform.ts';
import type { Subgraph } from '../subgraph/create-subgraph.ts';
import { type RunningServer, serveSubgraph } from '../subgraph/serve.ts';
import { createTenantDirectory } from '../tenancy/directory.ts';
import type { TenantModule } from '../tenancy/module.ts';
import type { Tenant } from '../tenancy/tenant.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export interface GraphQLResult<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; [key: string]: unknown } }[];
}

export interface TestClient {
  request<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResult<T>>;
}

export interface TestSubgraphs {
  testDatabase: TestDatabase;
  platform: Platform;
  servers: RunningServer[];
  /** A tenant provisioned with every module of the subgraphs under test. */
  tenant: Tenant;
  createTenant(slug: string): Promise<Tenant>;
  /** A client of subgraph `name` (default: the first) acting as `actor` in `tenant` (default: the test tenant). */
  as(
    actor: Partial<Actor> & { permissions: string[] },
    options?: { tenant?: Tenant | null; subgraph?: string },
  ): TestClient;
  asTenantAdmin(tenant?: Tenant): TestClient;
  asAnonymous(tenant?: Tenant | null): TestClient;
  asPlatformOperator(): TestClient;
  /** A raw client without a context token, to prove direct calls are refused. */
  unsigned(subgraph?: string): TestClient;
  close(): Promise<void>;
}

async function post(url: string, headers: Record<string, string>, query: string, variables?: Record<string, unknown>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GraphQLResult, 'status'>;
  return { status: response.status, ...body };
}

/**
 * Starts the given subgraphs on a fresh database with one provisioned tenant, and hands out clients
 * that call them as the gateway would (with a signed context token for a chosen actor).
 */
export async function startTestSubgraphs(
  subgraphs: Subgraph[],
  options: { tenantSlug?: string } = {},
): Promise<TestSubgraphs> {
  const testDatabase = await createTestDatabase();
  const modules = subgraphs.map((s) => s.tenantModule).filter((m): m is TenantModule => m !== null);
  const env = parseEnv({ ...process.env, NODE_ENV: 'test' });
  const platform: Platform = {
    env,
    database: testDatabase.database,
    keys: await generateContextKeys(),
    log: pino({ level: process.env.LOG_LEVEL ?? 'silent' }),
    tenants: createTenantDirectory(testDatabase.database, modules),
    // A cache name per run keeps parallel test files apart on a shared Redis.
    cache: createCache({ redisUrl: env.REDIS_URL, name: `test-${testDatabase.name}` }),
  };
  const servers = await Promise.all(subgraphs.map((s) => serveSubgraph(s, platform, { port: 0 })));
  platform.subgraphUrls = new Map(servers.map((s) => [s.name, s.url]));
  const createTenant = (slug: string) => platform.tenants.create({ slug, name: slug, hosts: [`${slug}.localhost`] });
  const tenant = await createTenant(options.tenantSlug ?? 'test-tenant');
  const urlOf = (name?: string) => {
    const server = name ? servers.find((s) => s.name === name) : servers[0];
    if (!server) throw new Error(`no subgraph ${name}`);
    return server.url;
  };
  const as: TestSubgraphs['as'] = (actor, opts = {}) => ({
    request: async (query, variables) => {
      const bound = opts.tenant === undefined ? tenant : opts.tenant;
      const token = await signContextToken(platform.keys, {
        tenantId: bound?.id ?? null,
        actor: { kind: 'user', ...actor },
      });
      return post(urlOf(opts.subgraph), { [CONTEXT_HEADER]: token }, query, variables) as never;
    },
  });
  return {
    testDatabase,
    platform,
    servers,
    tenant,
    createTenant,
    as,
    asTenantAdmin: (t) => as({ permissions: ['*'] }, { tenant: t ?? tenant }),
    asAnonymous: (t) => as({ kind: 'anonymous', permissions: [] }, { tenant: t === undefined ? tenant : t }),
    asPlatformOperator: () => as({ permissions: ['platform:tenants'] }, { tenant: null }),
    unsigned: (name) => ({ request: (query, variables) => post(urlOf(name), {}, query, variables) as never }),
    close: async () => {
      await Promise.all(servers.map((s) => s.close()));
      await platform.cache.close();
      await testDatabase.drop();
    },
  };
}
