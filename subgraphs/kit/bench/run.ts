/**
 * `npm run bench -w @meridian/kit`: what tenancy costs, in figures.
 *
 *   a. provisioning one tenant (schema + role + kit and fixture migrations + defaults), sequentially;
 *   b. migration fan-out of one new migration over many tenants, at concurrency 1, 4 and 8;
 *   c. tenant binding per request: a trivial query plain vs inside `withTenant` (transaction + set_config).
 *
 * The kit must not import the subgraphs, so its tenant module here is the tiny `notes` fixture of the
 * kit's tests (one table) next to the kit's own tables; provisioning with the real subgraphs' modules is
 * measured by `npm run bench -w @meridian/supergraph`.
 *
 * PostgreSQL: DATABASE_URL when set, else an embedded server (see lib.ts). Everything created (databases,
 * tenant roles) is dropped at the end, also on Ctrl-C. Sizes can be lowered for a quick look with
 * MERIDIAN_BENCH_FANOUT_TENANTS (default 200) and MERIDIAN_BENCH_N (default 2000).
 */
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { connectDatabase, type Database } from '../src/db/connect.ts';
import { migrateAllTenants } from '../src/migrations/fan-out.ts';
import { loadMigrations } from '../src/migrations/load.ts';
import { kitTenantModule } from '../src/tenancy/control-plane.ts';
import type { TenantModule } from '../src/tenancy/module.ts';
import { type ProvisionStep, provisionTenant } from '../src/tenancy/provision.ts';
import type { Tenant } from '../src/tenancy/tenant.ts';
import { type TenantTx, withTenant } from '../src/tenancy/with-tenant.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/database.ts';
import { notesModule } from '../test/fixtures/notes.module.ts';
import { Figures, fmt, load, say, sequential, startBenchServer, summarise, withCleanup } from './lib.ts';

const provisionCount = 20;
const fanOutTenants = Number(process.env.MERIDIAN_BENCH_FANOUT_TENANTS ?? 200);
const fanOutConcurrencies = [1, 4, 8];
const queryCount = Number(process.env.MERIDIAN_BENCH_N ?? 2000);
const warmup = Math.min(200, queryCount);

/** Version 2 of the notes module: the test fixture's 0000 plus a drizzle-kit generated 0001 (column + index). */
const notesV2: TenantModule = {
  ...notesModule,
  migrations: loadMigrations('notes', fileURLToPath(new URL('./fixtures/notes-migrations', import.meta.url))),
};
const [v1First] = notesModule.migrations.migrations;
const [v2First] = notesV2.migrations.migrations;
if (notesV2.migrations.migrations.length !== 2 || v1First?.hash !== v2First?.hash) {
  throw new Error('bench/fixtures/notes-migrations must start with an exact copy of test/fixtures/notes-migrations');
}

const figures = new Figures();

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

// ---------------------------------------------------------------- a. provisioning

async function benchProvisioning(main: TestDatabase): Promise<Tenant> {
  const counts = [kitTenantModule, notesModule].map((m) => `${m.name} ${m.migrations.migrations.length}`).join(', ');
  say(
    `\n-- a. provisioning: ${provisionCount} tenants, one after the other (migrations: ${counts}; notes is the test fixture)`,
  );
  figures.set('provision.migrations', counts);
  const steps = new Map<string, number[]>();
  const once = async (slug: string) => {
    const marks: { step: string; at: number }[] = [];
    const start = performance.now();
    const tenant = await provisionTenant(
      main.database,
      [notesModule],
      { slug, name: slug, hosts: [`${slug}.bench.test`] },
      {
        onProgress: (_t, step: ProvisionStep, detail) => {
          if (!detail) marks.push({ step, at: performance.now() });
        },
      },
    );
    const end = performance.now();
    // Time before the first step is ensureControlPlane (run by every provisioning), then step to step.
    const bounds = [{ step: 'control-plane', at: start }, ...marks, { step: 'end', at: end }];
    for (let i = 0; i < bounds.length - 1; i++) {
      const { step, at } = bounds[i] as { step: string; at: number };
      const list = steps.get(step) ?? [];
      list.push((bounds[i + 1] as { at: number }).at - at);
      steps.set(step, list);
    }
    return { tenant, ms: end - start };
  };
  const cold = await once('bench-warmup');
  steps.clear();
  say(`   first tenant (cold pool, not counted): ${fmt(cold.ms)} ms`);
  const times: number[] = [];
  let first: Tenant | undefined;
  for (let i = 0; i < provisionCount; i++) {
    const { tenant, ms } = await once(`bench-a-${i}`);
    first ??= tenant;
    times.push(ms);
  }
  const s = summarise(times);
  say(`   per tenant: p50 ${fmt(s.p50)} ms, p95 ${fmt(s.p95)} ms, mean ${fmt(s.mean)} ms`);
  say(`   mean per step: ${[...steps].map(([step, list]) => `${step} ${fmt(summarise(list).mean)}`).join(', ')} (ms)`);
  figures.summary('provision', 'ms', s);
  figures.set('provision.cold_first_ms', cold.ms);
  for (const [step, list] of steps) figures.set(`provision.step.${step}.mean_ms`, summarise(list).mean);
  return first as Tenant;
}

// ---------------------------------------------------------------- b. fan-out

async function provisionMany(database: Database, count: number, concurrency: number): Promise<number> {
  const start = performance.now();
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await provisionTenant(database, [notesModule], { slug: `fan-${i}`, name: `Fan ${i}` });
      done++;
      if (done % 25 === 0 || done === count) {
        say(`   provisioned ${done}/${count} (${fmt((performance.now() - start) / 1000)} s)`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return performance.now() - start;
}

async function benchFanOut(serverUrl: string, source: TestDatabase, clones: string[]): Promise<void> {
  say(`\n-- b. migration fan-out: ${fanOutTenants} tenants at notes/0000, then notes/0001 (add column + index)`);
  const provisionMs = await provisionMany(source.database, fanOutTenants, 8);
  say(`   ${fanOutTenants} tenants provisioned in ${fmt(provisionMs / 1000)} s at concurrency 8 (setup, not a figure)`);
  figures.set('fanout.tenants', fanOutTenants);

  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    for (const concurrency of fanOutConcurrencies) {
      // Every run starts from the same old-version database: a template copy of the source, on a fresh pool.
      const clone = `${source.name}_c${concurrency}`;
      await admin`select pg_terminate_backend(pid) from pg_stat_activity
        where datname = ${source.name} and pid <> pg_backend_pid()`;
      await admin.unsafe(`create database "${clone}" template "${source.name}"`);
      clones.push(clone);
      const database = connectDatabase(withDatabase(serverUrl, clone), { max: 10, applicationName: 'meridian-bench' });
      try {
        const start = performance.now();
        const report = await migrateAllTenants(database, [notesV2], {
          concurrency,
          onProgress: ({ done, total }) => {
            if (done % 50 === 0 || done === total)
              say(`   c=${concurrency}: ${done}/${total} (${fmt((performance.now() - start) / 1000)} s)`);
          },
        });
        const seconds = (performance.now() - start) / 1000;
        const applied = report.migrated.filter((m) => m.applied.includes('notes/0001_notes_pinned')).length;
        if (report.failed.length > 0 || applied !== fanOutTenants) {
          throw new Error(
            `fan-out c=${concurrency}: ${applied} applied, ${report.failed.length} failed: ${report.failed[0]?.error}`,
          );
        }
        // The same fan-out again with nothing pending: what every suite start pays (startSuite runs it).
        const noopStart = performance.now();
        const noop = await migrateAllTenants(database, [notesV2], { concurrency });
        const noopSeconds = (performance.now() - noopStart) / 1000;
        if (noop.migrated.some((m) => m.applied.length > 0)) throw new Error('second fan-out applied something');
        say(
          `   c=${concurrency}: ${fmt(seconds)} s, ${fmt(fanOutTenants / seconds)} tenants/s; ` +
            `again with nothing pending: ${fmt(noopSeconds)} s`,
        );
        figures.set(`fanout.c${concurrency}.total_s`, seconds);
        figures.set(`fanout.c${concurrency}.tenants_per_s`, fanOutTenants / seconds);
        figures.set(`fanout.c${concurrency}.noop_total_s`, noopSeconds);
      } finally {
        await database.close();
        await admin.unsafe(`drop database if exists "${clone}" with (force)`);
        clones.splice(clones.indexOf(clone), 1);
      }
    }
  } finally {
    await admin.end();
  }
}

// ---------------------------------------------------------------- c. binding cost

/**
 * What withTenant would cost if it did not wait for set_config's answer before sending the work's first
 * statement: postgres.js pipelines statements of one transaction, and a failed set_config aborts the
 * transaction so the work fails too. A measurement aid only; the kit's withTenant is what runs.
 */
function pipelinedWithTenant<T>(db: Database['db'], tenant: Tenant, work: (tx: TenantTx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    const binding = tx
      .execute(
        sql`select set_config('search_path', ${tenant.schemaName}, true), set_config('role', ${tenant.roleName}, true)`,
      )
      .then(() => undefined);
    const [, result] = await Promise.all([binding, work(tx)]);
    return result;
  });
}

async function benchBinding(main: TestDatabase, tenant: Tenant): Promise<void> {
  const { db } = main.database;
  say(`\n-- c. tenant binding per request: ${queryCount} calls each, sequential, then at concurrency 8`);
  const qualifiedNotes = sql`select id, body from ${sql.identifier(tenant.schemaName)}.notes limit 1`;
  const ops: Record<string, () => Promise<unknown>> = {
    // (i) no binding: one round trip
    'plain.select1': () => db.execute(sql`select 1`),
    // a bare transaction, no binding: BEGIN + query + COMMIT (separates transaction cost from set_config)
    'tx.select1': () => db.transaction((tx) => tx.execute(sql`select 1`)),
    // the same number of statements as withTenant, with a trivial one in place of set_config
    'tx.2xselect1': () =>
      db.transaction(async (tx) => {
        await tx.execute(sql`select 1`);
        return tx.execute(sql`select 1`);
      }),
    // (ii) withTenant: BEGIN + set_config(search_path, role) + query + COMMIT
    'bound.select1': () => withTenant(main.database, tenant, (tx) => tx.execute(sql`select 1`)),
    // experiment, not kit code: set_config sent together with the first statement of the work (pipelined),
    // without waiting for its answer: one round trip less than withTenant (matters over a real network;
    // on loopback a round trip is cheap next to the statements' CPU)
    'pipelined.select1': () => pipelinedWithTenant(db, tenant, (tx) => tx.execute(sql`select 1`)),
    // one row from the tenant's notes: schema-qualified as the superuser vs bound under the tenant role
    'plain.note': () => db.execute(qualifiedNotes),
    'bound.note': () => withTenant(main.database, tenant, (tx) => tx.execute(sql`select id, body from notes limit 1`)),
  };
  const [bound] = (await pipelinedWithTenant(db, tenant, (tx) =>
    tx.execute(sql`select current_setting('search_path') as path, current_user as role`),
  )) as unknown as { path: string; role: string }[];
  if (bound?.path !== tenant.schemaName || bound.role !== tenant.roleName) {
    throw new Error(`pipelined binding did not bind: ${JSON.stringify(bound)}`);
  }
  const rows = (await withTenant(main.database, tenant, (tx) =>
    tx.execute(sql`select id, body from notes`),
  )) as unknown[];
  if (rows.length !== 1) throw new Error(`expected the seeded note, found ${rows.length} rows`);

  // Sequential: the calls of every variant are spread over 4 interleaved rounds, so a burst of background
  // load on the machine lands on all of them alike rather than on whichever ran at that moment.
  const rounds = 4;
  const samples = new Map<string, number[]>();
  for (const op of Object.values(ops)) await sequential(warmup, op);
  for (let round = 0; round < rounds; round++) {
    for (const [name, op] of Object.entries(ops)) {
      const list = samples.get(name) ?? [];
      list.push(...(await sequential(Math.ceil(queryCount / rounds), op)).map((ms) => ms * 1000));
      samples.set(name, list);
    }
  }
  const seq = new Map<string, ReturnType<typeof summarise>>();
  for (const [name, list] of samples) {
    const s = summarise(list);
    seq.set(name, s);
    say(`   ${name.padEnd(17)} p50 ${fmt(s.p50)} µs, p95 ${fmt(s.p95)} µs, mean ${fmt(s.mean)} µs`);
    figures.summary(`bind.seq.${name}`, 'us', s);
  }
  const ratio = (a: string, b: string, key: 'p50' | 'mean') =>
    (seq.get(a)?.[key] ?? Number.NaN) / (seq.get(b)?.[key] ?? Number.NaN);
  figures.set('bind.seq.ratio_bound_vs_plain.select1_p50', ratio('bound.select1', 'plain.select1', 'p50'));
  figures.set('bind.seq.ratio_bound_vs_plain.note_p50', ratio('bound.note', 'plain.note', 'p50'));
  figures.set('bind.seq.ratio_bound_vs_tx.select1_p50', ratio('bound.select1', 'tx.select1', 'p50'));
  figures.set('bind.seq.ratio_bound_vs_tx2.select1_p50', ratio('bound.select1', 'tx.2xselect1', 'p50'));
  figures.set('bind.seq.ratio_pipelined_vs_plain.select1_p50', ratio('pipelined.select1', 'plain.select1', 'p50'));
  figures.set(
    'bind.seq.binding_overhead_p50_us',
    (seq.get('bound.select1')?.p50 ?? Number.NaN) - (seq.get('plain.select1')?.p50 ?? Number.NaN),
  );

  const concurrent = new Map<string, { p50: number; ops: number }>();
  for (const name of ['plain.select1', 'tx.select1', 'bound.select1', 'pipelined.select1', 'bound.note']) {
    const op = ops[name] as () => Promise<unknown>;
    await load({ concurrency: 8, maxOps: warmup, durationMs: 5_000, op });
    const result = await load({ concurrency: 8, maxOps: queryCount, durationMs: 30_000, op });
    if (result.errors > 0)
      throw new Error(`${name} at concurrency 8: ${result.errors} errors, e.g. ${result.firstError}`);
    const s = summarise(result.latencies.map((ms) => ms * 1000));
    concurrent.set(name, { p50: s.p50, ops: result.perSecond });
    say(`   c=8 ${name.padEnd(17)} p50 ${fmt(s.p50)} µs, p95 ${fmt(s.p95)} µs, ${fmt(result.perSecond)} queries/s`);
    figures.summary(`bind.c8.${name}`, 'us', s, ['p50', 'p95']);
    figures.set(`bind.c8.${name}.per_s`, result.perSecond);
  }
  const p = (n: string) => concurrent.get(n) as { p50: number; ops: number };
  figures.set('bind.c8.ratio_bound_vs_plain.select1_p50', p('bound.select1').p50 / p('plain.select1').p50);
  figures.set('bind.c8.ratio_bound_vs_plain.select1_throughput', p('plain.select1').ops / p('bound.select1').ops);
}

// ---------------------------------------------------------------- main

const server = await startBenchServer(say);
process.env.MERIDIAN_TEST_DATABASE_URL = server.url;
const created: TestDatabase[] = [];
const clones: string[] = [];

await withCleanup(
  async () => {
    say(`kit bench on ${server.description}; node ${process.version}`);
    const main = await createTestDatabase();
    created.push(main);
    const [{ version }] = (await main.database.sql`select current_setting('server_version') as version`) as unknown as [
      { version: string },
    ];
    figures.set('server', `PostgreSQL ${version}`);
    const tenant = await benchProvisioning(main);
    await benchBinding(main, tenant);
    const source = await createTestDatabase();
    created.push(source);
    await benchFanOut(server.url, source, clones);
    figures.print('kit bench figures (ms = milliseconds, us = microseconds)');
  },
  async () => {
    say('\ndropping bench databases and tenant roles ...');
    if (clones.length > 0) {
      const admin = postgres(server.url, { max: 1, onnotice: () => {} });
      for (const clone of clones) await admin.unsafe(`drop database if exists "${clone}" with (force)`);
      await admin.end();
    }
    for (const database of created.reverse()) await database.drop();
    await server.stop();
  },
);
