import { setTimeout as sleep } from 'node:timers/promises';
import { PgBoss } from 'pg-boss';
import type postgres from 'postgres';
import type { Cache } from '../cache/cache.types.ts';
import type { Database } from '../db/connect.ts';
import { createTenantDirectory, type TenantDirectory } from '../tenancy/directory.ts';
import type { TenantBinding } from '../tenancy/tenant.ts';
import { deadLetterQueueName, type RetryPolicy, type Subscriber } from './define-event.ts';
import { deliverEvent } from './deliver-event.ts';
import { type EventLog, silentEventLog } from './event-log.ts';
import { OUTBOX_CHANNEL } from './publish-event.ts';
import { pendingWork, type QueueDepth, queueDepth } from './queue-depth.ts';
import { createRelayLoop } from './relay-loop.ts';
import { type DeliveryJobData, type RelayContext, relayableTenants, relayTenantOutbox } from './relay-outbox.ts';

export interface EventRuntimeOptions extends Partial<RetryPolicy> {
  /** How often idle workers look for jobs (retries waiting out a backoff are found this way). Min 500. */
  pollIntervalMs?: number;
  /** How often every active tenant's outbox is checked, for events whose NOTIFY nobody heard. */
  sweepIntervalMs?: number;
  relayBatchSize?: number;
  relayConcurrency?: number;
  /** Default deliveries at once per subscriber in this process. */
  concurrency?: number;
  /** Jobs one worker fetches at a time. */
  batchSize?: number;
  /** How long waiting and dead-lettered jobs are kept; keep `_processed_events` marks longer. */
  retentionDays?: number;
  /** pg-boss's own connection pool (it uses node-postgres, not the kit's postgres.js pool). */
  poolSize?: number;
  /** The schema pg-boss installs itself in. */
  schema?: string;
  stopTimeoutMs?: number;
}

export interface EventRuntimeInput {
  database: Database;
  /** Handed to handlers bound to the event's tenant (cache invalidation driven by events). */
  cache?: Cache;
  subscribers: Subscriber[];
  /**
   * Tenant lookups for relays and deliveries (cached briefly). Pass the process's own directory so
   * its operator actions (suspend, resume) take effect here at once; without it the runtime keeps one.
   */
  tenants?: TenantDirectory;
  log?: EventLog;
  options?: EventRuntimeOptions;
}

export interface EventRuntime {
  /** Kit-internal: the queue, for tests and operations (redrive a dead-letter queue). */
  readonly boss: PgBoss;
  readonly queues: { subscriber: string; deadLetter: string }[];
  start(): Promise<void>;
  /** Stops listening and sweeping, waits for running relays and in-flight deliveries, closes the pool. */
  stop(): Promise<void>;
  /** Resolves once no outbox holds events and no subscriber queue has unfinished jobs; throws after `timeoutMs`. */
  drain(timeoutMs?: number): Promise<void>;
  /** Relays every active tenant's outbox now. */
  sweep(): Promise<void>;
  relayTenant(tenant: TenantBinding): Promise<number>;
  /** Per-queue depth, subscriber and dead-letter queues (for the metrics gauge). */
  queueDepth(): Promise<QueueDepth[]>;
}

const defaults = {
  retryLimit: 5,
  retryDelaySeconds: 5,
  retryBackoff: true,
  retryDelayMaxSeconds: 3600,
  pollIntervalMs: 2000,
  sweepIntervalMs: 30_000,
  relayBatchSize: 100,
  relayConcurrency: 4,
  concurrency: 2,
  batchSize: 10,
  retentionDays: 30,
  poolSize: 4,
  schema: 'pgboss',
  stopTimeoutMs: 30_000,
};

/** The options pg-boss takes for a subscriber's queue. */
function queueOptions(retry: RetryPolicy, retentionDays: number) {
  return {
    retryLimit: retry.retryLimit,
    retryDelay: retry.retryDelaySeconds,
    retryBackoff: retry.retryBackoff,
    // pg-boss refuses a cap without backoff (a fixed delay needs none).
    ...(retry.retryBackoff ? { retryDelayMax: retry.retryDelayMaxSeconds } : {}),
    retentionSeconds: retentionDays * 86_400,
    // Wakes this queue's workers on insert (through pg-boss's LISTEN) instead of at the next poll.
    notify: true,
  };
}

/**
 * The event machinery of one process: the outbox relay (NOTIFY + periodic sweep) and a pg-boss
 * worker per subscriber. Every process that publishes events should run one (with or without
 * subscribers), so outboxes are relayed promptly; each subscriber's queue is shared by all the
 * processes that run it.
 */
export function createEventRuntime(input: EventRuntimeInput): EventRuntime {
  const settings = { ...defaults, ...input.options };
  const { database, subscribers } = input;
  const log = input.log ?? silentEventLog;
  const names = new Set(subscribers.map((s) => s.name));
  if (names.size !== subscribers.length) throw new Error('two subscribers share a name');
  const queues = subscribers.map((s) => ({ subscriber: s.name, deadLetter: deadLetterQueueName(s.name) }));
  const pollSeconds = Math.max(settings.pollIntervalMs, 500) / 1000;

  const boss = new PgBoss({
    connectionString: database.url,
    schema: settings.schema,
    max: settings.poolSize,
    application_name: 'meridian-events',
    useListenNotify: true,
    schedule: false,
  });
  // An EventEmitter without an 'error' listener throws: pg-boss reports connection trouble here.
  boss.on('error', (error) => log.error({ err: error }, 'event queue error'));
  boss.on('warning', (warning) => log.warn({ data: warning.data }, `event queue: ${warning.message}`));

  const tenants = input.tenants ?? createTenantDirectory(database, []);
  const context: RelayContext = {
    database,
    boss,
    bossSchema: settings.schema,
    batchSize: settings.relayBatchSize,
    tenants,
  };
  const relay = createRelayLoop(context, log, settings.relayConcurrency);
  let listener: postgres.ListenMeta | undefined;
  let sweepTimer: NodeJS.Timeout | undefined;

  const sweep = () => relay.sweep().catch((error: unknown) => log.error({ err: error }, 'outbox sweep failed'));

  async function deliverOne(subscriber: Subscriber, job: { id: string; data: DeliveryJobData; retryCount: number }) {
    const details = { subscriber: subscriber.name, eventId: job.data.eventId, tenantId: job.data.tenantId };
    try {
      const outcome = await deliverEvent(database, subscriber, job.data, {
        ...(input.cache ? { cache: input.cache } : {}),
        tenants,
        onAfterCommitError: (err) => log.warn({ ...details, err }, 'after-commit work of an event handler failed'),
      });
      if (outcome === 'tenant-gone') log.warn(details, 'event dropped: its tenant no longer exists');
      else log.debug({ ...details, outcome, attempt: job.retryCount + 1 }, 'event delivered');
      return { id: job.id, status: 'completed' as const };
    } catch (error) {
      log.warn({ ...details, attempt: job.retryCount + 1, err: error }, 'event handler failed');
      return { id: job.id, status: 'failed' as const, output: { message: (error as Error).message } };
    }
  }

  /**
   * Jobs are fetched in batches and fetching goes on without pause while batches come back full, so a
   * backlog (a demo seed, a bulk import) drains at database speed instead of one job per poll interval.
   * Each job still succeeds or fails on its own (per-job results), with its own retries.
   */
  async function work(subscriber: Subscriber): Promise<void> {
    await boss.work<DeliveryJobData>(
      subscriber.name,
      {
        batchSize: settings.batchSize,
        burstWhenBatchFull: true,
        perJobResults: true,
        localConcurrency: subscriber.concurrency ?? settings.concurrency,
        pollingIntervalSeconds: pollSeconds,
        notifyPollingIntervalSeconds: pollSeconds,
      },
      async (jobs) => {
        const results = [];
        // One at a time within a batch: concurrency comes from localConcurrency workers.
        for (const job of jobs) results.push(await deliverOne(subscriber, job));
        return results;
      },
    );
  }

  return {
    boss,
    queues,
    async start() {
      await boss.start();
      for (const subscriber of subscribers) {
        const retry = { ...settings, ...subscriber.retry };
        const dead = deadLetterQueueName(subscriber.name);
        await boss.createQueue(dead, { retentionSeconds: settings.retentionDays * 86_400 });
        const options = queueOptions(retry, settings.retentionDays);
        // createQueue leaves an existing queue as it is; updateQueue applies today's retry policy.
        await boss.createQueue(subscriber.name, { ...options, deadLetter: dead });
        const { retryDelayMax: _fixedAtCreation, ...updatable } = options;
        await boss.updateQueue(subscriber.name, updatable);
        // Durable: events published while this process is down still get a job in its queue.
        await boss.subscribe(subscriber.eventType, subscriber.name);
      }
      listener = await database.sql.listen(
        OUTBOX_CHANNEL,
        (schemaName) => relay.notified(schemaName),
        // Also called after a reconnect: sweep for what was published while nobody listened.
        () => void sweep(),
      );
      sweepTimer = setInterval(() => void sweep(), settings.sweepIntervalMs);
      sweepTimer.unref();
      for (const subscriber of subscribers) await work(subscriber);
    },
    async stop() {
      if (sweepTimer) clearInterval(sweepTimer);
      await listener?.unlisten();
      await relay.stop();
      await boss.stop({ graceful: true, timeout: settings.stopTimeoutMs });
    },
    async drain(timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      const names = queues.map((q) => q.subscriber);
      for (;;) {
        await sweep();
        const tenants = await relayableTenants(database);
        const pending = await pendingWork(database, settings.schema, names, tenants);
        if (pending.outboxTenants === 0 && pending.jobs === 0) return;
        if (Date.now() > deadline) {
          throw new Error(
            `events not drained after ${timeoutMs} ms: ${pending.outboxTenants} outboxes, ${pending.jobs} jobs`,
          );
        }
        await sleep(50);
      }
    },
    sweep: () => relay.sweep(),
    relayTenant: (tenant) => relayTenantOutbox(context, tenant),
    queueDepth: () =>
      queueDepth(
        boss,
        settings.schema,
        queues.flatMap((q) => [q.subscriber, q.deadLetter]),
      ),
  };
}
