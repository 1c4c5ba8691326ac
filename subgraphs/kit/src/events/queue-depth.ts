import { sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import type { Database } from '../db/connect.ts';
import { quoteIdent } from '../db/connect.ts';
import type { TenantBinding } from '../tenancy/tenant.ts';
import { outboxNotEmptyQuery } from './relay-outbox.ts';

/** Jobs waiting (including retries waiting out their backoff) and running, per queue. */
export interface QueueDepth {
  queue: string;
  queued: number;
  active: number;
}

/**
 * Counts straight from pg-boss's job table (the one place the kit reads it): pg-boss's own
 * `getQueues`/`getQueueStats` counts are refreshed by its monitor (up to a minute old), which is
 * fine for a dashboard but not for `drain()`. `state < 'completed'` is created, retry and active.
 */
function jobCountsSql(schema: string): string {
  return `select name as queue,
      count(*) filter (where state < 'active')::int as queued,
      count(*) filter (where state = 'active')::int as active
    from ${quoteIdent(schema)}.job
    where name = any($1::text[]) and state < 'completed'
    group by name`;
}

/** Depth of every queue named (subscriber queues and their dead-letter queues), zeros included. */
export async function queueDepth(boss: PgBoss, schema: string, queues: string[]): Promise<QueueDepth[]> {
  const { rows } = await boss.getDb().executeSql(jobCountsSql(schema), [queues]);
  const byName = new Map((rows as QueueDepth[]).map((row) => [row.queue, row]));
  return queues.map((queue) => byName.get(queue) ?? { queue, queued: 0, active: 0 });
}

/**
 * Outbox rows and unfinished jobs, read in ONE statement so it is one snapshot: an event is always
 * in an outbox or in a queue (the relay moves it atomically), and a handler commits the events it
 * publishes before its own job completes, so a single snapshot with neither means nothing is left.
 * Two separate reads could each miss an event moving between them.
 */
export async function pendingWork(
  database: Database,
  schema: string,
  queues: string[],
  tenants: TenantBinding[],
): Promise<{ outboxTenants: number; jobs: number }> {
  const outboxes = tenants.length > 0 ? sql`(select count(*) from (${outboxNotEmptyQuery(tenants)}) o)::int` : sql`0`;
  const jobs = sql`(select count(*) from ${sql.identifier(schema)}.job
    where name in (${sql.join(
      queues.map((q) => sql`${q}`),
      sql`, `,
    )}) and state < 'completed')::int`;
  const [row] = (await database.db.execute(
    sql`select ${outboxes} as "outboxTenants", ${queues.length > 0 ? jobs : sql`0`} as jobs`,
  )) as unknown as { outboxTenants: number; jobs: number }[];
  return row ?? { outboxTenants: 0, jobs: 0 };
}
