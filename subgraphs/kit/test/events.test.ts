import { like, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DeliveredEvent, defineEvent, type Subscriber, subscribe } from '../src/events/define-event.ts';
import { createEventRuntime, type EventRuntime, type EventRuntimeOptions } from '../src/events/event-runtime.ts';
import { outbox } from '../src/events/events.schema.ts';
import { publishEvent } from '../src/events/publish-event.ts';
import { newId } from '../src/ids.ts';
import { provisionTenant } from '../src/tenancy/provision.ts';
import type { Tenant } from '../src/tenancy/tenant.ts';
import { setTenantStatus } from '../src/tenancy/tenants.ts';
import { withTenant } from '../src/tenancy/with-tenant.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/database.ts';
import { notesModule } from './fixtures/notes.module.ts';
import { notes } from './fixtures/notes.schema.ts';

interface NoteAdded {
  body: string;
}

let t: TestDatabase;
let a: Tenant;
let b: Tenant;
let runtime: EventRuntime | undefined;

beforeAll(async () => {
  t = await createTestDatabase();
  a = await provisionTenant(t.database, [notesModule], { slug: 'events-a', name: 'A' });
  b = await provisionTenant(t.database, [notesModule], { slug: 'events-b', name: 'B' });
});
afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
});
afterAll(async () => {
  await t?.drop();
});

async function start(subscribers: Subscriber[], options: EventRuntimeOptions = {}): Promise<EventRuntime> {
  runtime = createEventRuntime({ database: t.database, subscribers, options: { pollIntervalMs: 500, ...options } });
  await runtime.start();
  return runtime;
}

/** A subscriber that records what it received and writes a note (its side effect) in the tenant. */
function recorder(name: string, type: ReturnType<typeof defineEvent<NoteAdded>>) {
  const seen: { event: DeliveredEvent<NoteAdded>; schema: string; role: string }[] = [];
  const subscriber = subscribe(type, {
    name,
    handle: async (tx, event) => {
      const [where] = (await tx.execute(sql`select current_schema() as schema, current_user as role`)) as unknown as {
        schema: string;
        role: string;
      }[];
      seen.push({ event, schema: where!.schema, role: where!.role });
      await tx.insert(notes).values({ id: newId('note'), body: `${name}:${event.payload.body}` });
    },
  });
  return { seen, subscriber };
}

const notesLike = (tenant: Tenant, pattern: string) =>
  withTenant(t.database, tenant, (tx) => tx.select().from(notes).where(like(notes.body, pattern)));

describe('publishEvent', () => {
  it('a rolled-back transaction delivers nothing', async () => {
    const type = defineEvent<NoteAdded>('test.rolled-back');
    const { seen, subscriber } = recorder('test.rollback-watcher', type);
    const events = await start([subscriber]);
    await expect(
      withTenant(t.database, a, async (tx) => {
        await publishEvent(tx, type.create({ body: 'never' }));
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    await events.drain();
    expect(seen).toHaveLength(0);
    expect(await withTenant(t.database, a, (tx) => tx.select().from(outbox))).toHaveLength(0);
  });

  it('a committed event is delivered to two subscribers, once each, with its payload and key', async () => {
    const type = defineEvent<NoteAdded>('test.note-added');
    const first = recorder('test.first-reader', type);
    const second = recorder('test.second-reader', type);
    const events = await start([first.subscriber, second.subscriber]);
    const id = await withTenant(t.database, a, async (tx) => {
      await tx.insert(notes).values({ id: newId('note'), body: 'hello' });
      return publishEvent(tx, type.create({ body: 'hello' }, { key: 'note-1' }));
    });
    await events.drain();
    await events.sweep();
    await events.drain();
    for (const reader of [first, second]) {
      expect(reader.seen).toHaveLength(1);
      expect(reader.seen[0]!.event).toMatchObject({
        id,
        type: 'test.note-added',
        tenantId: a.id,
        key: 'note-1',
        payload: { body: 'hello' },
      });
      expect(reader.seen[0]!.event.occurredAt).toBeInstanceOf(Date);
    }
    expect(await notesLike(a, 'test.%-reader:hello')).toHaveLength(2);
    expect(await withTenant(t.database, a, (tx) => tx.select().from(outbox))).toHaveLength(0);
  });

  it('events of tenant A are handled bound to tenant A, and B to B', async () => {
    const type = defineEvent<NoteAdded>('test.tenant-bound');
    const { seen, subscriber } = recorder('test.tenant-watcher', type);
    const events = await start([subscriber]);
    await withTenant(t.database, a, (tx) => publishEvent(tx, type.create({ body: 'from-a' })));
    await withTenant(t.database, b, (tx) => publishEvent(tx, type.create({ body: 'from-b' })));
    await events.drain();
    const byBody = new Map(seen.map((s) => [s.event.payload.body, s]));
    expect(byBody.get('from-a')).toMatchObject({ schema: a.schemaName, role: a.roleName, event: { tenantId: a.id } });
    expect(byBody.get('from-b')).toMatchObject({ schema: b.schemaName, role: b.roleName, event: { tenantId: b.id } });
    expect(await notesLike(a, 'test.tenant-watcher:%')).toMatchObject([{ body: 'test.tenant-watcher:from-a' }]);
    expect(await notesLike(b, 'test.tenant-watcher:%')).toMatchObject([{ body: 'test.tenant-watcher:from-b' }]);
  });

  it('payload types flow from defineEvent to publishers', () => {
    const type = defineEvent<NoteAdded>('test.typed');
    // @ts-expect-error the payload must be a NoteAdded
    type.create({ title: 'wrong' });
    expect(() => defineEvent('NotDotted')).toThrow(/order\.paid/);
  });
});

describe('relay', () => {
  it('events committed while no process listened are relayed by the sweep at start', async () => {
    const type = defineEvent<NoteAdded>('test.while-down');
    await withTenant(t.database, a, (tx) => publishEvent(tx, type.create({ body: 'offline' })));
    const stored = await withTenant(t.database, a, (tx) =>
      tx.execute(sql`select jsonb_typeof(payload) as kind, payload->>'body' as body from _outbox`),
    );
    // Stored as a JSON object (queryable), not as a JSON string holding the object.
    expect([...stored]).toEqual([{ kind: 'object', body: 'offline' }]);
    const { seen, subscriber } = recorder('test.late-starter', type);
    const events = await start([subscriber]);
    await events.sweep();
    await events.drain();
    expect(seen.map((s) => s.event.payload.body)).toEqual(['offline']);
  });

  it('a commit wakes the relay through NOTIFY, without waiting for a sweep', async () => {
    const type = defineEvent<NoteAdded>('test.notified');
    let delivered!: (body: string) => void;
    const arrived = new Promise<string>((resolve) => (delivered = resolve));
    const subscriber = subscribe(type, {
      name: 'test.prompt-reader',
      handle: async (_tx, event) => delivered(event.payload.body),
    });
    await start([subscriber], { sweepIntervalMs: 600_000 });
    await withTenant(t.database, a, (tx) => publishEvent(tx, type.create({ body: 'now' })));
    const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('timed out'), 5000));
    expect(await Promise.race([arrived, timeout])).toBe('now');
  });

  it("a suspended tenant's events wait in its outbox until it is resumed", async () => {
    const type = defineEvent<NoteAdded>('test.suspended');
    const { seen, subscriber } = recorder('test.suspension-watcher', type);
    const events = await start([subscriber]);
    await setTenantStatus(t.database, b.id, 'suspended');
    try {
      await withTenant(t.database, b, (tx) => publishEvent(tx, type.create({ body: 'held' })));
      await events.drain();
      expect(seen).toHaveLength(0);
      expect(await withTenant(t.database, b, (tx) => tx.select().from(outbox))).toHaveLength(1);
    } finally {
      await setTenantStatus(t.database, b.id, 'active');
    }
    await events.drain();
    expect(seen.map((s) => s.event.payload.body)).toEqual(['held']);
  });

  it('stop() lets an in-flight delivery finish and commit', async () => {
    const type = defineEvent<NoteAdded>('test.slow');
    let entered!: () => void;
    const started = new Promise<void>((resolve) => (entered = resolve));
    const subscriber = subscribe(type, {
      name: 'test.slow-handler',
      handle: async (tx, event) => {
        entered();
        await new Promise((resolve) => setTimeout(resolve, 300));
        await tx.insert(notes).values({ id: newId('note'), body: `slow:${event.payload.body}` });
      },
    });
    const events = await start([subscriber]);
    await withTenant(t.database, a, (tx) => publishEvent(tx, type.create({ body: 'finish-me' })));
    await started;
    await events.stop();
    runtime = undefined;
    expect(await notesLike(a, 'slow:finish-me')).toHaveLength(1);
  });
});

describe('queue depth', () => {
  it('reports every subscriber queue and its dead-letter queue', async () => {
    const type = defineEvent<NoteAdded>('test.depth');
    const { subscriber } = recorder('test.depth-reader', type);
    const events = await start([subscriber]);
    await events.drain();
    expect(await events.queueDepth()).toEqual([
      { queue: 'test.depth-reader', queued: 0, active: 0 },
      { queue: 'test.depth-reader.dead-letter', queued: 0, active: 0 },
    ]);
  });
});

describe('handler services', () => {
  it("gives handlers the cache bound to the event's tenant and runs after-commit work once committed", async () => {
    const { createCache } = await import('../src/cache/create-cache.ts');
    const cache = createCache({ name: `events-${t.name}` });
    await cache.set(a.id, 'product:1', { title: 'old' }, { tags: ['product:1'] });
    await cache.set(b.id, 'product:1', { title: 'other tenant' }, { tags: ['product:1'] });
    const type = defineEvent<NoteAdded>('test.cache-bound');
    const order: string[] = [];
    runtime = createEventRuntime({
      database: t.database,
      cache,
      options: { pollIntervalMs: 500 },
      subscribers: [
        subscribe(type, {
          name: 'test.cache-invalidator',
          handle: async (tx, _event, services) => {
            await tx.insert(notes).values({ id: newId('note'), body: 'cache-bound' });
            services.afterCommit(async () => {
              order.push('after-commit');
              await services.cache?.invalidateTags(['product:1']);
            });
            order.push('handled');
          },
        }),
      ],
    });
    await runtime.start();
    await withTenant(t.database, a, (tx) => publishEvent(tx, type.create({ body: 'x' })));
    await runtime.drain();
    expect(order).toEqual(['handled', 'after-commit']);
    expect(await cache.get(a.id, 'product:1')).toBeUndefined();
    expect(await cache.get(b.id, 'product:1')).toEqual({ title: 'other tenant' });
    await cache.close();
  });
});
