import type postgres from 'postgres';
import type { Database, Drizzle } from '../db/connect.ts';
import type { TenantBinding } from './tenant.ts';

/** A transaction bound to one tenant: unqualified tables resolve to its schema, under its role. */
export type TenantTx = Parameters<Parameters<Drizzle['transaction']>[0]>[0];

const bindingText = "select set_config('search_path', $1, true), set_config('role', $2, true)";

/** The tenant each open transaction is bound to (what kit code in the transaction may need to know of it). */
const bindings = new WeakMap<TenantTx, TenantBinding>();

/** The tenant the transaction was bound to by the kit, when it was. */
export function bindingOf(tx: TenantTx): TenantBinding | undefined {
  return bindings.get(tx);
}

/**
 * Binds the rest of an open transaction to the tenant. Both settings are transaction-local
 * (`set_config(..., true)`), so nothing leaks to the next user of the pooled connection.
 */
export async function bindTenant(tx: TenantTx, tenant: TenantBinding): Promise<void> {
  await sendBinding(tx, tenant);
}

/**
 * Sends the binding now, without waiting for it: it travels with the transaction's first statement
 * instead of costing a round trip of its own. It is handed to postgres.js before `work` runs, and
 * postgres.js sends a connection's queries in the order they were handed over (each one a microtask
 * after; every query of `work` is handed over later), so nothing of `work` runs unbound.
 */
function sendBinding(tx: TenantTx, tenant: TenantBinding): Promise<unknown> {
  bindings.set(tx, tenant);
  const client = (tx as unknown as { session: { client: postgres.TransactionSql } }).session.client;
  const sent = client.unsafe(bindingText, [tenant.schemaName, tenant.roleName]).execute();
  // Observed at once (else a refusal that arrives while `work` runs is an unhandled rejection); awaited below.
  sent.catch(() => {});
  return sent;
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
    const bound = sendBinding(tx, tenant);
    let result: T;
    try {
      result = await work(tx);
    } catch (error) {
      // When the binding failed, everything after it failed for that reason: report the binding's error.
      await bound;
      throw error;
    }
    await bound;
    return result;
  });
}
