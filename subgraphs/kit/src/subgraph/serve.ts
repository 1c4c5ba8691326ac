import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from '@apollo/server/plugin/disabled';
import { bindCache } from '../cache/tenant-cache.ts';
import type { RequestContext } from '../context/request-context.ts';
import { requestIdFrom } from '../context/request-id.ts';
import { CONTEXT_HEADER, verifyContextToken } from '../context/token.ts';
import { MeridianError } from '../errors.ts';
import { BodyTooLargeError, executeGraphQL, readBody, sendGraphQLError } from '../http/graphql-http.ts';
import { handleOpsRoute } from '../http/health.ts';
import { createInternalClient } from '../internal/internal-client.ts';
import { requestLogger } from '../log.ts';
import { metricsPlugin } from '../metrics.ts';
import type { Platform } from '../platform.ts';
import { withTenant } from '../tenancy/with-tenant.ts';
import type { Subgraph } from './create-subgraph.ts';
import { errorMaskingPlugin, formatError } from './format-error.ts';
import { serveWebhook, webhookProviderOf } from './webhooks.ts';

export interface RunningServer {
  name: string;
  url: string;
  port: number;
  close(): Promise<void>;
}

const bodyLimitBytes = 1024 * 1024;

const statusOf: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404 };

/**
 * Builds the request context from the gateway's signed context token. Nothing else is trusted:
 * a request without a valid token is UNAUTHENTICATED, and a tenant that is not active is not served.
 * The request id alone comes from a header (`x-request-id`): the token is shared by many requests.
 */
export async function contextFromRequest(
  platform: Platform,
  subgraph: string,
  req: IncomingMessage,
): Promise<RequestContext> {
  const header = req.headers[CONTEXT_HEADER];
  const claims = await verifyContextToken(platform.keys, Array.isArray(header) ? header[0] : header);
  let tenant = null;
  if (claims.tenantId) {
    tenant = await platform.tenants.byId(claims.tenantId);
    if (!tenant) throw new MeridianError('NOT_FOUND', 'Tenant not found');
    if (tenant.status !== 'active') {
      throw new MeridianError(
        'FORBIDDEN',
        tenant.status === 'suspended' ? 'Tenant is suspended' : 'Tenant is not ready',
      );
    }
  }
  const bound = tenant;
  const requestId = requestIdFrom(req.headers['x-request-id']);
  const identity = { requestId, tenant, actor: claims.actor };
  let log: RequestContext['log'] | undefined;
  return {
    internal: createInternalClient(platform, identity),
    requestId,
    subgraph,
    tenant,
    actor: claims.actor,
    clientAddress: claims.clientAddress,
    // Made on first use: most requests log nothing, and a pino child per request was ~1 % of CPU (bench).
    get log() {
      log ??= requestLogger(platform.log, { requestId, tenantId: claims.tenantId, subgraph });
      return log;
    },
    db: bound ? { transaction: (work) => withTenant(platform.database, bound, work) } : null,
    cache: bindCache(platform.cache, claims.tenantId),
    loaders: new Map(),
    tenants: platform.tenants,
  };
}

/** Serves one subgraph over HTTP: POST /graphql, POST /webhooks/<provider> it declares, /health, /ready and /metrics. */
export async function serveSubgraph(
  subgraph: Subgraph,
  platform: Platform,
  options: { port: number; host?: string },
): Promise<RunningServer> {
  const apollo = new ApolloServer<RequestContext>({
    schema: subgraph.schema,
    introspection: platform.env.NODE_ENV !== 'production',
    includeStacktraceInErrorResponses: false,
    formatError,
    // Inline traces are for Apollo's hosted studio, which we don't use; they cost time on every request.
    // Cache hints likewise: no schema sets any, the gateway answers `no-store` itself, and the plugin
    // wraps every field resolver (~5 % of a subgraph's CPU on the listing bench).
    plugins: [
      errorMaskingPlugin(),
      metricsPlugin(subgraph.name),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
    ],
    // Only the gateway calls subgraphs, with JSON POSTs; a browser never does.
    csrfPrevention: true,
  });
  await apollo.start();
  const ready = async () => {
    await platform.database.sql`select 1`;
    return true;
  };
  const server: Server = createServer(async (req, res) => {
    try {
      if (handleOpsRoute(req, res, { ready })) return;
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      const provider = webhookProviderOf(path);
      if (provider !== null) {
        const context = () => contextFromRequest(platform, subgraph.name, req);
        await serveWebhook(subgraph.webhooks, provider, req, res, { bodyLimitBytes, context });
        return;
      }
      if (path !== '/graphql') {
        sendGraphQLError(res, 404, 'NOT_FOUND', 'Not found');
        return;
      }
      const body = await readBody(req, bodyLimitBytes);
      const context = await contextFromRequest(platform, subgraph.name, req);
      await executeGraphQL(apollo, req, res, body, async () => context);
    } catch (error) {
      if (error instanceof MeridianError) {
        sendGraphQLError(res, statusOf[error.code] ?? 400, error.code, error.message);
        return;
      }
      if (error instanceof BodyTooLargeError) {
        sendGraphQLError(res, 413, 'BAD_USER_INPUT', 'Request body too large');
        return;
      }
      platform.log.error({ err: error, subgraph: subgraph.name }, 'request failed');
      if (!res.headersSent) sendGraphQLError(res, 500, 'INTERNAL', 'Internal error');
      else res.end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    name: subgraph.name,
    port,
    url: `http://${options.host ?? '127.0.0.1'}:${port}/graphql`,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive connections from the gateway would hold close() open forever.
      server.closeAllConnections();
      await closed;
      await apollo.stop();
    },
  };
}
