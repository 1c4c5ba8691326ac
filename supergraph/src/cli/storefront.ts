import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineEvent, type Subgraph, type Subscriber, subscribe, type TenantDirectory } from '@meridian/kit';

/**
 * The storefront (storefront/, Next.js) as part of `npm start`: a production build (`next build`, redone only when
 * the storefront's or the design system's sources are newer than it), served by `next start`, pointed at the gateway.
 * Catalog, inventory and storefront-settings events reach it as signed POSTs to /api/revalidate, which re-generates the cached pages.
 */
const repoRoot = resolve(import.meta.dirname, '../../..');
const storefrontDir = join(repoRoot, 'storefront');
const nextBin = join(repoRoot, 'node_modules', 'next', 'dist', 'bin', 'next');

export interface RunningStorefront {
  url: string;
  stop(): Promise<void>;
}

function newestMtime(dir: string): number {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function run(args: string[], env: NodeJS.ProcessEnv, stdio: 'inherit' | 'ignore' | 'pipe'): ChildProcess {
  return spawn(process.execPath, [nextBin, ...args], { cwd: storefrontDir, env, stdio });
}

/** Builds when needed, then serves; resolves once the server answers. */
export async function startStorefront(options: {
  gatewayUrl: string;
  port: number;
  revalidateSecret: string;
  say: (line: string) => void;
}): Promise<RunningStorefront> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    MERIDIAN_GATEWAY_URL: options.gatewayUrl,
    MERIDIAN_REVALIDATE_SECRET: options.revalidateSecret,
    MERIDIAN_STOREFRONT_PUBLIC_PORT: String(options.port),
  };
  const buildId = join(storefrontDir, '.next', 'BUILD_ID');
  const built = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const sources = Math.max(
    newestMtime(join(storefrontDir, 'src')),
    newestMtime(join(repoRoot, 'design-system', 'src')),
  );
  if (sources > built) {
    options.say(
      built
        ? 'Storefront sources changed: rebuilding (next build)…'
        : 'First start: building the storefront (next build, about a minute)…',
    );
    const code = await new Promise<number>((done) => run(['build'], env, 'ignore').on('exit', (c) => done(c ?? 1)));
    if (code !== 0) throw new Error('storefront build failed: run `npm run build -w @meridian/storefront` to see why');
  }
  // -H localhost (which binds 127.0.0.1): with -H 127.0.0.1 Next 16's rewrites from src/proxy.ts hang
  const child = run(['start', '-p', String(options.port), '-H', 'localhost'], env, 'ignore');
  const url = `http://127.0.0.1:${options.port}/`;
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null)
      throw new Error(`the storefront stopped at start (exit ${child.exitCode}); is port ${options.port} free?`);
    const up = await fetch(url).then(
      () => true,
      () => false,
    );
    if (up) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

export function newRevalidateSecret(): string {
  return randomBytes(32).toString('base64url');
}

interface ProductEvent {
  productId?: string;
  productIds?: string[];
}
interface StockEvent {
  variantId: string;
  available: number;
}

const watched = {
  'catalog.product.created': defineEvent<ProductEvent>('catalog.product.created'),
  'catalog.product.updated': defineEvent<ProductEvent>('catalog.product.updated'),
  'catalog.product.archived': defineEvent<ProductEvent>('catalog.product.archived'),
  'catalog.price.changed': defineEvent<ProductEvent>('catalog.price.changed'),
  'inventory.stock-changed': defineEvent<StockEvent>('inventory.stock-changed'),
  // theme, currencies or locale: every page of the tenant (no ids; the storefront revalidates by host)
  'identity.storefront-settings.changed': defineEvent<ProductEvent>('identity.storefront-settings.changed'),
};

/**
 * One subscriber per event type that changes what the storefront shows: it posts the event's tenant, hosts and ids,
 * signed with HMAC-SHA256, to the storefront's /api/revalidate. A failed post is retried by the event runtime; the
 * storefront's 10-minute revalidation window is the safety net when it stays down.
 */
export function storefrontRevalidation(options: {
  storefrontUrl: () => string | null;
  secret: string;
  tenants: () => TenantDirectory | null;
}): Subscriber[] {
  return Object.entries(watched).map(([type, descriptor]) =>
    subscribe<ProductEvent & Partial<StockEvent>>(
      descriptor as ReturnType<typeof defineEvent<ProductEvent & Partial<StockEvent>>>,
      {
        name: `storefront.revalidate-${type.replace(/\./g, '-')}`,
        retry: { retryLimit: 3, retryDelaySeconds: 2 },
        handle: async (_tx, event) => {
          const base = options.storefrontUrl();
          if (!base) return;
          const tenant = await options.tenants()?.byId(event.tenantId);
          const payload = event.payload;
          const body = JSON.stringify({
            tenantId: event.tenantId,
            hosts: tenant?.hosts ?? [],
            type,
            productIds: payload.productIds ?? (payload.productId ? [payload.productId] : []),
            ...(payload.variantId ? { variantId: payload.variantId, available: payload.available } : {}),
          });
          const signature = `sha256=${createHmac('sha256', options.secret).update(body).digest('hex')}`;
          const response = await fetch(new URL('/api/revalidate', base), {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-meridian-signature': signature },
            body,
            signal: AbortSignal.timeout(5000),
          });
          if (!response.ok && response.status !== 503)
            throw new Error(`storefront revalidation answered ${response.status}`);
        },
      },
    ),
  );
}

/** The suite's subgraphs with the storefront's subscribers riding on the catalog's event runtime registration. */
export function withStorefrontSubscribers(subgraphs: Subgraph[], subscribers: Subscriber[]): Subgraph[] {
  return subgraphs.map((s) => (s.name === 'catalog' ? { ...s, subscribers: [...s.subscribers, ...subscribers] } : s));
}
