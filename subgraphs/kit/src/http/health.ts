import type { IncomingMessage, ServerResponse } from 'node:http';
import { metricsContentType, metricsText } from '../metrics.ts';

export interface OpsRouteOptions {
  /** Resolves true when the process can serve traffic (database reachable ...); false or a throw means 503. */
  ready: () => Promise<boolean>;
  /** A hung dependency must not hang the probe: after this long /ready answers 503. Default 2000 ms. */
  readyTimeoutMs?: number;
  /** Serve GET /metrics (default true). Turn off on a public listener and scrape a private one instead. */
  metrics?: boolean;
}

const opsPaths = new Set(['/health', '/ready', '/metrics']);

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** 'ready', or why not. The reason is generic on purpose: /ready may be reachable from outside. */
async function checkReady(ready: () => Promise<boolean>, timeoutMs: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve('readiness check timed out'), timeoutMs);
  });
  try {
    const checked = Promise.resolve()
      .then(ready)
      .then(
        (ok) => (ok ? 'ready' : 'not ready'),
        () => 'readiness check failed',
      );
    return await Promise.race([checked, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function serve(path: string, res: ServerResponse, options: OpsRouteOptions): Promise<void> {
  if (path === '/health') return sendJson(res, 200, { status: 'ok' });
  if (path === '/ready') {
    const outcome = await checkReady(options.ready, options.readyTimeoutMs ?? 2000);
    if (outcome === 'ready') return sendJson(res, 200, { status: 'ready' });
    return sendJson(res, 503, { status: 'unavailable', reason: outcome });
  }
  const text = await metricsText();
  res.writeHead(200, { 'content-type': metricsContentType, 'cache-control': 'no-store' });
  res.end(text);
}

/**
 * Answers the operational routes and returns true, or returns false for the caller to route the request.
 * GET /health: the process is up (liveness, always 200). GET /ready: it can take traffic (readiness).
 * GET /metrics: Prometheus text. Other methods on these paths get 405.
 */
export function handleOpsRoute(req: IncomingMessage, res: ServerResponse, options: OpsRouteOptions): boolean {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (!opsPaths.has(path) || (path === '/metrics' && options.metrics === false)) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' });
    res.end();
    return true;
  }
  serve(path, res, options).catch(() => {
    if (!res.headersSent) sendJson(res, 500, { status: 'error' });
    else res.end();
  });
  return true;
}
