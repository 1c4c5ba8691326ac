import { request } from 'node:http';
import { type Actor, createLogger, generateContextKeys, parseEnv, signAccessTokenWith } from '@meridian/kit';
import { createTestDatabase, type TestDatabase } from '@meridian/kit/testing';
import { type Suite, type SuiteOptions, startSuite } from '../suite.ts';

export interface GatewayResult<T = Record<string, any>> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; [key: string]: unknown } }[];
}

export interface TestSuite {
  suite: Suite;
  testDatabase: TestDatabase;
  /** POST a GraphQL operation to the gateway as a browser on `host` would, optionally with a bearer token. */
  call<T = Record<string, any>>(
    query: string,
    options?: {
      variables?: Record<string, unknown>;
      host?: string;
      token?: string;
      headers?: Record<string, string>;
      /** Sent as is instead of the JSON of query and variables. */
      rawBody?: string;
      method?: string;
    },
  ): Promise<GatewayResult<T>>;
  /** An access token signed with the platform's active signing key, as identity would issue it. */
  tokenFor(
    tenantId: string | null,
    actor: Partial<Actor> & { permissions: string[] },
    expiresIn?: string,
  ): Promise<string>;
  operatorToken(): Promise<string>;
  close(): Promise<void>;
}

/** The whole backend (every subgraph + gateway) on a fresh database, on free ports. */
export async function startTestSuite(options: Pick<SuiteOptions, 'edge' | 'subgraphs'> = {}): Promise<TestSuite> {
  const testDatabase = await createTestDatabase();
  const env = parseEnv({ ...process.env, NODE_ENV: 'test' });
  const keys = { context: await generateContextKeys() };
  const suite = await startSuite({
    env,
    database: testDatabase.database,
    log: createLogger({ name: 'test' }),
    ephemeralPorts: true,
    keys,
    cacheName: `test-${testDatabase.name}`,
    ...(options.edge ? { edge: options.edge } : {}),
    ...(options.subgraphs ? { subgraphs: options.subgraphs } : {}),
  });
  const tokenFor: TestSuite['tokenFor'] = (tenantId, actor, expiresIn) =>
    signAccessTokenWith(
      suite.signingKeys,
      { tenantId, actor: { kind: 'user', userId: 'usr_test', ...actor } },
      expiresIn ? { expiresIn } : {},
    );
  return {
    suite,
    testDatabase,
    tokenFor,
    operatorToken: () => tokenFor(null, { permissions: ['platform:tenants'] }),
    call: (query, options = {}) =>
      new Promise((resolve, reject) => {
        const body = options.rawBody ?? JSON.stringify({ query, variables: options.variables });
        const req = request(
          {
            host: '127.0.0.1',
            port: suite.gateway.port,
            path: '/graphql',
            method: options.method ?? 'POST',
            headers: {
              host: options.host ?? 'localhost',
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
              ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
              ...options.headers,
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              // A preflight (204) or HEAD answer has no body.
              if (text === '') return resolve({ status: res.statusCode ?? 0, headers: res.headers });
              try {
                resolve({ status: res.statusCode ?? 0, headers: res.headers, ...JSON.parse(text) });
              } catch {
                reject(new Error(`gateway answered ${res.statusCode} with non-JSON: ${text.slice(0, 200)}`));
              }
            });
          },
        );
        req.on('error', reject);
        req.end(body);
      }),
    close: async () => {
      await suite.close();
      await testDatabase.drop();
    },
  };
}
