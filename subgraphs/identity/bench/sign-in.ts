/**
 * `npm run bench -w @meridian/identity`: what signing in costs, in figures.
 *
 *   a. argon2id alone (the kit's cost: m = 19 MiB, t = 2, p = 1): hash and verify;
 *   b. `signIn` through the identity subgraph over HTTP (throttle check, user lookup, argon2 verify,
 *      session + refresh token + audit record in one transaction, EdDSA access token), sequential: p50/p95;
 *   c. the same at concurrency 8, eight different users (argon2 runs queue up on a small machine): p50/p95,
 *      throughput;
 *   d. `refreshSession` (no argon2): p50/p95.
 *
 * Needs a PostgreSQL (DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/test); creates and drops its
 * own database. MERIDIAN_BENCH_N sets the number of sign-ins (default 200).
 */
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { hashPassword, verifyPassword } from '@meridian/kit';
import { authFields, signInMutation, startIdentity, strongPassword } from '../test/identity-harness.ts';

const n = Number(process.env.MERIDIAN_BENCH_N ?? 200);
process.env.MERIDIAN_TEST_DATABASE_URL ??= process.env.DATABASE_URL;
if (!process.env.MERIDIAN_TEST_DATABASE_URL) throw new Error('set DATABASE_URL to a PostgreSQL server to benchmark on');

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function summary(label: string, samples: number[], wallMs?: number) {
  const sorted = [...samples].sort((a, b) => a - b);
  const line = `${label}: n=${samples.length} p50=${percentile(sorted, 50).toFixed(1)}ms p95=${percentile(sorted, 95).toFixed(1)}ms max=${(sorted.at(-1) ?? 0).toFixed(1)}ms`;
  process.stdout.write(`${line}${wallMs ? ` throughput=${((samples.length / wallMs) * 1000).toFixed(1)}/s` : ''}\n`);
}

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await work();
  return [performance.now() - started, result];
}

async function load(count: number, concurrency: number, work: () => Promise<unknown>) {
  const samples: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < count) samples.push((await timed(work))[0]);
    }),
  );
  return { samples, wallMs: performance.now() - started };
}

process.stdout.write(
  `identity sign-in benchmark on ${cpus().length} CPU(s) (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}\n`,
);
process.stdout.write('argon2id cost: m=19456 KiB (19 MiB), t=2, p=1 (kit/src/security/passwords.ts)\n');

const hash = await hashPassword(strongPassword);
summary('a. argon2id hash', (await load(50, 1, () => hashPassword(strongPassword))).samples);
summary('a. argon2id verify', (await load(50, 1, () => verifyPassword(hash, strongPassword))).samples);

const h = await startIdentity();
try {
  const emails = Array.from({ length: 8 }, (_, i) => `bench${i}@acme.test`);
  for (const email of emails) await h.createUser({ email, roles: ['admin'] });
  const client = h.t.asAnonymous();
  let turn = 0;
  const signIn = async () => {
    const email = emails[turn++ % emails.length];
    const result = await client.request<{ signIn: { tokens: { refreshToken: string } | null } }>(signInMutation, {
      input: { email, password: strongPassword },
    });
    if (!result.data?.signIn.tokens) throw new Error(`sign-in failed: ${JSON.stringify(result)}`);
    return result.data.signIn.tokens.refreshToken;
  };
  await load(10, 1, signIn);
  summary('b. signIn sequential', (await load(n, 1, signIn)).samples);
  const concurrent = await load(n, 8, signIn);
  summary('c. signIn concurrency 8', concurrent.samples, concurrent.wallMs);

  let token = await signIn();
  const refresh = async () => {
    const result = await client.request<{ refreshSession: { tokens: { refreshToken: string } } }>(
      `mutation($t: String!) { refreshSession(input: { refreshToken: $t }) { ${authFields} } }`,
      { t: token },
    );
    token = result.data!.refreshSession.tokens.refreshToken;
  };
  summary('d. refreshSession sequential', (await load(n, 1, refresh)).samples);
} finally {
  await h.close();
}
