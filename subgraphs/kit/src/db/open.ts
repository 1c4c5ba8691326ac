import { join } from 'node:path';
import type { Env } from '../env.ts';
import { type ConnectOptions, connectDatabase, type Database } from './connect.ts';
import { startEmbeddedPostgres } from './embedded.ts';

export interface OpenedDatabase {
  database: Database;
  /** Where the data lives, for the start-up banner. */
  description: string;
  /** Closes the pool and, for the embedded server, stops PostgreSQL. */
  close(): Promise<void>;
}

/** `DATABASE_URL` when set; otherwise a real PostgreSQL started from npm with data in the local folder. */
export async function openDatabase(
  env: Pick<Env, 'DATABASE_URL' | 'MERIDIAN_DATA_DIR' | 'EMBEDDED_PG_PORT'>,
  options: ConnectOptions & { log?: (line: string) => void } = {},
): Promise<OpenedDatabase> {
  if (env.DATABASE_URL) {
    const database = connectDatabase(env.DATABASE_URL, options);
    return { database, description: redact(env.DATABASE_URL), close: () => database.close() };
  }
  const dataDir = join(env.MERIDIAN_DATA_DIR, 'postgres');
  const server = await startEmbeddedPostgres({
    dataDir,
    port: env.EMBEDDED_PG_PORT,
    database: 'meridian',
    ...(options.log ? { log: options.log } : {}),
  });
  const database = connectDatabase(server.url, options);
  return {
    database,
    description: `embedded PostgreSQL at 127.0.0.1:${env.EMBEDDED_PG_PORT}, data in ${dataDir}`,
    close: async () => {
      await database.close();
      await server.stop();
    },
  };
}

export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
