import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createLogger } from '@meridian/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { supergraphPath } from '../src/compose/compose.ts';
import { type GatewayOptions, type RunningGateway, startGateway } from '../src/gateway/gateway.ts';
import { startTestSuite, type TestSuite } from '../src/testing/test-suite.ts';

/**
 * The gateway's HTTP edge: CORS from tenant hosts, security headers, and what development alone gets
 * (sandbox, introspection, localhost origins) or production alone gets (HSTS, https-only origins). The
 * development and production gateways run in front of the same subgraphs as the test suite's.
 */
let t: TestSuite;
const extra: RunningGateway[] = [];

beforeAll(async () => {
  t = await startTestSuite();
  await t.suite.platform.tenants.create({ slug: 'acme', name: 'Acme', hosts: ['shop.acme.test', 'admin.acme.test'] });
  await t.suite.platform.tenants.create({ slug: 'globex', name: 'Globex', hosts: ['shop.globex.test'] });
});
afterAll(async () => {
  for (const gateway of extra) await gateway.close();
  await t?.close();
});

async function gatewayIn(mode: GatewayOptions['mode'], more: Partial<GatewayOptions> = {}): Promise<RunningGateway> {
  const gateway = await startGateway({
    ...more,
    supergraphSdl: readFileSync(supergraphPath, 'utf8'),
    subgraphUrls: Object.fromEntries(t.suite.subgraphs.map((s) => [s.name, s.url])),
    contextKeys: t.suite.platform.keys,
    signingKeys: t.suite.signingKeys,
    tenants: t.suite.platform.tenants,
    platformHosts: t.suite.platform.env.PLATFORM_HOSTS,
    log: createLogger({ name: 'test', level: 'silent' }),
    mode,
    port: 0,
  });
  extra.push(gateway);
  return gateway;
}

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

function send(
  port: number,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string },
) {
  return new Promise<Raw>((resolve, reject) => {
    const body = options.body ?? '';
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: options.path ?? '/graphql',
        method: options.method ?? 'POST',
        headers: { host: 'localhost', 'content-length': Buffer.byteLength(body), ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString() }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const preflight = (port: number, host: string, origin: string) =>
  send(port, {
    method: 'OPTIONS',
    headers: {
      host,
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type',
    },
  });

const query = (q: string) => JSON.stringify({ query: q });
const json = { 'content-type': 'application/json' };

describe('CORS', () => {
  it("allows a preflight from the tenant's own hosts, on its host and on the platform host", async () => {
    const port = t.suite.gateway.port;
    for (const [host, origin] of [
      ['shop.acme.test', 'http://shop.acme.test:3000'],
      ['shop.acme.test', 'https://admin.acme.test'],
      ['localhost', 'https://shop.globex.test'],
    ] as const) {
      const res = await preflight(port, host, origin);
      expect(res.status, `${origin} → ${host}`).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe(origin);
      expect(res.headers['access-control-allow-methods']).toContain('POST');
      expect(res.headers['access-control-allow-headers']).toContain('authorization');
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
      expect(res.headers.vary).toContain('Origin');
    }
  });

  it('refuses a preflight from any other origin, with no CORS headers', async () => {
    const port = t.suite.gateway.port;
    for (const [host, origin] of [
      ['shop.acme.test', 'https://evil.test'],
      ['shop.acme.test', 'https://shop.globex.test'],
      ['shop.acme.test', 'null'],
      ['localhost', 'https://evil.test'],
      // localhost origins are for development only
      ['localhost', 'http://localhost:3000'],
    ] as const) {
      const res = await preflight(port, host, origin);
      expect(res.status, `${origin} → ${host}`).toBe(403);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect(JSON.parse(res.text).errors[0].extensions.code).toBe('FORBIDDEN');
    }
  });

  it("answers an allowed origin with its CORS headers, and refuses a request from an origin not the tenant's", async () => {
    const allowed = await t.call('{ currentTenant { slug } }', {
      host: 'shop.acme.test',
      headers: { origin: 'https://shop.acme.test' },
    });
    expect(allowed.data?.currentTenant).toEqual({ slug: 'acme' });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://shop.acme.test');
    expect(allowed.headers['access-control-expose-headers']).toContain('retry-after');

    const foreign = await t.call('{ currentTenant { slug } }', {
      host: 'shop.acme.test',
      headers: { origin: 'https://evil.test' },
    });
    expect(foreign.status).toBe(403);
    expect(foreign.errors?.[0]).toMatchObject({ message: 'Origin not allowed', extensions: { code: 'FORBIDDEN' } });
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();

    // On the platform host the token names the tenant: another tenant's page may not use it.
    const acme = await t.suite.platform.tenants.bySlug('acme');
    const token = await t.tokenFor(acme!.id, { permissions: ['*'] });
    const crossTenant = await t.call('{ currentTenant { slug } }', {
      token,
      headers: { origin: 'https://shop.globex.test' },
    });
    expect(crossTenant.status).toBe(403);
    expect(crossTenant.headers['access-control-allow-origin']).toBeUndefined();
    const ownPage = await t.call('{ currentTenant { slug } }', {
      token,
      headers: { origin: 'https://admin.acme.test' },
    });
    expect(ownPage.data?.currentTenant).toEqual({ slug: 'acme' });
  });

  it('lets same-origin requests through (a page served by the gateway host itself)', async () => {
    const result = await t.call('{ currentTenant { slug } }', { headers: { origin: 'http://localhost' } });
    expect(result.status).toBe(200);
  });
});

describe('security headers', () => {
  it('sends them on answers, refusals and unknown paths alike', async () => {
    const port = t.suite.gateway.port;
    const responses = [
      await send(port, { headers: json, body: query('{ currentTenant { slug } }') }),
      await send(port, {
        headers: { ...json, authorization: 'Bearer nope' },
        body: query('{ currentTenant { slug } }'),
      }),
      await send(port, { path: '/nowhere', method: 'GET' }),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 401, 404]);
    for (const res of responses) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['content-security-policy']).toContain("default-src 'none'");
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['strict-transport-security']).toBeUndefined();
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('keeps a sane caller-supplied request id and replaces anything else', async () => {
    const port = t.suite.gateway.port;
    const body = query('{ currentTenant { slug } }');
    const kept = await send(port, { headers: { ...json, 'x-request-id': 'trace-1234567890' }, body });
    expect(kept.headers['x-request-id']).toBe('trace-1234567890');
    const replaced = await send(port, { headers: { ...json, 'x-request-id': 'bad id <script>' }, body });
    expect(replaced.headers['x-request-id']).not.toContain('script');
  });
});

describe('development and production gateways', () => {
  it('in development: serves the sandbox, allows introspection and localhost origins', async () => {
    const dev = await gatewayIn('development');
    const page = await send(dev.port, { method: 'GET', headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('embeddable-sandbox');
    expect(page.headers['content-security-policy']).toBe("frame-ancestors 'none'");
    const schema = await send(dev.port, { headers: json, body: query('{ __schema { queryType { name } } }') });
    expect(JSON.parse(schema.text).data.__schema.queryType.name).toBe('Query');
    expect((await preflight(dev.port, 'localhost', 'http://localhost:3000')).status).toBe(204);
  });

  it('in production: HSTS, no sandbox, no introspection, https origins only', async () => {
    const prod = await gatewayIn('production');
    const page = await send(prod.port, { method: 'GET', headers: { accept: 'text/html' } });
    expect(page.text).not.toContain('embeddable-sandbox');
    expect(page.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    const schema = await send(prod.port, { headers: json, body: query('{ __schema { queryType { name } } }') });
    expect(JSON.parse(schema.text).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await preflight(prod.port, 'shop.acme.test', 'http://shop.acme.test')).status).toBe(403);
    expect((await preflight(prod.port, 'shop.acme.test', 'https://shop.acme.test')).status).toBe(204);
    // operations data is not for the public: no /metrics on the public port (health and readiness stay)
    expect((await send(prod.port, { method: 'GET', path: '/metrics' })).status).toBe(404);
    expect((await send(prod.port, { method: 'GET', path: '/health' })).status).toBe(200);
  });

  it('serves /metrics, /health and /ready on the private METRICS_PORT listener only, when one is set', async () => {
    const gateway = await gatewayIn('production', { metricsPort: 0 });
    const ops = gateway.metricsPort as number;
    expect(ops).toBeGreaterThan(0);
    expect(ops).not.toBe(gateway.port);
    const metrics = await send(ops, { method: 'GET', path: '/metrics' });
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('# TYPE');
    expect((await send(ops, { method: 'GET', path: '/ready' })).status).toBe(200);
    expect((await send(ops, { method: 'GET', path: '/graphql' })).status).toBe(404);
    expect((await send(gateway.port, { method: 'GET', path: '/metrics' })).status).toBe(404);
    const development = await gatewayIn('development', { metricsPort: 0 });
    expect((await send(development.port, { method: 'GET', path: '/metrics' })).status).toBe(404);
  });
});
