import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { connectDatabase, type Database } from '../db/connect.ts';
import { ensureControlPlane } from '../tenancy/control-plane.ts';

export interface TestDatabase {
  database: Database;
  name: string;
  /** Drops the database and every tenant role it created; the shared server keeps nothing. */
  drop(): Promise<void>;
}

function serverUrl(): string {
  const url = process.env.MERIDIAN_TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error('No test database: run tests through vitest (its global setup starts PostgreSQL)');
  return url;
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** A uniquely named database on the test server, with the control plane in place. */
export async function createTestDatabase(options: { controlPlane?: boolean } = {}): Promise<TestDatabase> {
  const url = serverUrl();
  const name = `meridian_t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const database = connectDatabase(withDatabase(url, name), { max: 8, applicationName: 'meridian-test' });
  if (options.controlPlane !== false) await ensureControlPlane(database);
  return {
    database,
    name,
    drop: async () => {
      const roles = await database.sql<{ role_name: string }[]>`
        select role_name from control.tenants`.catch(() => [] as { role_name: string }[]);
      await database.close();
      const cleanup = postgres(url, { max: 1, onnotice: () => {} });
      try {
        await cleanup.unsafe(`drop database if exists "${name}" with (force)`);
        for (const { role_name } of roles) await cleanup.unsafe(`drop role if exists "${role_name}"`);
      } finally {
        await cleanup.end();
      }
    },
  };
}
