/**
 * The commerce benchmark's load generator, in a worker thread (its CPU must not share the event loop
 * with the suite it measures). Each client sends its own list of request bodies, one after the other,
 * over keep-alive connections: a cart per client for add-to-cart, a ready cart per order for placeOrder
 * (closed loop, or paced at a fixed total rate: `ratePerSecond`).
 * A response that is not HTTP 200 with `expect` in its body counts as an error.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';

export interface CommerceLoadJob {
  port: number;
  headers: Record<string, string>;
  /** One list of bodies per client. */
  clients: string[][];
  expect: string;
  /**
   * Open loop: the requests together start at this many a second (request i of client c at slot
   * i × clients + c), each client still waiting for its previous answer. Latency counts from the slot, so a
   * late start is waiting the server caused, not hidden. Unset: each client sends as soon as it is answered.
   */
  ratePerSecond?: number;
}

export interface CommerceLoadReport {
  latencies: Float64Array;
  errors: number;
  firstError?: string;
  elapsedMs: number;
}

const job = workerData as CommerceLoadJob;
const agent = new Agent({ keepAlive: true, maxSockets: job.clients.length });

function post(body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: job.port,
        path: '/graphql',
        method: 'POST',
        headers: {
          ...job.headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
        },
        agent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode === 200 && text.includes(job.expect)) resolve();
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
const begin = performance.now();
const clientCount = job.clients.length;
await Promise.all(
  job.clients.map(async (bodies, c) => {
    for (const [i, body] of bodies.entries()) {
      let t0 = performance.now();
      if (job.ratePerSecond) {
        const slot = begin + ((i * clientCount + c) * 1000) / job.ratePerSecond;
        if (slot > t0) await new Promise((resolve) => setTimeout(resolve, slot - t0));
        t0 = slot;
      }
      try {
        await post(body);
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
const buffer = Float64Array.from(latencies);
parentPort?.postMessage({ latencies: buffer, errors, firstError, elapsedMs } satisfies CommerceLoadReport, [
  buffer.buffer,
]);
