import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';

/** Where local state lives (embedded PostgreSQL, dev keys): the repo's git-ignored `.meridian` folder. */
const repoRoot = resolve(import.meta.dirname, '../../..');

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => v === undefined || protocols.some((p) => v.startsWith(`${p}://`)), {
      message: `must be a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}`,
    });

const secretKeysPattern = /^[A-Za-z0-9_-]+:[A-Za-z0-9+/_=-]+(,[A-Za-z0-9_-]+:[A-Za-z0-9+/_=-]+)*$/;

/** `10.0.0.1`, `::1`, `10.0.0.0/8` or `fd00::/8`. */
function isAddressOrRange(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

const port = z.coerce.number().int().min(1).max(65535);

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
  REDIS_URL: optionalUrl(['redis', 'rediss']),
  MERIDIAN_DATA_DIR: z.string().default(resolve(repoRoot, '.meridian')),
  EMBEDDED_PG_PORT: port.default(54329),
  GATEWAY_PORT: port.default(4000),
  SUBGRAPH_PORT_BASE: port.default(4100),
  /**
   * The gateway's private operations port (/metrics, /health, /ready) for a scraper the load balancer does not
   * route to. Unset: /metrics is on the gateway's port in development and nowhere in production.
   */
  METRICS_PORT: port.optional(),
  /** Port of a subgraph run on its own (one container per subgraph). */
  PORT: port.optional(),
  /**
   * Port `npm start` serves the storefront on. Links emailed for local tenant hosts (`*.localhost`) carry it,
   * since in development nothing answers on port 80; public hosts are served on the default https port.
   */
  STOREFRONT_PORT: port.default(3000),
  /** PKCS8 PEM of the Ed25519 key that signs internal context tokens; generated in the data folder when unset outside production. */
  CONTEXT_PRIVATE_KEY: z.string().optional(),
  /** SPKI PEM of the same key, for subgraphs that only verify. */
  CONTEXT_PUBLIC_KEY: z.string().optional(),
  /**
   * Keys that seal secrets at rest (MFA secrets, signing keys): `id1:base64key,id2:base64key`, each key 32
   * bytes. Old ids stay listed until every value sealed with them is re-sealed. Generated locally when unset
   * outside production.
   */
  SECRET_KEYS: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => v === undefined || secretKeysPattern.test(v), {
      message: 'must be id:base64key pairs separated by commas (ids of letters, digits, _ or -)',
    }),
  /** Which SECRET_KEYS id seals new values; optional when only one key is listed. */
  SECRET_KEY_ACTIVE: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v)),
  /** Outgoing mail server, e.g. `smtps://user:pass@smtp.example.com:465`; unset → mail is written to the data folder. */
  SMTP_URL: optionalUrl(['smtp', 'smtps']),
  MAIL_FROM: z.string().trim().min(3).default('Meridian <no-reply@meridian.localhost>'),
  /** Host names that serve the platform itself (no tenant); any other host must belong to a tenant. */
  PLATFORM_HOSTS: z
    .string()
    .default('localhost,127.0.0.1,::1')
    .transform((v) =>
      v
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
    ),
  /**
   * Proxies whose X-Forwarded-For the gateway believes: IP addresses and CIDR ranges, comma-separated;
   * empty trusts none. Loopback by default: the storefront's renderer calls the gateway from this machine
   * (`npm start`) and forwards the shopper's address. Add the load balancer's range (docs/adr/0015).
   */
  TRUSTED_PROXIES: z
    .string()
    .default('127.0.0.1,::1')
    .transform((v) =>
      v
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean),
    )
    .refine((list) => list.every(isAddressOrRange), {
      message: 'must be IP addresses or CIDR ranges (e.g. 10.0.0.0/8) separated by commas',
    }),
  MIGRATION_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
});

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  readonly issues: { variable: string; message: string }[];
  constructor(issues: { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  ${i.variable}: ${i.message}`).join('\n')}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

/** Parses the environment once; throws ConfigError naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = envSchema.safeParse(source);
  if (result.success) {
    const env = result.data;
    if (env.CONTEXT_PRIVATE_KEY && !env.CONTEXT_PUBLIC_KEY) {
      throw new ConfigError([
        { variable: 'CONTEXT_PUBLIC_KEY', message: 'required with CONTEXT_PRIVATE_KEY (subgraphs verify with it)' },
      ]);
    }
    if (env.NODE_ENV === 'production' && !env.CONTEXT_PRIVATE_KEY && !env.CONTEXT_PUBLIC_KEY) {
      throw new ConfigError([
        { variable: 'CONTEXT_PUBLIC_KEY', message: 'required in production (with CONTEXT_PRIVATE_KEY on the gateway)' },
      ]);
    }
    return env;
  }
  throw new ConfigError(
    result.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? '?'), message: issue.message })),
  );
}

let cached: Env | undefined;

/** The process environment, validated; an invalid value stops the process with a message naming the variable. */
export function env(): Env {
  if (cached) return cached;
  try {
    cached = parseEnv();
    return cached;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}
