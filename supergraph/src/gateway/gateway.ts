import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { Logger } from '@meridian/kit';
import {
  BodyTooLargeError,
  CONTEXT_HEADER,
  type ContextKeys,
  errorMaskingPlugin,
  executeGraphQL,
  forbidden,
  formatError,
  handleOpsRoute,
  MeridianError,
  metricsPlugin,
  readBody,
  requestLogger,
  type SigningKeyStore,
  sendGraphQLError,
  signContextToken,
  type TenantDirectory,
  webhookProviderOf,
} from '@meridian/kit';
import { type CorsPolicy, originAllowed, preflightAllowed, setCorsHeaders } from './cors.ts';
import {
  clientAddressOf,
  createAccessTokenCache,
  type EdgeDeps,
  hostTenantOf,
  proxyTrust,
  requestIdOf,
  resolveCaller,
} from './edge.ts';
import { defaultQueryLimits, type QueryLimits, queryLimitsPlugin } from './query-limits.ts';
import {
  createEdgeRateLimiter,
  defaultRateLimits,
  type EdgeRateLimits,
  type RateLimitRefusal,
  retryAfterPlugin,
} from './rate-limits.ts';
import { allowSandbox, setSecurityHeaders } from './security-headers.ts';
import { serveWebhook } from './webhooks.ts';

export interface GatewayContext {
  requestId: string;
  /**
   * Forwarded to every subgraph call of the request, with `x-request-id`. Holds no per-request data, so
   * the caller's token of the last 30 s is reused (ADR 0017).
   */
  contextToken: string;
  tenantId: string | null;
  log: Logger;
}

export interface GatewayOptions {
  supergraphSdl: string;
  /** Real URL of each subgraph by name. */
  subgraphUrls: Record<string, string>;
  contextKeys: ContextKeys;
  /** The platform's access-token keys: verification by `kid`, and the published JWKS. */
  signingKeys: SigningKeyStore;
  tenants: TenantDirectory;
  platformHosts: string[];
  log: Logger;
  /** Introspection and the sandbox in development only; HSTS and https-only origins in production. */
  mode: 'development' | 'test' | 'production';
  port: number;
  host?: string;
  bodyLimitBytes?: number;
  queryLimits?: Partial<QueryLimits>;
  rateLimits?: Partial<EdgeRateLimits>;
  /** Rate-limit budgets live in Redis when set, shared by every gateway instance. */
  redisUrl?: string;
  /** Prefix of the rate-limit keys (one installation or test run per namespace). */
  namespace?: string;
  /**
   * Addresses and CIDR ranges of the proxies in front of the gateway (a load balancer, the storefront's
   * renderer) whose X-Forwarded-For is believed; none by default: the peer is the client. TRUSTED_PROXIES.
   */
  trustedProxies?: string[];
  /** `POST /webhooks/<provider>` forwards to these subgraph URLs, by provider. */
  webhookTargets?: Record<string, string>;
  /**
   * A second, private listener for /metrics, /health and /ready (METRICS_PORT), for a scraper the load balancer
   * does not route to. With it, or in production, the public port serves no /metrics: it names subgraphs,
   * operations and error rates an outsider has no business reading.
   */
  metricsPort?: number;
}

export interface RunningGateway {
  url: string;
  port: number;
  /** The private operations listener's port, when `metricsPort` was given. */
  metricsPort?: number;
  close(): Promise<void>;
}

const statusOf: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  RATE_LIMITED: 429,
  BAD_USER_INPUT: 400,
};
const jwksPath = '/.well-known/jwks.json';

/** RATE_LIMITED names the budget that ran out (ip, user, client or tenant) and when to retry. */
function refuse(refusal: RateLimitRefusal | null): void {
  if (refusal)
    throw new MeridianError('RATE_LIMITED', `Too many requests (${refusal.scope} limit)`, {
      retryAfter: refusal.retryAfterSeconds,
      limit: refusal.scope,
    });
}

/** The private operations listener: /metrics, /health and /ready, nothing else. */
async function listenForOps(options: GatewayOptions, ready: () => Promise<boolean>): Promise<Server> {
  const ops = createServer((req, res) => {
    if (handleOpsRoute(req, res, { ready })) return;
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Not found');
  });
  await new Promise<void>((resolve, reject) => {
    ops.once('error', reject);
    ops.listen(options.metricsPort, options.host ?? '127.0.0.1', () => resolve());
  });
  return ops;
}

/** The only public entry: verifies callers, resolves the tenant, signs the internal context, plans queries. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const development = options.mode === 'development';
  const production = options.mode === 'production';
  const queryLimits: QueryLimits = { ...defaultQueryLimits, ...options.queryLimits };
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource<GatewayContext>({
        url: options.subgraphUrls[name] ?? url,
        // Node's fetch rather than the default make-fetch-happen, whose agent keeps idle sockets forever
        // and so reuses ones the subgraph (5 s keep-alive) has just closed: `socket hang up` under load.
        // Node's fetch honours the server's Keep-Alive timeout. Same CPU per call, measured. (The cast:
        // the data source's bodies are always strings, never the Buffer its Fetcher type also allows.)
        fetcher: (url, init) => fetch(url, init as RequestInit | undefined),
        willSendRequest: ({ request, context }) => {
          request.http?.headers.set(CONTEXT_HEADER, context.contextToken);
          request.http?.headers.set('x-request-id', context.requestId);
        },
      }),
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: development,
    includeStacktraceInErrorResponses: false,
    formatError,
    parseOptions: { maxTokens: queryLimits.maxTokens },
    plugins: [
      errorMaskingPlugin<GatewayContext>(),
      metricsPlugin('gateway'),
      queryLimitsPlugin<GatewayContext>(queryLimits, { introspection: development }),
      retryAfterPlugin<GatewayContext>(),
      development
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true })
        : ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();
  const deps: EdgeDeps = {
    signingKeys: options.signingKeys,
    tenants: options.tenants,
    platformHosts: options.platformHosts,
    accessTokens: createAccessTokenCache(options.signingKeys),
  };
  const cors: CorsPolicy = {
    platformHosts: options.platformHosts,
    development,
    production,
    byHost: (host) => options.tenants.byHost(host),
  };
  const limiter = createEdgeRateLimiter({
    limits: { ...defaultRateLimits, ...options.rateLimits },
    redisUrl: options.redisUrl,
    namespace: options.namespace ?? 'meridian',
  });
  const bodyLimit = options.bodyLimitBytes ?? 256 * 1024;
  const trust = proxyTrust(options.trustedProxies ?? []);
  const webhookRoute = {
    targets: options.webhookTargets ?? {},
    edge: deps,
    contextKeys: options.contextKeys,
    bodyLimitBytes: bodyLimit,
  };
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

  const serveJwks = async (req: IncomingMessage, res: ServerResponse) => {
    refuse(await limiter.consumeIp(clientAddressOf(req, trust)));
    const body = JSON.stringify(await options.signingKeys.jwks());
    // Short caching: a verifier picks up a rotation within minutes; the overlap window covers that.
    res.writeHead(200, {
      'content-type': 'application/jwk-set+json; charset=utf-8',
      'cache-control': 'public, max-age=300',
      'access-control-allow-origin': '*',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  const serveGraphQL = async (req: IncomingMessage, res: ServerResponse, requestId: string) => {
    const clientAddress = clientAddressOf(req, trust);
    refuse(await limiter.consumeIp(clientAddress));
    res.setHeader('vary', 'Origin');
    const hostTenant = await hostTenantOf(req, deps);
    const origin = req.headers.origin;
    if (req.method === 'OPTIONS') {
      if (!origin || !(await preflightAllowed(req, origin, hostTenant, cors))) throw forbidden('Origin not allowed');
      setCorsHeaders(res, origin, true);
      res.writeHead(204).end();
      return;
    }
    // Set early so that a refusal below is readable by an allowed page too.
    if (origin && originAllowed(req, origin, hostTenant, cors)) setCorsHeaders(res, origin, false);
    const body = await readBody(req, bodyLimit);
    const { claims, tenant } = await resolveCaller(req, deps, { clientAddress, hostTenant });
    if (origin && !originAllowed(req, origin, tenant, cors)) {
      res.removeHeader('access-control-allow-origin');
      throw forbidden('Origin not allowed');
    }
    refuse(await limiter.consumeCaller(claims.tenantId, claims.actor));
    const contextToken = await signContextToken(options.contextKeys, claims);
    if (development && req.method === 'GET' && (req.headers.accept ?? '').includes('text/html')) allowSandbox(res);
    let log: Logger | undefined;
    await executeGraphQL(apollo, req, res, body, async () => ({
      requestId,
      contextToken,
      tenantId: claims.tenantId,
      // Made on first use (an error to log): most requests log nothing; a pino child each was ~1 % of CPU.
      get log() {
        log ??= requestLogger(options.log, { requestId, tenantId: claims.tenantId, subgraph: 'gateway' });
        return log;
      },
    }));
  };

  const publicMetrics = !production && options.metricsPort === undefined;
  const server: Server = createServer(async (req, res) => {
    const requestId = requestIdOf(req);
    res.setHeader('x-request-id', requestId);
    setSecurityHeaders(res, { production });
    try {
      if (handleOpsRoute(req, res, { ready: subgraphsReady, metrics: publicMetrics })) return;
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (path === jwksPath && (req.method === 'GET' || req.method === 'HEAD')) return await serveJwks(req, res);
      const provider = webhookProviderOf(path);
      // Not IP-limited: every shop's deliveries come from the provider's few addresses.
      if (provider !== null) return await serveWebhook(req, res, { provider, requestId }, webhookRoute);
      if (path !== '/graphql') {
        sendGraphQLError(res, 404, 'NOT_FOUND', 'Not found', { requestId });
        return;
      }
      await serveGraphQL(req, res, requestId);
    } catch (error) {
      if (error instanceof MeridianError) {
        const retryAfter = error.extensions.retryAfter;
        sendGraphQLError(
          res,
          statusOf[error.code] ?? 400,
          error.code,
          error.message,
          { ...error.extensions, code: error.code, requestId },
          retryAfter ? { 'retry-after': String(retryAfter) } : {},
        );
        return;
      }
      if (error instanceof BodyTooLargeError) {
        // The rest of an oversized body is not read: close the connection rather than drain it.
        res.setHeader('connection', 'close');
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
  const ops =
    options.metricsPort === undefined
      ? null
      : await listenForOps(options, subgraphsReady).catch(async (error: unknown) => {
          // e.g. the port is taken: nothing of this gateway may stay up
          await new Promise<void>((resolve) => server.close(() => resolve()));
          await apollo.stop();
          await limiter.close();
          throw error;
        });
  return {
    port,
    url: `http://localhost:${port}/graphql`,
    ...(ops ? { metricsPort: (ops.address() as AddressInfo).port } : {}),
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      if (ops) await new Promise<void>((resolve) => ops.close(() => resolve()));
      await apollo.stop();
      await limiter.close();
    },
  };
}
