import { sql } from 'drizzle-orm';
import { newId } from '../ids.ts';
import type { TenantTx } from '../tenancy/with-tenant.ts';
import type { OutgoingEvent } from './define-event.ts';
import { outbox } from './events.schema.ts';

/** Wakes the relay. The payload is the tenant schema, which the publisher knows without being told. */
export const OUTBOX_CHANNEL = 'meridian_outbox';

/**
 * Records events in the caller's tenant-bound transaction (the outbox): they commit with the state
 * change they describe, and a rolled-back transaction publishes nothing. The insert and the NOTIFY
 * are one statement (a data-modifying CTE always runs); NOTIFY is transactional, so the relay is
 * woken only on commit, and Postgres folds a transaction's identical notifies into one.
 * Returns the event ids (`evt_…`), in order, which subscribers see as `event.id`.
 */
export async function publishEvents(tx: TenantTx, events: OutgoingEvent[]): Promise<string[]> {
  if (events.length === 0) return [];
  const rows = events.map((event) => ({
    id: newId('evt'),
    type: event.type,
    key: event.key ?? null,
    payload: event.payload,
  }));
  await tx.execute(
    sql`with written as (${tx.insert(outbox).values(rows).getSQL()}) select pg_notify(${OUTBOX_CHANNEL}, current_schema())`,
  );
  return rows.map((row) => row.id);
}

/** One event: see publishEvents. Returns its id. */
export async function publishEvent(tx: TenantTx, event: OutgoingEvent): Promise<string> {
  const [id] = await publishEvents(tx, [event]);
  return id as string;
}
