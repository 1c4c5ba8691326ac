/**
 * The load generator of the supergraph benchmark, in a worker thread so that its own CPU does not share
 * the event loop with the gateway and subgraphs it measures. `concurrency` clients POST the same request
 * back to back over keep-alive connections to 127.0.0.1, until `maxOps` were started or `durationMs`
 * passed. A response that is not HTTP 200 with `expect` in its body counts as an error.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';

export interface LoadJob {
  port: number;
  path: string;
  headers: Record<string, string>;
  body: string;
  expect: string;
  concurrency: number;
  durationMs: number;
  maxOps: number;
}

export interface LoadReport {
  latencies: Float64Array;
  errors: number;
  firstError?: string;
  elapsedMs: number;
}

const job = workerData as LoadJob;
const agent = new Agent({ keepAlive: true, maxSockets: job.concurrency });
const headers = {
  ...job.headers,
  'content-type': 'application/json',
  'content-length': String(Buffer.byteLength(job.body)),
};

function post(): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: job.port, path: job.path, method: 'POST', headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode === 200 && text.includes(job.expect)) resolve();
          else reject(new Error(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`));
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(job.body);
  });
}

const latencies: number[] = [];
let errors = 0;
let firstError: string | undefined;
let started = 0;
const begin = performance.now();
const deadline = begin + job.durationMs;
await Promise.all(
  Array.from({ length: job.concurrency }, async () => {
    while (started < job.maxOps && performance.now() < deadline) {
      started++;
      const t0 = performance.now();
      try {
        await post();
        latencies.push(performance.now() - t0);
      } catch (error) {
        errors++;
        firstError ??= (error as Error).message;
      }
    }
  }),
);
const elapsedMs = performance.now() - begin;
agent.destroy();
// Handed over without a copy (a plain ArrayBuffer, which is what postMessage can transfer).
const buffer = new ArrayBuffer(latencies.length * Float64Array.BYTES_PER_ELEMENT);
const samples = new Float64Array(buffer);
samples.set(latencies);
const report: LoadReport = {
  latencies: samples,
  errors,
  ...(firstError ? { firstError } : {}),
  elapsedMs,
};
parentPort?.postMessage(report, [buffer]);
