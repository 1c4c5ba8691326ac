/**
 * The catalog benchmark's load generator, in a worker thread so its CPU does not share the event loop
 * with the gateway and subgraphs it measures. Closed loop (`concurrency` clients back to back) or open
 * loop (`rate` requests per second, each sent on schedule whatever the previous ones do), for
 * `durationMs`. Bodies rotate; a response that is not HTTP 200 with `expect` in it counts as an error.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';

export interface LoadJob {
  port: number;
  headers: Record<string, string>;
  bodies: string[];
  expect: string;
  durationMs: number;
  concurrency?: number;
  rate?: number;
}

export interface LoadReport {
  latencies: Float64Array;
  errors: number;
  firstError?: string;
  elapsedMs: number;
}

const job = workerData as LoadJob;
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

function post(body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const headers = {
      ...job.headers,
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
    };
    const req = request(
      { host: '127.0.0.1', port: job.port, path: '/graphql', method: 'POST', headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode === 200 && text.includes(job.expect) && !text.includes('"errors"')) resolve();
          else reject(new Error(`HTTP ${res.statusCode}: ${text.slice(0, 300)}`));
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const latencies: number[] = [];
let errors = 0;
let firstError: string | undefined;
let sent = 0;
const begin = performance.now();
const deadline = begin + job.durationMs;

async function once(): Promise<void> {
  const body = job.bodies[sent++ % job.bodies.length] as string;
  const t0 = performance.now();
  try {
    await post(body);
    latencies.push(performance.now() - t0);
  } catch (error) {
    errors++;
    firstError ??= (error as Error).message;
  }
}

if (job.rate) {
  const interval = 1000 / job.rate;
  const inflight: Promise<void>[] = [];
  for (let i = 0; ; i++) {
    const due = begin + i * interval;
    if (due >= deadline) break;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inflight.push(once());
  }
  await Promise.all(inflight);
} else {
  await Promise.all(
    Array.from({ length: job.concurrency ?? 1 }, async () => {
      while (performance.now() < deadline) await once();
    }),
  );
}
const report: LoadReport = {
  latencies: Float64Array.from(latencies),
  errors,
  ...(firstError ? { firstError } : {}),
  elapsedMs: performance.now() - begin,
};
agent.destroy();
parentPort?.postMessage(report, [report.latencies.buffer as ArrayBuffer]);
