import type { TenantBinding } from '../tenancy/tenant.ts';
import type { EventLog } from './event-log.ts';
import {
  type RelayContext,
  relayableTenantForNotice,
  relayableTenants,
  relayTenantOutbox,
  tenantsWithPendingEvents,
} from './relay-outbox.ts';

export interface RelayLoop {
  /** A NOTIFY arrived for this tenant schema. */
  notified(schemaName: string): void;
  /** Relays every relayable tenant with pending events; resolves when those relays have finished. */
  sweep(): Promise<void>;
  /** Resolves when no relay is queued or running. */
  idle(): Promise<void>;
  /** Refuses new work and waits for the running relays. */
  stop(): Promise<void>;
}

/**
 * Runs tenant relays with bounded concurrency (a sweep after downtime may find thousands of tenants
 * with events, and must not take the whole pool). A tenant asked for again while its relay runs is
 * queued once more, so an event committed during a relay is picked up right after it.
 */
export function createRelayLoop(context: RelayContext, log: EventLog, concurrency: number): RelayLoop {
  const queued = new Map<string, TenantBinding>();
  const running = new Set<string>();
  let waiters: (() => void)[] = [];
  let stopped = false;

  const settle = () => {
    if (running.size > 0 || queued.size > 0) return;
    const done = waiters;
    waiters = [];
    for (const resolve of done) resolve();
  };

  const pump = () => {
    for (const [id, tenant] of queued) {
      if (running.size >= concurrency) break;
      if (running.has(id)) continue;
      queued.delete(id);
      running.add(id);
      relayTenantOutbox(context, tenant)
        .then((moved) => {
          if (moved > 0) log.debug({ tenantId: id, moved }, 'outbox relayed');
        })
        // The rows stay in the outbox; the next NOTIFY or sweep tries again.
        .catch((error: unknown) => log.error({ tenantId: id, err: error }, 'outbox relay failed'))
        .finally(() => {
          running.delete(id);
          pump();
          settle();
        });
    }
  };

  const request = (tenant: TenantBinding) => {
    if (stopped) return;
    queued.set(tenant.id, tenant);
    pump();
  };

  const idle = () =>
    new Promise<void>((resolve) => {
      waiters.push(resolve);
      settle();
    });

  return {
    notified(schemaName) {
      if (stopped) return;
      relayableTenantForNotice(context, schemaName)
        .then((tenant) => tenant && request(tenant))
        .catch((error: unknown) => log.error({ schemaName, err: error }, 'outbox notification failed'));
    },
    async sweep() {
      if (stopped) return;
      const pending = await tenantsWithPendingEvents(context.database, await relayableTenants(context.database));
      for (const tenant of pending) request(tenant);
      await idle();
    },
    idle,
    async stop() {
      stopped = true;
      queued.clear();
      await idle();
    },
  };
}
