import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ApolloServer, type BaseContext, HeaderMap, type HTTPGraphQLResponse } from '@apollo/server';

export class BodyTooLargeError extends Error {}

/** Reads a request body, refusing more than `limitBytes` (a client can't make us buffer gigabytes). */
export async function readBody(req: IncomingMessage, limitBytes: number): Promise<string> {
  return (await readRawBody(req, limitBytes)).toString('utf8');
}

/** The body's exact bytes (a webhook signature is over them, not over a re-encoded string). */
export async function readRawBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limitBytes) throw new BodyTooLargeError();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) throw new BodyTooLargeError();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function toHeaderMap(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

/** A GraphQL-shaped error response, for failures before Apollo runs (auth, size, tenant). */
export function sendGraphQLError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code, ...extra } }] }));
}

export async function writeApolloResponse(res: ServerResponse, response: HTTPGraphQLResponse): Promise<void> {
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/** Hands a parsed request to Apollo Server with a context built by the caller. */
export async function executeGraphQL<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  req: IncomingMessage,
  res: ServerResponse,
  body: string,
  context: () => Promise<TContext>,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  let parsed: unknown = body;
  if (body && (req.headers['content-type'] ?? '').includes('application/json')) {
    try {
      parsed = JSON.parse(body);
    } catch {
      sendGraphQLError(res, 400, 'BAD_USER_INPUT', 'Request body is not valid JSON');
      return;
    }
  }
  const response = await server.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers: toHeaderMap(req), search: url.search, body: parsed },
    context,
  });
  await writeApolloResponse(res, response);
}
