/**
 * The bench's gateway, in its own thread as production runs it in its own container: it plans, signs and
 * fetches on one core while the subgraphs (the main thread) work on the other, instead of both taking
 * turns on one event loop. It opens its own database connection (tenant and signing-key lookups) like a
 * gateway pod does. Messages: `cpu` (answers this thread's CPU time), `profile-start`, `profile-stop`
 * (answers the summary lines), `close`.
 *
 * Beside it, on `hopPort`, the least any gateway must do: forward the POST to the catalog subgraph (same
 * fetch, same headers, so the caller's context token), parse its JSON answer and serialise it again. The
 * gap from there to the gateway is the gateway's own work (edge checks, pipeline, plan, result shaping).
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import {
  CONTEXT_HEADER,
  type ContextKeys,
  connectDatabase,
  createLogger,
  createSigningKeyStore,
  createTenantDirectory,
  loadSecretBox,
  parseEnv,
} from '@meridian/kit';
import { type RunningProfile, startProfile } from '../../subgraphs/kit/bench/cpu-profile.ts';
import { supergraphPath } from '../src/compose/compose.ts';
import { type GatewayOptions, startGateway } from '../src/gateway/gateway.ts';

export interface GatewayWorkerData {
  databaseUrl: string;
  /** Structured-cloned CryptoKeys: the same pair the subgraphs verify with. */
  contextKeys: ContextKeys;
  subgraphUrls: Record<string, string>;
  rateLimits: GatewayOptions['rateLimits'];
  namespace: string;
}

export type GatewayWorkerMessage =
  | { type: 'ready'; port: number; hopPort: number }
  | { type: 'profile'; summary: string[] }
  | { type: 'cpu'; micros: number }
  | { type: 'closed' };

const data = workerData as GatewayWorkerData;
const env = parseEnv({ ...process.env, NODE_ENV: 'test' });
const database = connectDatabase(data.databaseUrl, { max: 4, applicationName: 'meridian-bench-gateway' });
const gateway = await startGateway({
  supergraphSdl: readFileSync(supergraphPath, 'utf8'),
  subgraphUrls: data.subgraphUrls,
  contextKeys: data.contextKeys,
  signingKeys: createSigningKeyStore(database, await loadSecretBox(env)),
  // Lookups only (host and id, cached): provisioning is the main thread's.
  tenants: createTenantDirectory(database, []),
  platformHosts: env.PLATFORM_HOSTS,
  log: createLogger({ name: 'bench-gateway' }),
  mode: 'test',
  port: 0,
  host: '127.0.0.1',
  ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : {}),
  namespace: data.namespace,
  ...(data.rateLimits ? { rateLimits: data.rateLimits } : {}),
});

const catalogUrl = data.subgraphUrls.catalog ?? '';
const hop = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const name of [CONTEXT_HEADER, 'x-request-id']) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const response = await fetch(catalogUrl, { method: 'POST', headers, body: Buffer.concat(chunks) });
  const body = JSON.stringify(await response.json());
  res.writeHead(response.status, { 'content-type': 'application/json; charset=utf-8' }).end(body);
});
await new Promise<void>((resolve) => hop.listen(0, '127.0.0.1', resolve));

let profile: RunningProfile | undefined;
const post = (message: GatewayWorkerMessage) => parentPort?.postMessage(message);
parentPort?.on(
  'message',
  async (message: { type: 'profile-start' | 'profile-stop' | 'cpu' | 'close'; saveAs?: string }) => {
    if (message.type === 'cpu') {
      const { user, system } = process.threadCpuUsage();
      post({ type: 'cpu', micros: user + system });
    } else if (message.type === 'profile-start') {
      profile = await startProfile('gateway thread');
      post({ type: 'profile', summary: [] });
    } else if (message.type === 'profile-stop') {
      const summary = (await profile?.stop(message.saveAs)) ?? [];
      profile = undefined;
      post({ type: 'profile', summary });
    } else {
      await gateway.close();
      hop.closeAllConnections();
      hop.close();
      await database.close();
      post({ type: 'closed' });
      parentPort?.close();
    }
  },
);
post({ type: 'ready', port: gateway.port, hopPort: (hop.address() as AddressInfo).port });
