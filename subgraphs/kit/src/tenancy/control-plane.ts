import { fileURLToPath } from 'node:url';
import type { Database } from '../db/connect.ts';
import { applyMigrations } from '../migrations/apply.ts';
import { loadMigrations, type MigrationSet } from '../migrations/load.ts';
import type { TenantModule } from './module.ts';

const folder = (name: string) => fileURLToPath(new URL(name, import.meta.url));

export const controlMigrations: MigrationSet = loadMigrations('control', folder('./control-migrations'));

/** The kit's own tables in every tenant schema; applied before any subgraph's. */
export const kitTenantModule: TenantModule = {
  name: 'kit',
  migrations: loadMigrations('kit', folder('./tenant-migrations')),
  appendOnlyTables: ['_audit'],
};

/** Creates or upgrades schema `control`; safe to run from every process at start. */
export async function ensureControlPlane(database: Database): Promise<void> {
  await applyMigrations(database.sql, 'control', [controlMigrations]);
}
