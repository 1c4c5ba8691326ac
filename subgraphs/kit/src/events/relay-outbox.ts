import { asc, eq, sql } from 'drizzle-orm';
import { type Db, fromDrizzle, type JobInsert, type PgBoss } from 'pg-boss';
import type { Database } from '../db/connect.ts';
import { idToUuid, uuidToId } from '../ids.ts';
import { tenants } from '../tenancy/control.schema.ts';
import type { TenantDirectory } from '../tenancy/directory.ts';
import type { TenantBinding } from '../tenancy/tenant.ts';
import type { TenantTx } from '../tenancy/with-tenant.ts';

/** The job each subscriber queue receives for one event (pg-boss job data). */
export interface DeliveryJobData {
  tenantId: string;
  eventId: string;
  type: string;
  key: string | null;
  payload: unknown;
  occurredAt: string;
}

/** An event taken out of an outbox, with the queues subscribed to its type at that moment. */
export interface TakenEvent {
  data: DeliveryJobData;
  queues: string[];
}

export interface RelayContext {
  database: Database;
  boss: PgBoss;
  /** The schema pg-boss is installed in: the relay reads its subscription table. */
  bossSchema: string;
  batchSize: number;
  /** Cached tenant lookups (a NOTIFY names a schema on every commit that publishes). */
  tenants: TenantDirectory;
}

/** A pg-boss error code: the queue no longer exists (a removed subscriber). */
const queueNotFound = 'PGBOSS_QUEUE_NOT_FOUND';

/**
 * Takes up to `limit` of the tenant's oldest outbox rows in ONE statement: it deletes them and
 * returns each with the queues subscribed to its type (pg-boss's `publish` would read the
 * subscriptions once per event, on its own connection). `for update skip locked` lets concurrent
 * relays (a NOTIFY and a sweep, or two processes) take disjoint rows instead of waiting on each
 * other. Schema-qualified, so the app-role transaction needs no search_path. The delete only
 * commits together with the jobs' insert (see relayOutbox).
 */
export async function takeOutbox(
  tx: TenantTx,
  context: Pick<RelayContext, 'bossSchema'>,
  tenant: TenantBinding,
  limit: number,
): Promise<TakenEvent[]> {
  const schema = sql.identifier(tenant.schemaName);
  const rows = (await tx.execute(sql`
    with taken as (
      delete from ${schema}._outbox
      where id = any(array(select id from ${schema}._outbox order by id limit ${limit} for update skip locked))
      returning id, type, key, payload, created_at
    )
    select t.id, t.type, t.key, t.payload,
      to_char(t.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "occurredAt",
      array(select s.name from ${sql.identifier(context.bossSchema)}.subscription s where s.event = t.type order by s.name) as queues
    from taken t
    order by t.id`)) as unknown as {
    id: string;
    type: string;
    key: string | null;
    payload: unknown;
    occurredAt: string;
    queues: string[];
  }[];
  return rows.map((row) => ({
    data: {
      tenantId: tenant.id,
      eventId: uuidToId('evt', row.id),
      type: row.type,
      key: row.key,
      payload: row.payload,
      occurredAt: row.occurredAt,
    },
    queues: row.queues,
  }));
}

/**
 * Hands events to pg-boss: one multi-row insert per subscribed queue. The job id is the event id,
 * and pg-boss keys jobs by (queue, id) with ON CONFLICT DO NOTHING, so sending the same event
 * again (a relay that died before its delete committed) adds nothing. With `db`, the jobs are
 * written in the caller's transaction.
 */
export async function enqueueDeliveries(boss: PgBoss, events: TakenEvent[], db?: Db): Promise<void> {
  const jobsByQueue = new Map<string, JobInsert<DeliveryJobData>[]>();
  for (const event of events) {
    for (const queue of event.queues) {
      const jobs = jobsByQueue.get(queue) ?? [];
      jobs.push({ id: idToUuid('evt', event.data.eventId), data: event.data });
      jobsByQueue.set(queue, jobs);
    }
  }
  for (const [queue, jobs] of jobsByQueue) {
    try {
      await boss.insert(queue, jobs, db ? { db } : {});
    } catch (error) {
      // A subscription left behind by a deleted queue: nothing can receive the event there (as
      // pg-boss's publish does). Should the failed insert have aborted the transaction, its commit
      // fails, the rows stay in the outbox, and the next pass skips the queue before writing.
      if ((error as { code?: string }).code !== queueNotFound) throw error;
    }
  }
}

/**
 * Moves one batch of a tenant's outbox to delivery: begin, take (delete + subscriptions), one
 * insert per subscribed queue, commit. Runs as the application role (the tenant role has no
 * rights on the queue schema), and the delete and the jobs commit together: a crash anywhere
 * leaves either both or neither. Returns how many events were moved.
 */
export async function relayOutbox(context: RelayContext, tenant: TenantBinding): Promise<number> {
  return context.database.db.transaction(async (tx) => {
    const taken = await takeOutbox(tx, context, tenant, context.batchSize);
    if (taken.length > 0) await enqueueDeliveries(context.boss, taken, fromDrizzle(tx, sql));
    return taken.length;
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

/** The relayable tenant a NOTIFY names (by schema), or null for anything else; read from the control plane. */
export async function relayableTenantBySchema(database: Database, schemaName: string): Promise<TenantBinding | null> {
  const [row] = await database.db
    .select({ id: tenants.id, schemaName: tenants.schemaName, roleName: tenants.roleName, status: tenants.status })
    .from(tenants)
    .where(eq(tenants.schemaName, schemaName));
  return row && row.status === 'active' ? { id: row.id, schemaName: row.schemaName, roleName: row.roleName } : null;
}

/** `t_01j…` → `ten_01J…`: a tenant's schema name is its id's ULID in lower case (see tenantNames). */
const tenantSchema = /^t_([0-9a-z]{26})$/;

/**
 * The relayable tenant a NOTIFY names, from the directory's short-lived cache when it says
 * "active"; anything else (not cached as active, a schema named otherwise) is read afresh, so a
 * resumed tenant is relayed at once. A tenant suspended a moment ago may still be relayed for the
 * directory's cache lifetime (2 s), as a relay already running when it was suspended would be.
 */
export async function relayableTenantForNotice(
  context: Pick<RelayContext, 'database' | 'tenants'>,
  schemaName: string,
): Promise<TenantBinding | null> {
  const ulid = tenantSchema.exec(schemaName)?.[1];
  const cached = ulid ? await context.tenants.byId(`ten_${ulid.toUpperCase()}`) : null;
  if (cached?.status === 'active' && cached.schemaName === schemaName) {
    return { id: cached.id, schemaName: cached.schemaName, roleName: cached.roleName };
  }
  return relayableTenantBySchema(context.database, schemaName);
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
