import { createCache } from '../cache/create-cache.ts';
import { loadContextKeys } from '../context/keys.ts';
import { openDatabase } from '../db/open.ts';
import { env as loadEnv } from '../env.ts';
import { createEventRuntime } from '../events/event-runtime.ts';
import { createLogger } from '../log.ts';
import type { Platform } from '../platform.ts';
import { ensureControlPlane } from '../tenancy/control-plane.ts';
import { createTenantDirectory } from '../tenancy/directory.ts';
import type { Subgraph } from './create-subgraph.ts';
import { serveSubgraph } from './serve.ts';

/**
 * Runs one subgraph as its own process (one container per subgraph in production): its HTTP server
 * and its event handlers. Tenants are provisioned and migrated by `meridian`, which knows every module.
 */
export async function runStandalone(subgraph: Subgraph): Promise<void> {
  const env = loadEnv();
  const log = createLogger({ name: subgraph.name, level: env.LOG_LEVEL });
  const opened = await openDatabase(env, { applicationName: `meridian-${subgraph.name}` });
  await ensureControlPlane(opened.database);
  const cache = createCache({ redisUrl: env.REDIS_URL, name: 'meridian', log });
  const platform: Platform = {
    env,
    database: opened.database,
    keys: await loadContextKeys(env),
    log,
    tenants: createTenantDirectory(opened.database, subgraph.tenantModule ? [subgraph.tenantModule] : []),
    cache,
  };
  const events = createEventRuntime({
    database: opened.database,
    tenants: platform.tenants,
    subscribers: subgraph.subscribers,
    log,
  });
  await events.start();
  const server = await serveSubgraph(subgraph, platform, { port: env.PORT ?? 0, host: '0.0.0.0' });
  log.info({ url: server.url }, `${subgraph.name} subgraph listening`);
  const stop = async () => {
    await server.close();
    await events.stop();
    await cache.close();
    await opened.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}
