import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  CONTEXT_HEADER,
  type ContextKeys,
  MeridianError,
  readRawBody,
  sendGraphQLError,
  signContextToken,
} from '@meridian/kit';
import { type EdgeDeps, hostTenantOf } from './edge.ts';

export interface WebhookRoute {
  /** The declaring subgraph's `/webhooks/<provider>` URL, by provider. */
  targets: Record<string, string>;
  edge: EdgeDeps;
  contextKeys: ContextKeys;
  bodyLimitBytes: number;
  /** Stripe waits about 10 s before it counts a delivery as failed and retries; stay under that. */
  timeoutMs?: number;
}

/** Not the provider's to pass on: hop-by-hop, the gateway's own, and anything that could pose as a caller. */
const droppedHeaders = new Set([
  'host',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'upgrade',
  'te',
  'trailer',
  'authorization',
  'cookie',
  'x-request-id',
  CONTEXT_HEADER,
]);

function forwardedHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined || droppedHeaders.has(key) || key.startsWith('proxy-')) continue;
    headers[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/**
 * `POST /webhooks/<provider>` on the public port: a provider (Stripe) delivering for the shop whose host
 * it posts to. The tenant comes from the host as for GraphQL (unknown host: 404); the body is read raw
 * under the gateway's limit (413) and forwarded byte for byte with a context token for the tenant's
 * system actor. The subgraph verifies the provider's signature and answers; that answer is relayed.
 */
export async function serveWebhook(
  req: IncomingMessage,
  res: ServerResponse,
  request: { provider: string; requestId: string },
  route: WebhookRoute,
): Promise<void> {
  const target = Object.hasOwn(route.targets, request.provider) ? route.targets[request.provider] : undefined;
  if (!target) throw new MeridianError('NOT_FOUND', 'Not found');
  if (req.method !== 'POST') {
    res.writeHead(405, { allow: 'POST' });
    res.end();
    return;
  }
  const tenant = await hostTenantOf(req, route.edge);
  if (!tenant) throw new MeridianError('NOT_FOUND', 'Webhooks are delivered to a shop host');
  if (tenant.status !== 'active') throw new MeridianError('FORBIDDEN', 'Tenant is not served');
  const rawBody = await readRawBody(req, route.bodyLimitBytes);
  // Reused per tenant (ADR 0017); the subgraph takes the request id from x-request-id.
  const contextToken = await signContextToken(route.contextKeys, {
    tenantId: tenant.id,
    actor: { kind: 'system', permissions: [] },
  });
  const response = await fetch(target, {
    method: 'POST',
    headers: { ...forwardedHeaders(req), [CONTEXT_HEADER]: contextToken, 'x-request-id': request.requestId },
    body: new Uint8Array(rawBody), // a copy typed for fetch under both Node and DOM typings
    signal: AbortSignal.timeout(route.timeoutMs ?? 9000),
  });
  const text = await response.text();
  if (response.status >= 500) {
    // The provider redelivers on 5xx; the detail stays in the subgraph's log under the request id.
    sendGraphQLError(res, 502, 'INTERNAL', 'The webhook could not be processed', { requestId: request.requestId });
    return;
  }
  res.writeHead(response.status, {
    'content-type': response.headers.get('content-type') ?? 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(text);
}
