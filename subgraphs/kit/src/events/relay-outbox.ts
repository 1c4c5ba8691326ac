import { asc, eq, inArray, sql } from 'drizzle-orm';
import { type Db, fromDrizzle, type PgBoss } from 'pg-boss';
import type { Database } from '../db/connect.ts';
import { idToUuid } from '../ids.ts';
import { tenants } from '../tenancy/control.schema.ts';
import type { TenantBinding } from '../tenancy/tenant.ts';
import type { TenantTx } from '../tenancy/with-tenant.ts';
import { outbox } from './events.schema.ts';

/** The job each subscriber queue receives for one event (pg-boss job data). */
export interface DeliveryJobData {
  tenantId: string;
  eventId: string;
  type: string;
  key: string | null;
  payload: unknown;
  occurredAt: string;
}

export type OutboxRow = typeof outbox.$inferSelect;

export interface RelayContext {
  database: Database;
  boss: PgBoss;
  batchSize: number;
}

/**
 * The oldest outbox rows of the schema the transaction is bound to, locked so that two relays
 * (the NOTIFY path and a sweep, or two processes) take disjoint rows instead of waiting on each other.
 */
export function readOutbox(tx: TenantTx, limit: number): Promise<OutboxRow[]> {
  return tx.select().from(outbox).orderBy(asc(outbox.id)).limit(limit).for('update', { skipLocked: true });
}

/**
 * Hands events to pg-boss: `publish` creates one job in every queue subscribed to the event type.
 * The job id is the event id, and pg-boss keys jobs by (queue, id) with ON CONFLICT DO NOTHING, so
 * sending the same event again (a relay that died before deleting its outbox rows) adds nothing.
 * With `db`, the jobs are written in the caller's transaction.
 */
export async function enqueueDeliveries(boss: PgBoss, tenantId: string, rows: OutboxRow[], db?: Db): Promise<void> {
  for (const row of rows) {
    const data: DeliveryJobData = {
      tenantId,
      eventId: row.id,
      type: row.type,
      key: row.key,
      payload: row.payload,
      occurredAt: row.createdAt.toISOString(),
    };
    await boss.publish(row.type, data, { id: idToUuid('evt', row.id), ...(db ? { db } : {}) });
  }
}

/**
 * Moves one batch of a tenant's outbox to delivery. Runs as the application role (the tenant role
 * has no rights on the queue schema) with only the search_path bound, and the jobs' insert and the
 * outbox delete commit in one transaction: a crash anywhere leaves either both or neither.
 * Returns how many events were moved.
 */
export async function relayOutbox(context: RelayContext, tenant: TenantBinding): Promise<number> {
  return context.database.db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('search_path', ${tenant.schemaName}, true)`);
    const rows = await readOutbox(tx, context.batchSize);
    if (rows.length === 0) return 0;
    await enqueueDeliveries(context.boss, tenant.id, rows, fromDrizzle(tx, sql));
    await tx.delete(outbox).where(
      inArray(
        outbox.id,
        rows.map((row) => row.id),
      ),
    );
    return rows.length;
  });
}

/** Relays until the tenant's outbox is empty (or only holds rows another relay has locked). */
export async function relayTenantOutbox(context: RelayContext, tenant: TenantBinding): Promise<number> {
  let total = 0;
  for (;;) {
    const moved = await relayOutbox(context, tenant);
    total += moved;
    if (moved < context.batchSize) return total;
  }
}

/**
 * Tenants whose events are relayed. Provisioning tenants are not complete yet, and a suspended
 * tenant's events wait in its own outbox (durable, included in its export) until it is resumed.
 */
export function relayableTenants(database: Database): Promise<TenantBinding[]> {
  return database.db
    .select({ id: tenants.id, schemaName: tenants.schemaName, roleName: tenants.roleName })
    .from(tenants)
    .where(eq(tenants.status, 'active'))
    .orderBy(asc(tenants.id));
}

/** The relayable tenant a NOTIFY names (by schema), or null for anything else. */
export async function relayableTenantBySchema(database: Database, schemaName: string): Promise<TenantBinding | null> {
  const [row] = await database.db
    .select({ id: tenants.id, schemaName: tenants.schemaName, roleName: tenants.roleName, status: tenants.status })
    .from(tenants)
    .where(eq(tenants.schemaName, schemaName));
  return row && row.status === 'active' ? { id: row.id, schemaName: row.schemaName, roleName: row.roleName } : null;
}

/** `select id where exists (select 1 from "t_…"._outbox) union all …`: one round trip per chunk of tenants. */
export function outboxNotEmptyQuery(chunk: TenantBinding[]) {
  return sql.join(
    chunk.map(
      (t) => sql`select ${t.id}::text as id where exists (select 1 from ${sql.identifier(t.schemaName)}._outbox)`,
    ),
    sql` union all `,
  );
}

/**
 * The tenants whose outbox holds events, checked a chunk at a time (the sweep touches every tenant's
 * outbox, so it must be cheap). A chunk that fails (a tenant not yet migrated to the outbox) is
 * returned whole, and each tenant's own relay then reports its own error.
 */
export async function tenantsWithPendingEvents(
  database: Database,
  candidates: TenantBinding[],
  chunkSize = 200,
): Promise<TenantBinding[]> {
  const pending: TenantBinding[] = [];
  for (let start = 0; start < candidates.length; start += chunkSize) {
    const chunk = candidates.slice(start, start + chunkSize);
    try {
      const rows = (await database.db.execute(outboxNotEmptyQuery(chunk))) as unknown as { id: string }[];
      const ids = new Set(rows.map((row) => row.id));
      pending.push(...chunk.filter((t) => ids.has(t.id)));
    } catch {
      pending.push(...chunk);
    }
  }
  return pending;
}
