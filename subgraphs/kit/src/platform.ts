import type { Logger } from 'pino';
import type { Cache } from './cache/cache.types.ts';
import type { ContextKeys } from './context/keys.ts';
import type { Database } from './db/connect.ts';
import type { Env } from './env.ts';
import type { TenantDirectory } from './tenancy/directory.ts';

/** What every subgraph in a process shares: configuration, the pool, keys, logs, the tenant directory. */
export interface Platform {
  env: Env;
  database: Database;
  keys: ContextKeys;
  log: Logger;
  tenants: TenantDirectory;
  /** L1 in process, plus Redis when REDIS_URL is set. */
  cache: Cache;
  /** Where each running subgraph answers, for internal commands between domains. */
  subgraphUrls?: Map<string, string>;
}
