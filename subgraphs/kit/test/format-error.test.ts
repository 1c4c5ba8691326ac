import { ApolloServer, HeaderMap } from '@apollo/server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RequestContext } from '../src/context/request-context.ts';
import { notFound } from '../src/errors.ts';
import { createLogger, requestLogger } from '../src/log.ts';
import { errorMaskingPlugin, formatError, maskError } from '../src/subgraph/format-error.ts';

const typeDefs = /* GraphQL */ `
  type Query {
    ok: String
    boom: String
    missing: String
    both: [String]
  }
`;
const resolvers = {
  Query: {
    ok: () => 'ok',
    boom: () => {
      throw new Error('connect ECONNREFUSED 10.0.0.5:5432');
    },
    missing: () => {
      throw notFound('Product');
    },
  },
};

let raw: string[] = [];
let lines: Record<string, unknown>[] = [];
const base = createLogger({
  name: 'test',
  level: 'info',
  destination: {
    write: (line: string) => {
      raw.push(line);
      lines.push(JSON.parse(line));
    },
  },
});

const contextFor = (requestId: string): RequestContext => ({
  requestId,
  subgraph: 'catalog',
  tenant: null,
  cache: {} as RequestContext['cache'],
  internal: {} as RequestContext['internal'],
  actor: { kind: 'anonymous', permissions: [] },
  clientAddress: undefined,
  log: requestLogger(base, { requestId, tenantId: 'ten_01', subgraph: 'catalog' }),
  db: null,
  loaders: new Map(),
  tenants: {} as RequestContext['tenants'], // not used by error masking
});

const server = new ApolloServer<RequestContext>({ typeDefs, resolvers, plugins: [errorMaskingPlugin()], formatError });
beforeAll(() => server.start());
afterAll(() => server.stop());
beforeEach(() => {
  raw = [];
  lines = [];
});

async function run(query: string, requestId = 'req-1') {
  const response = await server.executeOperation({ query }, { contextValue: contextFor(requestId) });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  return response.body.singleResult;
}

describe('errorMaskingPlugin', () => {
  it('masks an unexpected error as INTERNAL and logs it once under the same request id', async () => {
    const result = await run('{ ok boom }', 'req-internal');
    expect(result.data).toEqual({ ok: 'ok', boom: null });
    expect(result.errors).toEqual([
      {
        message: 'Internal error',
        path: ['boom'],
        locations: [{ line: 1, column: 6 }],
        extensions: { code: 'INTERNAL', requestId: 'req-internal' },
      },
    ]);
    expect(JSON.stringify(result)).not.toContain('10.0.0.5');
    const errorLines = lines.filter((line) => line.level === 50);
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toMatchObject({
      requestId: 'req-internal',
      tenantId: 'ten_01',
      subgraph: 'catalog',
      path: ['boom'],
      err: { message: 'connect ECONNREFUSED 10.0.0.5:5432' },
    });
    expect(raw[0]?.match(/"requestId"/g)).toHaveLength(1);
  });

  it('masks on its own, without the formatError safety net', async () => {
    const bare = new ApolloServer<RequestContext>({ typeDefs, resolvers, plugins: [errorMaskingPlugin()] });
    await bare.start();
    const response = await bare.executeOperation({ query: '{ boom }' }, { contextValue: contextFor('req-bare') });
    await bare.stop();
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    expect(response.body.singleResult.errors).toEqual([
      expect.objectContaining({ message: 'Internal error', extensions: { code: 'INTERNAL', requestId: 'req-bare' } }),
    ]);
    expect(lines.filter((line) => line.requestId === 'req-bare')).toHaveLength(1);
  });

  it('lets a public MeridianError through with its code and message', async () => {
    const result = await run('{ missing }');
    expect(result.errors).toEqual([
      expect.objectContaining({ message: 'Product not found', extensions: { code: 'NOT_FOUND', requestId: 'req-1' } }),
    ]);
    expect(lines).toHaveLength(0);
  });

  it('turns validation and parse failures into BAD_USER_INPUT without an error log', async () => {
    const invalid = await run('{ nope }');
    expect(invalid.errors?.[0]).toMatchObject({
      message: expect.stringContaining('Cannot query field "nope"'),
      extensions: { code: 'BAD_USER_INPUT', requestId: 'req-1' },
    });
    const unparsable = await run('{ ok ');
    expect(unparsable.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(lines).toHaveLength(0);
  });

  it('masks errors thrown while building the context (formatError safety net)', async () => {
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: 'POST',
        headers: new HeaderMap([['content-type', 'application/json']]),
        search: '',
        body: { query: '{ ok }' },
      },
      context: async () => {
        throw new Error('token key at /secret/path unreadable');
      },
    });
    if (response.body.kind !== 'complete') throw new Error('expected a complete body');
    expect(JSON.parse(response.body.string)).toEqual({
      errors: [{ message: 'Internal error', extensions: { code: 'INTERNAL' } }],
    });
  });
});

describe('maskError', () => {
  it('adds the request id to the logged line when the logger lacks it', () => {
    const formatted = maskError(new Error('kaboom'), 'req-9', base);
    expect(formatted).toEqual({ message: 'Internal error', extensions: { code: 'INTERNAL', requestId: 'req-9' } });
    expect(lines).toEqual([
      expect.objectContaining({ level: 50, requestId: 'req-9', err: expect.objectContaining({ message: 'kaboom' }) }),
    ]);
  });

  it('passes persisted-query protocol errors through untouched', () => {
    const formatted = { message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } };
    expect(maskError(formatted, 'req-2', base, formatted)).toBe(formatted);
  });
});
