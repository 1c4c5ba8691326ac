import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { RequestContext } from '../context/request-context.ts';
import { readRawBody, sendGraphQLError } from '../http/graphql-http.ts';

/** A provider's delivery as the gateway forwarded it: the exact bytes (signatures cover them) and the headers. */
export interface WebhookRequest {
  rawBody: Buffer;
  headers: IncomingHttpHeaders;
}

/** What the provider is answered. 2xx tells it the delivery is handled; anything else makes it redeliver. */
export interface WebhookResponse {
  status: number;
  /** Sent as JSON. */
  body: unknown;
}

/** Runs bound to the tenant whose host received the delivery, as a `system` actor. */
export type WebhookHandler = (request: WebhookRequest, ctx: RequestContext) => Promise<WebhookResponse>;

/** By provider name (`stripe` serves `POST /webhooks/stripe`). */
export type WebhookHandlers = Record<string, WebhookHandler>;

const webhookPath = /^\/webhooks\/([a-z0-9-]{1,40})$/;

/** The provider a `/webhooks/<provider>` path names, or null for any other path. */
export function webhookProviderOf(path: string): string | null {
  return webhookPath.exec(path)?.[1] ?? null;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * A subgraph's `/webhooks/<provider>`: only the gateway reaches it (the context token is checked before
 * the body is read), only for a tenant, only as the system actor the gateway signs for deliveries.
 * Errors thrown here (bad token, body too large) are answered by the caller like GraphQL ones.
 */
export async function serveWebhook(
  handlers: WebhookHandlers,
  provider: string,
  req: IncomingMessage,
  res: ServerResponse,
  options: { bodyLimitBytes: number; context: () => Promise<RequestContext> },
): Promise<void> {
  const handler = Object.hasOwn(handlers, provider) ? handlers[provider] : undefined;
  if (!handler) return sendGraphQLError(res, 404, 'NOT_FOUND', `No ${provider} webhooks here`);
  if (req.method !== 'POST') {
    res.writeHead(405, { allow: 'POST' });
    res.end();
    return;
  }
  const ctx = await options.context();
  if (!ctx.tenant || ctx.actor.kind !== 'system')
    return sendGraphQLError(res, 403, 'FORBIDDEN', 'Webhooks are delivered for a tenant by the gateway');
  const rawBody = await readRawBody(req, options.bodyLimitBytes);
  const answer = await handler({ rawBody, headers: req.headers }, ctx);
  sendJson(res, answer.status, answer.body);
}
