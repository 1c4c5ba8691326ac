import { join } from 'node:path';
import { startEmbeddedPostgres } from '../subgraphs/kit/src/db/embedded.ts';
import { parseEnv } from '../subgraphs/kit/src/env.ts';

/**
 * One PostgreSQL for the whole run: DATABASE_URL when set (CI's server), otherwise a real embedded
 * PostgreSQL from npm. Each test file then makes its own uniquely named database on it.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const env = parseEnv();
  if (env.DATABASE_URL) {
    process.env.MERIDIAN_TEST_DATABASE_URL = env.DATABASE_URL;
    return async () => {};
  }
  const server = await startEmbeddedPostgres({
    dataDir: join(env.MERIDIAN_DATA_DIR, 'test-postgres'),
    port: Number(process.env.MERIDIAN_TEST_PG_PORT ?? 54339),
    database: 'meridian_test',
  });
  process.env.MERIDIAN_TEST_DATABASE_URL = server.url;
  return () => server.stop();
}
