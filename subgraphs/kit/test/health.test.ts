import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleOpsRoute } from '../src/http/health.ts';
import { recordCacheRequest } from '../src/metrics.ts';

let readiness: () => Promise<boolean> = async () => true;
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (handleOpsRoute(req, res, { ready: () => readiness(), readyTimeoutMs: 200 })) return;
    res.writeHead(418);
    res.end('not an ops route');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('ops routes', () => {
  it('GET /health is always 200 while the process runs', async () => {
    readiness = async () => false;
    const response = await fetch(`${base}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('GET /ready follows the readiness check', async () => {
    readiness = async () => true;
    let response = await fetch(`${base}/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready' });

    readiness = async () => false;
    response = await fetch(`${base}/ready`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'unavailable', reason: 'not ready' });

    readiness = async () => {
      throw new Error('connect ECONNREFUSED 10.0.0.5:5432');
    };
    response = await fetch(`${base}/ready?probe=1`);
    expect(response.status).toBe(503);
    const body = await response.text();
    expect(JSON.parse(body)).toEqual({ status: 'unavailable', reason: 'readiness check failed' });
    expect(body).not.toContain('10.0.0.5');

    readiness = () => new Promise(() => {}); // a hung database
    response = await fetch(`${base}/ready`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'unavailable', reason: 'readiness check timed out' });
  });

  it('GET /metrics serves the Prometheus text of the process registry', async () => {
    recordCacheRequest('health-test', 'l1', 'miss');
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(await response.text()).toContain(
      'meridian_cache_requests_total{cache="health-test",level="l1",result="miss"} 1',
    );
  });

  it('leaves other paths to the caller and refuses other methods', async () => {
    const other = await fetch(`${base}/graphql`);
    expect(other.status).toBe(418);
    const post = await fetch(`${base}/health`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    const head = await fetch(`${base}/health`, { method: 'HEAD' });
    expect(head.status).toBe(200);
  });
});
