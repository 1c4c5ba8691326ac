import type { Database } from '../db/connect.ts';
import type { Logger } from '../log.ts';
import type { TenantDirectory } from '../tenancy/directory.ts';
import type { Tenant } from '../tenancy/tenant.ts';
import { type TenantTx, withTenant } from '../tenancy/with-tenant.ts';

/** Housekeeping a subgraph needs on a clock (expiring reservations), run for every active tenant. */
export interface PeriodicJob {
  /** Unique across the suite, e.g. `inventory.expire-reservations`. */
  name: string;
  everySeconds: number;
  run(tx: TenantTx, tenant: Tenant): Promise<unknown>;
}

export interface PeriodicJobsHandle {
  /** Runs every job once now, over every active tenant (tests, and the first tick). */
  runAll(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs jobs on timers. Each run takes a session advisory lock named after the job, so with several
 * instances only one runs it at a time; the others skip that tick. One tenant's failure is logged and
 * the rest go on.
 */
export function startPeriodicJobs(
  database: Database,
  tenants: TenantDirectory,
  jobs: PeriodicJob[],
  log: Logger,
): PeriodicJobsHandle {
  const running = new Map<string, Promise<void>>();

  async function runJob(job: PeriodicJob): Promise<void> {
    const connection = await database.sql.reserve();
    try {
      const [lock] = await connection`select pg_try_advisory_lock(hashtext(${`meridian.job.${job.name}`})) as got`;
      if (!lock?.got) return;
      try {
        let after: string | undefined;
        for (;;) {
          const page = await tenants.list({ status: 'active', first: 200, ...(after ? { after } : {}) });
          for (const tenant of page.tenants) {
            await withTenant(database, tenant, (tx) => job.run(tx, tenant)).catch((error: unknown) =>
              log.error({ err: error, job: job.name, tenantId: tenant.id }, 'periodic job failed for a tenant'),
            );
          }
          if (!page.hasNextPage) break;
          after = page.tenants.at(-1)?.id;
        }
      } finally {
        await connection`select pg_advisory_unlock(hashtext(${`meridian.job.${job.name}`}))`;
      }
    } finally {
      connection.release();
    }
  }

  function tick(job: PeriodicJob): Promise<void> {
    const current = running.get(job.name);
    if (current) return current; // still busy with the previous tick
    const run = runJob(job)
      .catch((error: unknown) => log.error({ err: error, job: job.name }, 'periodic job failed'))
      .finally(() => running.delete(job.name));
    running.set(job.name, run);
    return run;
  }

  const timers = jobs.map((job) => setInterval(() => void tick(job), job.everySeconds * 1000).unref());
  return {
    runAll: async () => {
      await Promise.all(jobs.map((job) => tick(job)));
    },
    stop: async () => {
      for (const timer of timers) clearInterval(timer);
      await Promise.all(running.values());
    },
  };
}
