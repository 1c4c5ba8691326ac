import { sql } from 'drizzle-orm';
import type { Database, Drizzle } from '../db/connect.ts';
import type { TenantBinding } from './tenant.ts';

/** A transaction bound to one tenant: unqualified tables resolve to its schema, under its role. */
export type TenantTx = Parameters<Parameters<Drizzle['transaction']>[0]>[0];

/**
 * Runs `work` in one transaction bound to the tenant. Both settings are transaction-local
 * (`set_config(..., true)`), so nothing leaks to the next user of the pooled connection; the
 * tenant role has rights on its own schema only, so the database itself refuses other tenants.
 */
export function withTenant<T>(
  database: Database,
  tenant: TenantBinding,
  work: (tx: TenantTx) => Promise<T>,
): Promise<T> {
  return database.db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('search_path', ${tenant.schemaName}, true), set_config('role', ${tenant.roleName}, true)`,
    );
    return work(tx);
  });
}
