import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/**
 * The one way the storefront's server reaches Meridian: POST to the gateway with the tenant's host name as the Host
 * header, as the shopper's browser would have sent it. The gateway resolves the tenant from the Host (anonymous
 * traffic) or from the access token, and refuses a token of another tenant; the storefront never sends a bare tenant
 * header. Node's fetch forbids setting Host, hence node:http.
 */
export function gatewayUrl(): URL {
  return new URL(process.env.MERIDIAN_GATEWAY_URL ?? 'http://127.0.0.1:4000/graphql');
}

export interface GatewayCall {
  /** The tenant's host name, e.g. `acme.localhost`. */
  host: string;
  /** An access token from the shopper's httpOnly cookie. */
  accessToken?: string | null;
  /** The shopper's address, for the gateway's per-IP budget when it trusts this hop. */
  forwardedFor?: string | null;
  requestId?: string | null;
  /** Milliseconds before the call is abandoned (the page then shows its error state). */
  timeoutMs?: number;
}

export class GatewayUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`The store's API did not answer: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'GatewayUnavailableError';
  }
}

/** POSTs one body to /graphql and returns the status and the raw answer. */
export function postToGateway(
  call: GatewayCall,
  body: string,
): Promise<{ status: number; text: string; headers: Record<string, string> }> {
  const url = gatewayUrl();
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        headers: {
          host: call.host,
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          'content-length': Buffer.byteLength(body),
          // the gateway refuses browser origins that are not the tenant's; this server call has none
          ...(call.accessToken ? { authorization: `Bearer ${call.accessToken}` } : {}),
          ...(call.forwardedFor ? { 'x-forwarded-for': call.forwardedFor } : {}),
          ...(call.requestId ? { 'x-request-id': call.requestId } : {}),
        },
        timeout: call.timeoutMs ?? 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (typeof value === 'string') headers[name] = value;
          }
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers });
        });
        res.on('error', (error) => reject(new GatewayUnavailableError(error)));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (error) => reject(new GatewayUnavailableError(error)));
    req.end(body);
  });
}

/**
 * A `fetch` for urql's fetchExchange that goes through postToGateway: urql builds the request, this sends it to the
 * gateway with the tenant's Host. Only what urql uses is implemented (POST with a JSON body).
 */
export function gatewayFetch(call: GatewayCall): typeof fetch {
  return (async (_input: RequestInfo | URL, init?: RequestInit) => {
    const body = typeof init?.body === 'string' ? init.body : '';
    const { status, text, headers } = await postToGateway(call, body);
    return new Response(text, { status, headers: { 'content-type': headers['content-type'] ?? 'application/json' } });
  }) as typeof fetch;
}
