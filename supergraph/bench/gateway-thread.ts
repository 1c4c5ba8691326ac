/**
 * Starts the bench gateway in its own worker thread (see gateway-worker.ts), as production runs the
 * gateway in its own container, and talks to it: its port, its thread's CPU time, profiles, close.
 */
import { Worker } from 'node:worker_threads';
import type { GatewayWorkerData, GatewayWorkerMessage } from './gateway-worker.ts';

export type GatewayThread = Awaited<ReturnType<typeof startGatewayWorker>>;

/** The gateway's own thread: started on the suite's database, keys and subgraphs. */
export async function startGatewayWorker(data: GatewayWorkerData) {
  const worker = new Worker(new URL('./gateway-worker.ts', import.meta.url), { workerData: data });
  const next = () =>
    new Promise<GatewayWorkerMessage>((resolve, reject) => {
      const fail = (error: Error) => reject(error);
      worker.once('error', fail);
      worker.once('message', (message: GatewayWorkerMessage) => {
        worker.off('error', fail);
        resolve(message);
      });
    });
  const ready = await next();
  if (ready.type !== 'ready') throw new Error(`gateway worker answered ${ready.type}`);
  // Between questions an error of the thread is the bench's failure, not an uncaught exception.
  worker.on('error', (error) => console.error('gateway thread failed:', error));
  const ask = async (message: { type: 'profile-start' | 'profile-stop' | 'cpu' | 'close'; saveAs?: string }) => {
    const answer = next();
    worker.postMessage(message);
    return answer;
  };
  return {
    port: ready.port,
    /** The bare hop: forward to catalog, parse, re-serialise (the floor of any gateway). */
    hopPort: ready.hopPort,
    /** The gateway thread's CPU time so far (user + system), in µs. */
    cpuMicros: async () => {
      const answer = await ask({ type: 'cpu' });
      return answer.type === 'cpu' ? answer.micros : Number.NaN;
    },
    /** Profiles the gateway thread while `work` runs. */
    profileDuring: async <T>(work: () => Promise<T>, saveAs?: string) => {
      await ask({ type: 'profile-start' });
      let result: T;
      try {
        result = await work();
      } catch (error) {
        await ask({ type: 'profile-stop' });
        throw error;
      }
      const stopped = await ask({ type: 'profile-stop', ...(saveAs ? { saveAs } : {}) });
      return { result, summary: stopped.type === 'profile' ? stopped.summary : [] };
    },
    close: async () => {
      await ask({ type: 'close' });
      await worker.terminate();
    },
  };
}
