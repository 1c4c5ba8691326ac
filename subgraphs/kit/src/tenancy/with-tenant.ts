import { sql } from 'drizzle-orm';
import type { Database, Drizzle } from '../db/connect.ts';
import type { TenantBinding } from './tenant.ts';

/** A transaction bound to one tenant: unqualified tables resolve to its schema, under its role. */
export type TenantTx = Parameters<Parameters<Drizzle['transaction']>[0]>[0];

/**
 * Binds the rest of an open transaction to the tenant. Both settings are transaction-local
 * (`set_config(..., true)`), so nothing leaks to the next user of the pooled connection.
 */
export async function bindTenant(tx: TenantTx, tenant: TenantBinding): Promise<void> {
  await tx.execute(
    sql`select set_config('search_path', ${tenant.schemaName}, true), set_config('role', ${tenant.roleName}, true)`,
  );
}

/**
 * Runs `work` in one transaction bound to the tenant; the tenant role has rights on its own schema
 * only, so the database itself refuses other tenants.
 */
export function withTenant<T>(
  database: Database,
  tenant: TenantBinding,
  work: (tx: TenantTx) => Promise<T>,
): Promise<T> {
  return database.db.transaction(async (tx) => {
    await bindTenant(tx, tenant);
    return work(tx);
  });
}
