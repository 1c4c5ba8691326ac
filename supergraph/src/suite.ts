import { readFileSync } from 'node:fs';
import {
  type ContextKeys,
  createCache,
  createEventRuntime,
  createTenantDirectory,
  type Database,
  type Env,
  type EventRuntime,
  ensureControlPlane,
  type Logger,
  loadContextKeys,
  loadKeyPair,
  migrateAllTenants,
  type Platform,
  type RunningServer,
  registerQueueDepthCollector,
  type Subgraph,
  serveSubgraph,
} from '@meridian/kit';
import { supergraphPath } from './compose/compose.ts';
import { type RunningGateway, startGateway } from './gateway/gateway.ts';
import { createAllSubgraphs, tenantModulesOf } from './subgraphs.ts';

export interface Suite {
  platform: Platform;
  accessKeys: ContextKeys;
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
  keys?: { context: ContextKeys; access: ContextKeys };
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

  const subgraphs = createAllSubgraphs();
  const modules = tenantModulesOf(subgraphs);
  const tenants = createTenantDirectory(database, modules);

  const unfinished = await tenants.list({ status: 'provisioning', first: 500 });
  for (const tenant of unfinished.tenants) {
    say(`Resuming provisioning of tenant ${tenant.slug}`);
    await tenants.create({ slug: tenant.slug, name: tenant.name });
  }
  say('Applying pending migrations to every tenant');
  const report = await migrateAllTenants(database, modules, {
    concurrency: env.MIGRATION_CONCURRENCY,
    onProgress: ({ done, total, slug, ok, detail }) =>
      say(`  [${done}/${total}] ${slug}: ${ok ? detail : `FAILED ${detail}`}`),
  });
  if (report.failed.length > 0) say(`${report.failed.length} tenant(s) failed to migrate; see above`);

  const keys = options.keys ?? {
    context: await loadContextKeys(env),
    access: await loadKeyPair(env, 'access', env.ACCESS_PRIVATE_KEY, env.ACCESS_PUBLIC_KEY),
  };
  const cache = createCache({ redisUrl: env.REDIS_URL, name: options.cacheName ?? 'meridian', log });
  await cache.ready();
  const platform: Platform = { env, database, keys: keys.context, log, tenants, cache };

  // Subscribers start before traffic: an event relayed before its subscriber exists would reach no queue.
  const events = createEventRuntime({
    database,
    subscribers: subgraphs.flatMap((s) => s.subscribers),
    log,
  });
  say('Starting event delivery');
  await events.start();
  const unregisterDepth = registerQueueDepthCollector(async () =>
    Object.fromEntries((await events.queueDepth()).map((q) => [q.queue, q.queued])),
  );

  const servers: RunningServer[] = [];
  for (const [index, subgraph] of subgraphs.entries()) {
    const port = options.ephemeralPorts ? 0 : env.SUBGRAPH_PORT_BASE + index + 1;
    servers.push(await serveSubgraph(subgraph, platform, { port }));
    say(`Subgraph ${subgraph.name} on ${servers.at(-1)?.url}`);
  }
  const gateway = await startGateway({
    supergraphSdl: readFileSync(supergraphPath, 'utf8'),
    subgraphUrls: Object.fromEntries(servers.map((s) => [s.name, s.url])),
    contextKeys: keys.context,
    accessKeys: keys.access,
    tenants,
    platformHosts: env.PLATFORM_HOSTS,
    log,
    production: env.NODE_ENV === 'production',
    port: options.ephemeralPorts ? 0 : env.GATEWAY_PORT,
    host: '127.0.0.1',
  });
  return {
    platform,
    accessKeys: keys.access,
    gateway,
    subgraphs: servers,
    definitions: subgraphs,
    events,
    close: async () => {
      await gateway.close();
      await Promise.all(servers.map((s) => s.close()));
      unregisterDepth();
      await events.stop();
      await cache.close();
    },
  };
}
