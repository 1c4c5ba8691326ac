import { like } from 'drizzle-orm';
import { PgBoss } from 'pg-boss';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defineEvent, type Subscriber, subscribe } from '../src/events/define-event.ts';
import { deliverEvent } from '../src/events/deliver-event.ts';
import { createEventRuntime, type EventRuntime } from '../src/events/event-runtime.ts';
import { outbox } from '../src/events/events.schema.ts';
import { publishEvent, publishEvents } from '../src/events/publish-event.ts';
import { type DeliveryJobData, enqueueDeliveries, relayOutbox } from '../src/events/relay-outbox.ts';
import { idToUuid, newId } from '../src/ids.ts';
import { createTenantDirectory } from '../src/tenancy/directory.ts';
import { provisionTenant } from '../src/tenancy/provision.ts';
import type { Tenant } from '../src/tenancy/tenant.ts';
import { withTenant } from '../src/tenancy/with-tenant.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/database.ts';
import { notesModule } from './fixtures/notes.module.ts';
import { notes } from './fixtures/notes.schema.ts';

interface Ping {
  n: number;
}

let t: TestDatabase;
let tenant: Tenant;
let runtime: EventRuntime | undefined;

beforeAll(async () => {
  t = await createTestDatabase();
  tenant = await provisionTenant(t.database, [notesModule], { slug: 'delivery', name: 'Delivery' });
});
afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
});
afterAll(async () => {
  await t?.drop();
});

async function start(subscribers: Subscriber[]): Promise<EventRuntime> {
  runtime = createEventRuntime({ database: t.database, subscribers, options: { pollIntervalMs: 500 } });
  await runtime.start();
  return runtime;
}

const publish = (type: ReturnType<typeof defineEvent<Ping>>, n: number) =>
  withTenant(t.database, tenant, (tx) => publishEvent(tx, type.create({ n })));

const notesLike = (pattern: string) =>
  withTenant(t.database, tenant, (tx) => tx.select().from(notes).where(like(notes.body, pattern)));

describe('retries', () => {
  it('a handler failing twice then succeeding is retried with backoff', async () => {
    const type = defineEvent<Ping>('test.flaky');
    const attempts: number[] = [];
    const subscriber = subscribe(type, {
      name: 'test.flaky-handler',
      retry: { retryLimit: 3, retryDelaySeconds: 1, retryBackoff: true },
      handle: async (tx, event) => {
        attempts.push(Date.now());
        await tx.insert(notes).values({ id: newId('note'), body: `flaky:${event.payload.n}` });
        if (attempts.length <= 2) throw new Error(`flaky failure ${attempts.length}`);
      },
    });
    const events = await start([subscriber]);
    await publish(type, 1);
    await events.drain(20_000);
    expect(attempts).toHaveLength(3);
    // Backoff: about retryDelay × 2^attempt with jitter, i.e. 1-2 s, then 2-4 s.
    const gaps = [attempts[1]! - attempts[0]!, attempts[2]! - attempts[1]!];
    expect(gaps[0]).toBeGreaterThanOrEqual(900);
    expect(gaps[1]).toBeGreaterThanOrEqual(1900);
    // The failed attempts' inserts rolled back with them.
    expect(await notesLike('flaky:1')).toHaveLength(1);
  });

  it('a handler that always fails ends in the dead-letter queue after retryLimit + 1 attempts', async () => {
    const type = defineEvent<Ping>('test.poison');
    let attempts = 0;
    const subscriber = subscribe(type, {
      name: 'test.poison-handler',
      retry: { retryLimit: 2, retryDelaySeconds: 0, retryBackoff: false },
      handle: async () => {
        attempts += 1;
        throw new Error('always fails');
      },
    });
    const events = await start([subscriber]);
    const eventId = await publish(type, 7);
    await events.drain(20_000);
    expect(attempts).toBe(3);
    const dead = await events.boss.findJobs<DeliveryJobData>('test.poison-handler.dead-letter');
    expect(dead).toHaveLength(1);
    expect(dead[0]!.data).toMatchObject({ eventId, tenantId: tenant.id, type: 'test.poison', payload: { n: 7 } });
    expect(dead[0]!.sourceName).toBe('test.poison-handler');
    expect(await events.queueDepth()).toEqual([
      { queue: 'test.poison-handler', queued: 0, active: 0 },
      { queue: 'test.poison-handler.dead-letter', queued: 1, active: 0 },
    ]);
  });
});

describe('exactly once in effect', () => {
  it('a handler that dies after its side effect is redelivered and the side effect happens once', async () => {
    const type = defineEvent<Ping>('test.dies-after-effect');
    let attempts = 0;
    const subscriber = subscribe(type, {
      name: 'test.dying-handler',
      retry: { retryLimit: 3, retryDelaySeconds: 0, retryBackoff: false },
      handle: async (tx, event) => {
        attempts += 1;
        await tx.insert(notes).values({ id: newId('note'), body: `effect:${event.id}` });
        if (attempts === 1) throw new Error('process died after the insert');
      },
    });
    const events = await start([subscriber]);
    const eventId = await publish(type, 1);
    await events.drain(20_000);
    expect(attempts).toBe(2);
    expect(await notesLike(`effect:${eventId}`)).toHaveLength(1);
  });

  it('a redelivery after the handler committed (crash before the ack) does not run it again', async () => {
    const type = defineEvent<Ping>('test.acked-late');
    let calls = 0;
    const subscriber = subscribe(type, {
      name: 'test.late-ack',
      handle: async (tx, event) => {
        calls += 1;
        await tx.insert(notes).values({ id: newId('note'), body: `late-ack:${event.payload.n}` });
      },
    });
    const job: DeliveryJobData = {
      tenantId: tenant.id,
      eventId: newId('evt'),
      type: type.type,
      key: null,
      payload: { n: 3 },
      occurredAt: new Date().toISOString(),
    };
    expect(await deliverEvent(t.database, subscriber, job)).toBe('handled');
    expect(await deliverEvent(t.database, subscriber, job)).toBe('duplicate');
    expect(calls).toBe(1);
    expect(await notesLike('late-ack:3')).toHaveLength(1);
  });

  it('a relay that dies between sending and deleting the outbox rows does not duplicate', async () => {
    const type = defineEvent<Ping>('test.relay-crash');
    const seen: string[] = [];
    const subscriber = subscribe(type, {
      name: 'test.relay-crash-reader',
      handle: async (_tx, event) => {
        seen.push(event.id);
      },
    });
    const events = await start([subscriber]);
    // Written without NOTIFY, so no relay picks it up on its own.
    const eventId = newId('evt');
    await withTenant(t.database, tenant, (tx) =>
      tx.insert(outbox).values({ id: eventId, type: type.type, payload: { n: 9 } }),
    );
    const [row] = await withTenant(t.database, tenant, (tx) => tx.select().from(outbox));
    const taken = {
      data: {
        tenantId: tenant.id,
        eventId: row!.id,
        type: row!.type,
        key: row!.key,
        payload: row!.payload,
        occurredAt: row!.createdAt.toISOString(),
      },
      queues: [subscriber.name],
    };
    // The relay's send step, committed on its own twice: a relay that crashed before its delete, then retried.
    await enqueueDeliveries(events.boss, [taken]);
    await enqueueDeliveries(events.boss, [taken]);
    // The next sweep sends a third time and deletes the row.
    await events.sweep();
    await events.drain();
    expect(seen).toEqual([eventId]);
    const jobs = await events.boss.findJobs('test.relay-crash-reader', { id: idToUuid('evt', eventId) });
    expect(jobs).toHaveLength(1);
    expect(await withTenant(t.database, tenant, (tx) => tx.select().from(outbox))).toHaveLength(0);
  });
});

describe('relay batches', () => {
  it('two relays racing over one outbox move every event exactly once, each type to its own queue', async () => {
    const pings = defineEvent<Ping>('test.race-ping');
    const pongs = defineEvent<Ping>('test.race-pong');
    const seen: string[] = [];
    const reader = (type: typeof pings, name: string) =>
      subscribe(type, { name, handle: async (_tx, event) => void seen.push(`${event.type}:${event.payload.n}`) });
    const subscribers = [reader(pings, 'test.race-ping-reader'), reader(pongs, 'test.race-pong-reader')];
    // Two processes: each relays in small batches, so their passes interleave.
    const first = createEventRuntime({
      database: t.database,
      subscribers,
      options: { pollIntervalMs: 500, relayBatchSize: 7, sweepIntervalMs: 600_000 },
    });
    runtime = createEventRuntime({
      database: t.database,
      subscribers,
      options: { pollIntervalMs: 500, relayBatchSize: 7, sweepIntervalMs: 600_000 },
    });
    await first.start();
    await runtime.start();
    // Each start sweeps once when its LISTEN connects; let those find the empty outbox first, so the rows below
    // are raced for by the two relays under test only.
    await Promise.all([first.sweep(), runtime.sweep()]);
    try {
      // Written in one statement, without waking anyone: the two relays below race for them.
      await withTenant(t.database, tenant, (tx) =>
        tx.insert(outbox).values(
          Array.from({ length: 40 }, (_, n) => ({
            id: newId('evt'),
            type: (n % 2 ? pongs : pings).type,
            payload: { n },
          })),
        ),
      );
      const [a, b] = await Promise.all([first.relayTenant(tenant), runtime.relayTenant(tenant)]);
      expect(a + b).toBe(40);
      await runtime.drain();
      await first.drain();
      const expected = Array.from({ length: 40 }, (_, n) => `${n % 2 ? 'test.race-pong' : 'test.race-ping'}:${n}`);
      expect(seen.sort()).toEqual(expected.sort());
      expect(await first.boss.findJobs('test.race-ping-reader')).toHaveLength(20);
      expect(await first.boss.findJobs('test.race-pong-reader')).toHaveLength(20);
    } finally {
      await first.stop();
    }
  });

  it('a relay failing after it took the rows leaves them in the outbox, and the next relay moves them', async () => {
    const type = defineEvent<Ping>('test.relay-fails');
    const seen: number[] = [];
    const subscriber = subscribe(type, {
      name: 'test.relay-fails-reader',
      handle: async (_tx, event) => void seen.push(event.payload.n),
    });
    // A runtime subscribes the reader's queue, then stops: a running one's sweep (at start, or late on a cold
    // server) would take the rows before the relay under test.
    const subscribing = await start([subscriber]);
    await subscribing.sweep();
    await subscribing.stop();
    await withTenant(t.database, tenant, (tx) =>
      tx.insert(outbox).values([1, 2, 3].map((n) => ({ id: newId('evt'), type: type.type, payload: { n } }))),
    );
    // A queue client that was never started refuses to insert, after the rows were taken (deleted).
    const broken = new PgBoss({ connectionString: t.database.url, schema: 'pgboss' });
    const context = {
      database: t.database,
      boss: broken,
      bossSchema: 'pgboss',
      batchSize: 100,
      tenants: createTenantDirectory(t.database, []),
    };
    await expect(relayOutbox(context, tenant)).rejects.toThrow();
    expect(await withTenant(t.database, tenant, (tx) => tx.select().from(outbox))).toHaveLength(3);
    // The next relay: a runtime's sweep (at start, and here once more to wait for it) moves them.
    const events = await start([subscriber]);
    await events.sweep();
    await events.drain();
    expect(seen.sort()).toEqual([1, 2, 3]);
  });

  it('publishEvents writes several events in one statement; a rollback keeps none of them', async () => {
    const type = defineEvent<Ping>('test.many');
    const seen: number[] = [];
    const events = await start([
      subscribe(type, { name: 'test.many-reader', handle: async (_tx, event) => void seen.push(event.payload.n) }),
    ]);
    await expect(
      withTenant(t.database, tenant, async (tx) => {
        await publishEvents(tx, [type.create({ n: -1 }), type.create({ n: -2 })]);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const ids = await withTenant(t.database, tenant, (tx) =>
      publishEvents(tx, [type.create({ n: 1 }), type.create({ n: 2 }, { key: 'k' }), type.create({ n: 3 })]),
    );
    expect(ids).toHaveLength(3);
    expect(await withTenant(t.database, tenant, (tx) => publishEvents(tx, []))).toEqual([]);
    await events.drain();
    expect(seen.sort()).toEqual([1, 2, 3]);
  });
});
