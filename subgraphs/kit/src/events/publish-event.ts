import { sql } from 'drizzle-orm';
import { newId } from '../ids.ts';
import type { TenantTx } from '../tenancy/with-tenant.ts';
import type { OutgoingEvent } from './define-event.ts';
import { outbox } from './events.schema.ts';

/** Wakes the relay. The payload is the tenant schema, which the publisher knows without being told. */
export const OUTBOX_CHANNEL = 'meridian_outbox';

/**
 * Records an event in the caller's tenant-bound transaction (the outbox): it commits with the state
 * change it describes, and a rolled-back transaction publishes nothing. NOTIFY is transactional too,
 * so the relay is woken only on commit (and Postgres folds repeated notifies of one transaction).
 * Returns the event id (`evt_…`), which subscribers see as `event.id`.
 */
export async function publishEvent(tx: TenantTx, event: OutgoingEvent): Promise<string> {
  const id = newId('evt');
  await tx.insert(outbox).values({ id, type: event.type, key: event.key ?? null, payload: event.payload });
  await tx.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, current_schema())`);
  return id;
}
