import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPeriodicJobs } from '../src/scheduler/periodic-jobs.ts';
import { createTenantDirectory } from '../src/tenancy/directory.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/database.ts';
import { notesModule } from './fixtures/notes.module.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

describe('periodic jobs', () => {
  it('run for every active tenant, bound to it, one instance at a time, and survive a failing tenant', async () => {
    const directory = createTenantDirectory(t.database, [notesModule]);
    const a = await directory.create({ slug: 'job-a', name: 'A' });
    const b = await directory.create({ slug: 'job-b', name: 'B' });
    const c = await directory.create({ slug: 'job-c', name: 'C' });
    await directory.setStatus(c.id, 'suspended');
    const seen: string[] = [];
    let started!: () => void;
    const jobStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const job = {
      name: 'test.count-notes',
      everySeconds: 3600,
      run: async (tx: Parameters<Parameters<typeof t.database.db.transaction>[0]>[0], tenant: { slug: string }) => {
        const [row] = (await tx.execute(sql`select current_schema() as schema`)) as unknown as { schema: string }[];
        seen.push(`${tenant.slug}:${row?.schema}`);
        started();
        await gate; // hold the lock until the other instance has tried
        if (tenant.slug === 'job-a') throw new Error('this tenant fails');
      },
    };
    const log = pino({ level: 'silent' });
    const first = startPeriodicJobs(t.database, directory, [job], log);
    const second = startPeriodicJobs(t.database, directory, [job], log);
    const firstRun = first.runAll();
    await jobStarted;
    await second.runAll(); // finds the lock taken and skips this tick
    release();
    await firstRun;
    await first.stop();
    await second.stop();
    // Two instances, one run: the advisory lock lets only one through; the suspended tenant is skipped.
    expect(seen.toSorted()).toEqual([`job-a:${a.schemaName}`, `job-b:${b.schemaName}`]);
  });
});
