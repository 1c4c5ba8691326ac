/**
 * Timing helpers for the inventory benchmark: percentiles, a bounded concurrent load loop, and the
 * `key = value` figures printed at the end. (The kit's bench helpers are not part of its package API.)
 */
export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

/** Nearest-rank percentiles, in the samples' unit. */
export function summarise(samples: number[]): Summary {
  const sorted = samples.toSorted((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
  const mean = sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length);
  return { n: sorted.length, p50: at(50), p95: at(95), p99: at(99), mean };
}

export interface LoadResult {
  latencies: number[];
  errors: number;
  firstError?: string;
  perSecond: number;
}

/** `concurrency` workers call `op` back to back until `count` calls were made; latencies in ms. */
export async function load(
  concurrency: number,
  count: number,
  op: (i: number) => Promise<unknown>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let started = 0;
  const begin = performance.now();
  const worker = async () => {
    while (started < count) {
      const i = started++;
      const t0 = performance.now();
      try {
        await op(i);
        latencies.push(performance.now() - t0);
      } catch (error) {
        errors++;
        firstError ??= (error as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = performance.now() - begin;
  return { latencies, errors, ...(firstError ? { firstError } : {}), perSecond: (count / elapsed) * 1000 };
}

const fmt = (value: number) => (Math.abs(value) < 10 ? value.toFixed(2) : value.toFixed(1));

export class Figures {
  readonly #values = new Map<string, string>();

  set(key: string, value: number | string): void {
    this.#values.set(key, typeof value === 'number' ? fmt(value) : value);
  }

  load(prefix: string, result: LoadResult): void {
    const s = summarise(result.latencies);
    this.set(`${prefix}.p50_ms`, s.p50);
    this.set(`${prefix}.p95_ms`, s.p95);
    this.set(`${prefix}.per_s`, result.perSecond);
    if (result.errors > 0) this.set(`${prefix}.errors`, `${result.errors} (${result.firstError})`);
  }

  print(title: string): void {
    const width = Math.max(...[...this.#values.keys()].map((k) => k.length));
    process.stdout.write(`\n== ${title} ==\n`);
    for (const [key, value] of this.#values) process.stdout.write(`${key.padEnd(width)} = ${value}\n`);
  }
}
