import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import type { Logger } from '@meridian/kit';
import {
  BodyTooLargeError,
  CONTEXT_HEADER,
  type ContextClaims,
  type ContextKeys,
  errorMaskingPlugin,
  executeGraphQL,
  formatError,
  handleOpsRoute,
  MeridianError,
  metricsPlugin,
  readBody,
  requestLogger,
  sendGraphQLError,
  signContextToken,
  type TenantDirectory,
} from '@meridian/kit';
import { type EdgeDeps, requestIdOf, resolveCaller } from './edge.ts';

export interface GatewayContext {
  requestId: string;
  /** Signed once per request, forwarded to every subgraph call of that request. */
  contextToken: string;
  tenantId: string | null;
  log: Logger;
}

export interface GatewayOptions {
  supergraphSdl: string;
  /** Real URL of each subgraph by name. */
  subgraphUrls: Record<string, string>;
  contextKeys: ContextKeys;
  accessKeys: ContextKeys;
  tenants: TenantDirectory;
  platformHosts: string[];
  log: Logger;
  production: boolean;
  port: number;
  host?: string;
  bodyLimitBytes?: number;
}

export interface RunningGateway {
  url: string;
  port: number;
  close(): Promise<void>;
}

const statusOf: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, RATE_LIMITED: 429 };

/** The only public entry: verifies callers, resolves the tenant, signs the internal context, plans queries. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource<GatewayContext>({
        url: options.subgraphUrls[name] ?? url,
        willSendRequest: ({ request, context }) => {
          request.http?.headers.set(CONTEXT_HEADER, context.contextToken);
          request.http?.headers.set('x-request-id', context.requestId);
        },
      }),
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: !options.production,
    includeStacktraceInErrorResponses: false,
    formatError,
    plugins: [errorMaskingPlugin<GatewayContext>(), metricsPlugin('gateway')],
  });
  await apollo.start();
  const deps: EdgeDeps = {
    accessKeys: options.accessKeys,
    tenants: options.tenants,
    platformHosts: options.platformHosts,
  };
  const bodyLimit = options.bodyLimitBytes ?? 256 * 1024;
  // Ready when every subgraph is: a gateway in front of a dead subgraph should leave the load balancer.
  const subgraphsReady = async () => {
    const checks = Object.values(options.subgraphUrls).map((url) =>
      fetch(url.replace(/\/graphql$/, '/ready'), { signal: AbortSignal.timeout(1000) }).then(
        (r) => r.ok,
        () => false,
      ),
    );
    return (await Promise.all(checks)).every(Boolean);
  };

  const server: Server = createServer(async (req, res) => {
    const requestId = requestIdOf(req);
    res.setHeader('x-request-id', requestId);
    try {
      if (handleOpsRoute(req, res, { ready: subgraphsReady })) return;
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (path !== '/graphql') {
        sendGraphQLError(res, 404, 'NOT_FOUND', 'Not found');
        return;
      }
      const body = await readBody(req, bodyLimit);
      let claims: ContextClaims;
      try {
        claims = await resolveCaller(req, deps, requestId);
      } catch (error) {
        if (error instanceof MeridianError) {
          sendGraphQLError(res, statusOf[error.code] ?? 400, error.code, error.message, { requestId });
          return;
        }
        throw error;
      }
      const contextToken = await signContextToken(options.contextKeys, claims);
      const log = requestLogger(options.log, { requestId, tenantId: claims.tenantId, subgraph: 'gateway' });
      await executeGraphQL(apollo, req, res, body, async () => ({
        requestId,
        contextToken,
        tenantId: claims.tenantId,
        log,
      }));
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        sendGraphQLError(res, 413, 'BAD_USER_INPUT', 'Request body too large', { requestId });
        return;
      }
      options.log.error({ err: error, requestId }, 'gateway request failed');
      if (!res.headersSent) sendGraphQLError(res, 500, 'INTERNAL', 'Internal error', { requestId });
      else res.end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://localhost:${port}/graphql`,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await apollo.stop();
    },
  };
}
