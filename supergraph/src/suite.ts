import { readFileSync } from 'node:fs';
import {
  type ContextKeys,
  createCache,
  createEventRuntime,
  createSigningKeyStore,
  createTenantDirectory,
  type Database,
  type Env,
  type EventRuntime,
  ensureControlPlane,
  type Logger,
  loadContextKeys,
  loadSecretBox,
  migrateAllTenants,
  type Platform,
  type RunningServer,
  registerQueueDepthCollector,
  type SigningKeyStore,
  type Subgraph,
  serveSubgraph,
  startPeriodicJobs,
} from '@meridian/kit';
import { supergraphPath } from './compose/compose.ts';
import { type GatewayOptions, type RunningGateway, startGateway } from './gateway/gateway.ts';
import { createAllSubgraphs, type SubgraphDeps, tenantModulesOf } from './subgraphs.ts';

export type { SubgraphDeps };

export interface Suite {
  platform: Platform;
  /** The platform's access-token keys (by kid, rotatable); the gateway publishes them as JWKS. */
  signingKeys: SigningKeyStore;
  gateway: RunningGateway;
  subgraphs: RunningServer[];
  /** The subgraph definitions behind the servers (demo seeding, tooling). */
  definitions: Subgraph[];
  events: EventRuntime;
  close(): Promise<void>;
}

export interface SuiteOptions {
  env: Env;
  database: Database;
  log: Logger;
  progress?: (line: string) => void;
  /** Port 0 everywhere picks free ports (tests). */
  ephemeralPorts?: boolean;
  /** Context-token keys (tests pass a fresh pair); access tokens always use the signing key store. */
  keys?: { context: ContextKeys };
  /** Edge limits other than the defaults (tests use small ones). */
  edge?: Pick<GatewayOptions, 'bodyLimitBytes' | 'queryLimits' | 'rateLimits' | 'trustedProxies'>;
  /** The subgraphs to serve, built from what the suite shares (default: the registry in subgraphs.ts). */
  subgraphs?: (deps: SubgraphDeps) => Subgraph[];
  /** Cache namespace; tests use one per run so parallel runs on one Redis stay apart. */
  cacheName?: string;
}

/**
 * Brings the whole backend up on an open database: control plane, pending migrations on every
 * tenant (resuming unfinished provisioning), every subgraph, then the gateway in front of them.
 */
export async function startSuite(options: SuiteOptions): Promise<Suite> {
  const { env, database, log } = options;
  const say = options.progress ?? (() => {});
  say('Preparing the control plane');
  await ensureControlPlane(database);
  // Private signing keys are stored sealed; the first one is created on first use. Created before the
  // subgraphs: identity signs with the same store the gateway verifies with.
  const signingKeys = createSigningKeyStore(database, await loadSecretBox(env));
  await signingKeys.active();

  const subgraphs = (options.subgraphs ?? createAllSubgraphs)({ database, env, signingKeys });
  const modules = tenantModulesOf(subgraphs);
  const tenants = createTenantDirectory(database, modules);

  const unfinished = await tenants.list({ status: 'provisioning', first: 500 });
  for (const tenant of unfinished.tenants) {
    say(`Resuming provisioning of tenant ${tenant.slug}`);
    // One tenant that cannot finish must not keep every other tenant offline.
    await tenants.create({ slug: tenant.slug, name: tenant.name }).catch((error: Error) => {
      say(`  ${tenant.slug} is still not ready (not served): ${error.message}`);
    });
  }
  say('Applying pending migrations to every tenant');
  const report = await migrateAllTenants(database, modules, {
    concurrency: env.MIGRATION_CONCURRENCY,
    onProgress: ({ done, total, slug, ok, detail }) =>
      say(`  [${done}/${total}] ${slug}: ${ok ? detail : `FAILED ${detail}`}`),
  });
  if (report.failed.length > 0) say(`${report.failed.length} tenant(s) failed to migrate; see above`);

  const keys = options.keys ?? { context: await loadContextKeys(env) };
  const cache = createCache({ redisUrl: env.REDIS_URL, name: options.cacheName ?? 'meridian', log });
  // With Redis unreachable the cache still works from process memory; don't hold the start for it.
  const subscribed = await Promise.race([
    cache.ready().then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5000).unref()),
  ]);
  if (!subscribed) say('Redis is not answering: caching in process memory until it does');
  const platform: Platform = { env, database, keys: keys.context, log, tenants, cache, subgraphUrls: new Map() };

  // Subscribers start before traffic: an event relayed before its subscriber exists would reach no queue.
  const events = createEventRuntime({
    database,
    cache,
    // one directory (and its cache) for requests and events, so a suspend or resume reaches both at once
    tenants,
    subscribers: subgraphs.flatMap((s) => s.subscribers),
    log,
  });
  say('Starting event delivery');
  await events.start();
  const unregisterDepth = registerQueueDepthCollector(async () =>
    Object.fromEntries((await events.queueDepth()).map((q) => [q.queue, q.queued])),
  );

  const periodic = startPeriodicJobs(
    database,
    tenants,
    subgraphs.flatMap((s) => s.periodicJobs),
    log,
  );

  const servers: RunningServer[] = [];
  for (const [index, subgraph] of subgraphs.entries()) {
    const port = options.ephemeralPorts ? 0 : env.SUBGRAPH_PORT_BASE + index + 1;
    servers.push(await serveSubgraph(subgraph, platform, { port }));
    platform.subgraphUrls?.set(subgraph.name, servers.at(-1)?.url ?? '');
    say(`Subgraph ${subgraph.name} on ${servers.at(-1)?.url}`);
  }
  const gateway = await startGateway({
    supergraphSdl: readFileSync(supergraphPath, 'utf8'),
    subgraphUrls: Object.fromEntries(servers.map((s) => [s.name, s.url])),
    contextKeys: keys.context,
    signingKeys,
    tenants,
    platformHosts: env.PLATFORM_HOSTS,
    trustedProxies: env.TRUSTED_PROXIES,
    log,
    mode: env.NODE_ENV,
    port: options.ephemeralPorts ? 0 : env.GATEWAY_PORT,
    host: '127.0.0.1',
    ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : {}),
    ...(env.METRICS_PORT !== undefined && !options.ephemeralPorts ? { metricsPort: env.METRICS_PORT } : {}),
    webhookTargets: Object.fromEntries(
      subgraphs.flatMap((s, i) =>
        Object.keys(s.webhooks).map((provider) => [
          provider,
          (servers[i]?.url ?? '').replace(/\/graphql$/, `/webhooks/${provider}`),
        ]),
      ),
    ),
    namespace: options.cacheName ?? 'meridian',
    ...options.edge,
  });
  return {
    platform,
    signingKeys,
    gateway,
    subgraphs: servers,
    definitions: subgraphs,
    events,
    close: async () => {
      await gateway.close();
      await Promise.all(servers.map((s) => s.close()));
      await Promise.all(subgraphs.map((s) => s.close()));
      await periodic.stop();
      unregisterDepth();
      await events.stop();
      await cache.close();
    },
  };
}
