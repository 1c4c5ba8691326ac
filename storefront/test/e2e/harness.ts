import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { seedDemoData, type Tenant } from '@meridian/kit';
import { startTestSuite, type TestSuite } from '@meridian/supergraph/testing';
import { type Browser, chromium } from 'playwright-core';
// the suite's own wiring of the storefront's revalidation (what `npm start` uses), not exported as API
import {
  newRevalidateSecret,
  storefrontRevalidation,
  withStorefrontSubscribers,
} from '../../../supergraph/src/cli/storefront.ts';
import { defaultRateLimits } from '../../../supergraph/src/gateway/rate-limits.ts';
import { createAllSubgraphs } from '../../../supergraph/src/subgraphs.ts';

/**
 * The end-to-end harness: the whole backend on a fresh database (startTestSuite) with a demo tenant, the storefront
 * built once for the run and served by `next start` against it, and Debian's Chromium driven by playwright-core.
 */
const storefrontDir = resolve(import.meta.dirname, '../..');
const repoRoot = resolve(storefrontDir, '..');
const nextBin = join(repoRoot, 'node_modules', 'next', 'dist', 'bin', 'next');
/** A build folder of its own, so the tests never disturb the `npm start` build in .next. */
const distDir = '.next-e2e';
export const artifactsDir = join(storefrontDir, 'test-artifacts');

export interface Harness {
  backend: TestSuite;
  tenant: Tenant;
  /** `http://shop-xyz.localhost:PORT` */
  origin: string;
  browser: Browser;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
    server.on('error', fail);
  });
}

function next(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [nextBin, ...args], { cwd: storefrontDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
}

async function build(env: NodeJS.ProcessEnv): Promise<void> {
  const child = next(['build'], env);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const code = await new Promise<number>((done) => child.on('exit', (c) => done(c ?? 1)));
  if (code !== 0) throw new Error(`next build failed:\n${output.slice(-4000)}`);
}

export async function startHarness(): Promise<Harness> {
  mkdirSync(artifactsDir, { recursive: true });
  const secret = newRevalidateSecret();
  const port = await freePort();
  const storefrontUrl = `http://127.0.0.1:${port}/`;
  let tenants: TestSuite['suite']['platform']['tenants'] | null = null;
  const backend = await startTestSuite({
    // Every page render and server action reaches the gateway from the one storefront process on 127.0.0.1, so
    // the default per-address budget (1,200 a minute) is the whole run's: a slow CI machine spent it mid-journey.
    edge: { rateLimits: { ...defaultRateLimits, ip: { points: 1_000_000, durationSeconds: 60 } } },
    subgraphs: (deps) =>
      withStorefrontSubscribers(
        createAllSubgraphs(deps),
        storefrontRevalidation({ storefrontUrl: () => storefrontUrl, secret, tenants: () => tenants }),
      ),
  });
  tenants = backend.suite.platform.tenants;
  const slug = `shop${Date.now().toString(36)}`;
  const host = `${slug}.localhost`;
  const tenant = await backend.suite.platform.tenants.create({ slug, name: 'Test Outdoor Co.', hosts: [host] });
  await seedDemoData(backend.suite.platform.database, tenant, backend.suite.definitions);
  // demo stock arrives through inventory's answer to catalog.product.created
  for (let i = 0; i < 150; i++) {
    const r = await backend.call<{ products: { edges: { node: { inStock: boolean } }[] } }>(
      '{ products(first: 50, sort: NEWEST) { edges { node { inStock } } } }',
      { host },
    );
    if ((r.data?.products.edges ?? []).filter((e) => e.node.inStock).length >= 40) break;
    await new Promise((r2) => setTimeout(r2, 200));
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    MERIDIAN_NEXT_DIST_DIR: distDir,
    MERIDIAN_GATEWAY_URL: `http://127.0.0.1:${backend.suite.gateway.port}/graphql`,
    MERIDIAN_REVALIDATE_SECRET: secret,
    MERIDIAN_STOREFRONT_PUBLIC_PORT: String(port),
  };
  await build(env);
  const server = next(['start', '-p', String(port), '-H', 'localhost'], env);
  let log = '';
  server.stdout?.on('data', (c: Buffer) => {
    log += c.toString();
  });
  server.stderr?.on('data', (c: Buffer) => {
    log += c.toString();
  });
  for (let i = 0; ; i++) {
    if (server.exitCode !== null) throw new Error(`next start stopped:\n${log}`);
    if (
      await fetch(storefrontUrl).then(
        () => true,
        () => false,
      )
    )
      break;
    if (i > 150) throw new Error(`next start did not answer:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  return {
    backend,
    tenant,
    origin: `http://${host}:${port}`,
    browser,
    close: async () => {
      await browser.close().catch(() => {});
      server.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 200));
      if (server.exitCode === null) server.kill('SIGKILL');
      await backend.close();
    },
  };
}

/** A token for the test's own setup calls (stock changes), as the back-office would have. */
export async function staffToken(h: Harness, permissions: string[]): Promise<string> {
  return h.backend.tokenFor(h.tenant.id, { permissions });
}
