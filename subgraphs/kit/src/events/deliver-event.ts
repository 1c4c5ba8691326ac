import { eq } from 'drizzle-orm';
import type { Cache } from '../cache/cache.types.ts';
import { bindCache } from '../cache/tenant-cache.ts';
import type { Database } from '../db/connect.ts';
import { tenants } from '../tenancy/control.schema.ts';
import type { TenantDirectory } from '../tenancy/directory.ts';
import type { TenantBinding, TenantStatus } from '../tenancy/tenant.ts';
import { withTenant } from '../tenancy/with-tenant.ts';
import type { DeliveredEvent, EventServices, Subscriber } from './define-event.ts';
import { processedEvents } from './events.schema.ts';
import type { DeliveryJobData } from './relay-outbox.ts';

/** `handled`: the handler ran and committed; `duplicate`: it had already; `tenant-gone`: nothing to deliver to. */
export type DeliveryOutcome = 'handled' | 'duplicate' | 'tenant-gone';

export class TenantNotReadyError extends Error {
  constructor(tenantId: string) {
    super(`tenant ${tenantId} is still provisioning; the delivery will be retried`);
    this.name = 'TenantNotReadyError';
  }
}

/** The event's tenant, read from the control plane (without a directory to cache it). */
async function findTenant(database: Database, id: string): Promise<(TenantBinding & { status: TenantStatus }) | null> {
  const [tenant] = await database.db
    .select({ id: tenants.id, schemaName: tenants.schemaName, roleName: tenants.roleName, status: tenants.status })
    .from(tenants)
    .where(eq(tenants.id, id));
  return tenant ?? null;
}

export function toDeliveredEvent(data: DeliveryJobData): DeliveredEvent {
  return {
    id: data.eventId,
    type: data.type,
    tenantId: data.tenantId,
    key: data.key,
    payload: data.payload,
    occurredAt: new Date(data.occurredAt),
  };
}

/**
 * Runs one delivery exactly once in effect. The "processed" mark and the handler's writes share
 * one transaction bound to the event's tenant:
 * - the handler throws (or the process dies mid-way): both roll back, and the retry runs it again;
 * - the process dies after the commit but before pg-boss records the job as done: the redelivery
 *   finds the mark and returns `duplicate` without calling the handler;
 * - two workers hold the same delivery (an expired job retried while the first still runs): the
 *   second insert waits on the first's row lock, then finds the mark.
 * A suspended tenant's deliveries still run: they were relayed while it was active, and finishing
 * them keeps its data consistent; its newer events wait in its outbox (see relayableTenants).
 * With `tenants`, the tenant comes from the directory's short-lived cache: a status seen up to 2 s
 * late only delays the outcome (a stale "provisioning" is retried, a dropped schema fails and is retried).
 */
export async function deliverEvent(
  database: Database,
  subscriber: Subscriber,
  data: DeliveryJobData,
  options: { cache?: Cache; tenants?: TenantDirectory; onAfterCommitError?: (error: unknown) => void } = {},
): Promise<DeliveryOutcome> {
  const tenant = options.tenants
    ? await options.tenants.byId(data.tenantId)
    : await findTenant(database, data.tenantId);
  // A deleted tenant's schema is gone with it: retrying could never succeed.
  if (!tenant) return 'tenant-gone';
  if (tenant.status === 'provisioning') throw new TenantNotReadyError(tenant.id);
  const afterCommit: (() => Promise<void>)[] = [];
  const services: EventServices = {
    cache: options.cache ? bindCache(options.cache, tenant.id) : null,
    afterCommit: (work) => {
      afterCommit.push(work);
    },
  };
  const outcome = await withTenant(database, tenant, async (tx): Promise<DeliveryOutcome> => {
    const marked = await tx
      .insert(processedEvents)
      .values({ subscriber: subscriber.name, eventId: data.eventId })
      .onConflictDoNothing()
      .returning({ eventId: processedEvents.eventId });
    if (marked.length === 0) return 'duplicate';
    await subscriber.handle(tx, toDeliveredEvent(data), services);
    return 'handled';
  });
  for (const work of afterCommit) {
    await work().catch((error: unknown) => options.onAfterCommitError?.(error));
  }
  return outcome;
}
