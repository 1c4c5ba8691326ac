import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { preparingClient } from './prepared-client.ts';

/**
 * A schema that never has tables: every connection starts with it as its search_path, so a query
 * that was not bound to a tenant fails ("relation does not exist") instead of reading shared data.
 */
export const UNBOUND_SEARCH_PATH = 'meridian_unbound';

export type Drizzle = PostgresJsDatabase<Record<string, never>>;

export interface Database {
  readonly url: string;
  /** postgres.js pool: kit-internal, never handed to business code. */
  readonly sql: postgres.Sql;
  readonly db: Drizzle;
  close(): Promise<void>;
}

export interface ConnectOptions {
  max?: number;
  applicationName?: string;
}

export function connectDatabase(url: string, options: ConnectOptions = {}): Database {
  const sql = postgres(url, {
    max: options.max ?? 10,
    // Postgres caches catalog entries per backend for every table touched; with a schema per tenant
    // that grows without bound, so connections are recycled (ARCHITECTURE §3, capacity).
    max_lifetime: 60 * 15,
    idle_timeout: 30,
    connect_timeout: 10,
    onnotice: () => {},
    connection: { search_path: UNBOUND_SEARCH_PATH, application_name: options.applicationName ?? 'meridian' },
  });
  const db = drizzle({ client: preparingClient(sql) }) as Drizzle;
  return {
    url,
    sql,
    db,
    close: () => sql.end({ timeout: 5 }),
  };
}

/** Quotes an identifier we generated ourselves (schema and role names); refuses anything unexpected. */
export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`unsafe identifier: ${name}`);
  return `"${name}"`;
}
