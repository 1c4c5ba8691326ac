import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, type Drizzle, UNBOUND_SEARCH_PATH } from '../src/db/connect.ts';
import { defineEvent, subscribe } from '../src/events/define-event.ts';
import { createEventRuntime } from '../src/events/event-runtime.ts';
import { publishEvent } from '../src/events/publish-event.ts';
import { newId } from '../src/ids.ts';
import { provisionTenant } from '../src/tenancy/provision.ts';
import type { Tenant } from '../src/tenancy/tenant.ts';
import { withTenant } from '../src/tenancy/with-tenant.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/database.ts';
import { notesModule } from './fixtures/notes.module.ts';
import { notes } from './fixtures/notes.schema.ts';

/**
 * Counts the SQL statements the event machinery sends for one business transaction that publishes
 * three events, its relay and the deliveries to one subscriber: the kit's postgres.js pool through
 * its `debug` hook, pg-boss's own pool by wrapping its `executeSql`. A budget, so a
 * change that adds round trips per event shows up here.
 */

let t: TestDatabase;
let tenant: Tenant;
const kitStatements: string[] = [];
const publisherStatements: string[] = [];
const bossStatements: string[] = [];

/** The kit's pool as connectDatabase opens it, plus a hook that records each statement sent. */
function countingDatabase(url: string, statements: string[]): Database {
  const client = postgres(url, {
    max: 4,
    onnotice: () => {},
    connection: { search_path: UNBOUND_SEARCH_PATH, application_name: 'meridian-count' },
    debug: (_connection, query) => {
      // postgres.js reads the array types once per new connection: not a cost of events.
      if (!query.includes('pg_catalog.pg_type')) statements.push(query.trim().replace(/\s+/g, ' ').slice(0, 120));
    },
  });
  return { url, sql: client, db: drizzle({ client }) as Drizzle, close: () => client.end({ timeout: 5 }) };
}

beforeAll(async () => {
  t = await createTestDatabase();
  tenant = await provisionTenant(t.database, [notesModule], { slug: 'counted', name: 'Counted' });
});
afterAll(async () => {
  await t?.drop();
});

async function jobsLeft(queue: string): Promise<number> {
  const [row] = (await t.database.db.execute(
    sql`select count(*)::int as n from pgboss.job where name = ${queue} and state < 'completed'`,
  )) as unknown as { n: number }[];
  return row?.n ?? 0;
}

/** Waits until the handler saw `count` events and their jobs are completed. */
async function settled(handled: number[], count: number, queue: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((handled.length < count || (await jobsLeft(queue)) > 0) && Date.now() < deadline) await sleep(20);
  expect(handled).toHaveLength(count);
  // The workers' last completions.
  await sleep(200);
}

const isHandlerWrite = (statement: string) => statement.startsWith('insert into "notes"');

describe('statements per published event', () => {
  it('publishing 3 events in one transaction, relaying and delivering them stays within budget', async () => {
    // The publisher's own pool, so its statements are told apart from the runtime's.
    const publisher = countingDatabase(t.database.url, publisherStatements);
    const counted = countingDatabase(t.database.url, kitStatements);
    const type = defineEvent<{ n: number }>('test.counted');
    const handled: number[] = [];
    const runtime = createEventRuntime({
      database: counted,
      subscribers: [
        subscribe(type, {
          name: 'test.counted-reader',
          handle: async (tx, event) => {
            await tx.insert(notes).values({ id: newId('note'), body: `counted:${event.payload.n}` });
            handled.push(event.payload.n);
          },
        }),
      ],
      // No polling or sweeping during the measure: only the NOTIFY paths run.
      options: { pollIntervalMs: 60_000, sweepIntervalMs: 600_000 },
    });
    const report: string[] = [];
    try {
      await runtime.start();
      const bossDb = runtime.boss.getDb();
      const executeSql = bossDb.executeSql.bind(bossDb);
      bossDb.executeSql = (text, values) => {
        bossStatements.push(text.trim().replace(/\s+/g, ' ').slice(0, 120));
        return executeSql(text, values);
      };
      await runtime.drain();
      await sleep(200);
      // The first round finds the tenant directory cold, the second (within its 2 s) warm.
      for (const round of ['cold', 'warm']) {
        kitStatements.length = 0;
        publisherStatements.length = 0;
        bossStatements.length = 0;
        handled.length = 0;
        await withTenant(publisher, tenant, async (tx) => {
          for (const n of [1, 2, 3]) await publishEvent(tx, type.create({ n }));
        });
        const publish = publisherStatements.length;
        await settled(handled, 3, 'test.counted-reader');
        const kit = kitStatements.filter((s) => !isHandlerWrite(s));
        const listing = [...kit, ...bossStatements].join('\n');
        report.push(
          `${round}: publish ${publish}, relay + delivery ${kit.length} (kit pool) + ${bossStatements.length} (pg-boss)`,
        );
        // begin, bind, one statement per event (insert + notify), commit.
        expect(publish, publisherStatements.join('\n')).toBe(6);
        // Relay: begin, take (delete + subscriptions), one insert per queue, commit; a cold tenant
        // lookup adds 2. Each delivery: begin, bind, mark, commit.
        expect(kit.length, listing).toBeLessThanOrEqual(round === 'cold' ? 4 + 2 + 3 * 4 : 4 + 3 * 4);
        // pg-boss: fetches and completions only (no subscription read per event).
        expect(bossStatements.filter((s) => s.includes('subscription'))).toEqual([]);
        expect(bossStatements.length, listing).toBeLessThanOrEqual(6);
      }
      console.info(`statements for 3 events published in one transaction: ${report.join('; ')}`);
    } finally {
      await runtime.stop();
      await counted.close();
      await publisher.close();
    }
  });
});
