import type { ApolloServerPlugin } from '@apollo/server';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { clientCodeOf } from './subgraph/format-error.ts';

/**
 * The process's own registry (not prom-client's global one), so a library that registers on the global
 * default can't collide with or leak into what /metrics serves.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

export const graphqlDuration = new Histogram({
  name: 'meridian_graphql_request_duration_seconds',
  help: 'GraphQL request duration, from request start to response sent.',
  labelNames: ['subgraph', 'operation'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const graphqlErrors = new Counter({
  name: 'meridian_graphql_errors_total',
  help: 'GraphQL errors by the code the client sees.',
  labelNames: ['subgraph', 'code'] as const,
  registers: [registry],
});

export const cacheRequests = new Counter({
  name: 'meridian_cache_requests_total',
  help: 'Cache lookups by cache, level (l1 in-process, l2 Redis) and result.',
  labelNames: ['cache', 'level', 'result'] as const,
  registers: [registry],
});

export function recordCacheRequest(cache: string, level: 'l1' | 'l2', result: 'hit' | 'miss'): void {
  cacheRequests.inc({ cache, level, result });
}

/** Reports queue name → waiting jobs; called on every scrape. */
export type QueueDepthCollector = () => Promise<Record<string, number>> | Record<string, number>;
const queueDepthCollectors = new Set<QueueDepthCollector>();

/** Adds a collector; returns the function that removes it (call it when the queue shuts down). */
export function registerQueueDepthCollector(collect: QueueDepthCollector): () => void {
  queueDepthCollectors.add(collect);
  return () => queueDepthCollectors.delete(collect);
}

export const eventQueueDepth = new Gauge({
  name: 'meridian_event_queue_depth',
  help: 'Jobs waiting per event queue, read at scrape time.',
  labelNames: ['queue'] as const,
  registers: [registry],
  async collect() {
    this.reset(); // a queue that disappeared must not keep its last value
    for (const collect of queueDepthCollectors) {
      try {
        for (const [queue, depth] of Object.entries(await collect())) this.set({ queue }, depth);
      } catch {
        // A failing collector (database down) must not break the whole scrape; the gap shows in the graph.
      }
    }
  },
});

/**
 * Operation names come from clients, so they are an unbounded label: keep the first few hundred distinct
 * names and count the rest as 'other' rather than let a client grow the registry without limit.
 */
const maxOperationNames = 500;
const seenOperations = new Set<string>();
function operationLabel(name: string | null | undefined): string {
  if (!name) return 'anonymous';
  if (seenOperations.has(name)) return name;
  if (seenOperations.size >= maxOperationNames || name.length > 100) return 'other';
  seenOperations.add(name);
  return name;
}

/** Records each request's duration and each error, labelled with the code the client receives. */
export function metricsPlugin(subgraph: string): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ operationName, errors }) {
          graphqlDuration.observe(
            { subgraph, operation: operationLabel(operationName) },
            (performance.now() - started) / 1000,
          );
          for (const error of errors ?? []) graphqlErrors.inc({ subgraph, code: clientCodeOf(error) });
        },
      };
    },
  };
}

/** The text exposition for GET /metrics. */
export function metricsText(): Promise<string> {
  return registry.metrics();
}

export const metricsContentType = registry.contentType;
