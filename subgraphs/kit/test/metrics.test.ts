import { ApolloServer } from '@apollo/server';
import { register as globalRegistry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notFound } from '../src/errors.ts';
import { metricsPlugin, metricsText, recordCacheRequest, registerQueueDepthCollector } from '../src/metrics.ts';

const server = new ApolloServer({
  typeDefs: 'type Query { ok: String, missing: String, boom: String }',
  resolvers: {
    Query: {
      ok: () => 'ok',
      missing: () => {
        throw notFound('Order');
      },
      boom: () => {
        throw new Error('kaboom');
      },
    },
  },
  plugins: [metricsPlugin('catalog')],
});
beforeAll(() => server.start());
afterAll(() => server.stop());

describe('metrics', () => {
  it('records request duration by subgraph and operation, and errors by client code', async () => {
    await server.executeOperation({ query: 'query ListThings { ok }' });
    await server.executeOperation({ query: '{ ok }' });
    await server.executeOperation({ query: 'query Broken { missing boom }' });
    await server.executeOperation({ query: '{ nope }' });
    const text = await metricsText();
    expect(text).toContain('# TYPE meridian_graphql_request_duration_seconds histogram');
    expect(text).toMatch(
      /meridian_graphql_request_duration_seconds_count\{subgraph="catalog",operation="ListThings"\} 1/,
    );
    expect(text).toMatch(
      /meridian_graphql_request_duration_seconds_count\{subgraph="catalog",operation="anonymous"\} 2/,
    );
    expect(text).toMatch(
      /meridian_graphql_request_duration_seconds_bucket\{le="\+Inf",subgraph="catalog",operation="Broken"\} 1/,
    );
    expect(text).toContain('meridian_graphql_errors_total{subgraph="catalog",code="NOT_FOUND"} 1');
    expect(text).toContain('meridian_graphql_errors_total{subgraph="catalog",code="INTERNAL"} 1');
    expect(text).toContain('meridian_graphql_errors_total{subgraph="catalog",code="BAD_USER_INPUT"} 1');
  });

  it('counts cache lookups and reads queue depth at scrape time', async () => {
    recordCacheRequest('product', 'l1', 'hit');
    recordCacheRequest('product', 'l1', 'hit');
    recordCacheRequest('product', 'l2', 'miss');
    let depth = 7;
    const unregister = registerQueueDepthCollector(async () => ({ 'order.paid': depth, 'stock.moved': 0 }));
    const unregisterBroken = registerQueueDepthCollector(() => {
      throw new Error('database down'); // must not break the scrape
    });

    let text = await metricsText();
    expect(text).toContain('meridian_cache_requests_total{cache="product",level="l1",result="hit"} 2');
    expect(text).toContain('meridian_cache_requests_total{cache="product",level="l2",result="miss"} 1');
    expect(text).toContain('meridian_event_queue_depth{queue="order.paid"} 7');
    expect(text).toContain('meridian_event_queue_depth{queue="stock.moved"} 0');

    depth = 3;
    expect(await metricsText()).toContain('meridian_event_queue_depth{queue="order.paid"} 3');
    unregister();
    unregisterBroken();
    text = await metricsText();
    expect(text).not.toContain('queue="order.paid"');
  });

  it('includes default process metrics and stays off the global registry', async () => {
    const text = await metricsText();
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_heap_size_used_bytes');
    expect(await globalRegistry.getSingleMetric('meridian_graphql_errors_total')).toBeUndefined();
  });
});
