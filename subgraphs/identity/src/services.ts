import {
  createLoginThrottle,
  createMailer,
  createRateLimiter,
  createSigningKeyStore,
  type Database,
  type Env,
  type LoginThrottle,
  loadSecretBox,
  type Mailer,
  type RateLimiter,
  type SecretBox,
  type SigningKeyStore,
  type Tenant,
} from '@meridian/kit';

/** Where emailed links lead: the tenant's apps, which call the graph with the token. */
export interface IdentityLinks {
  invitation(tenant: Tenant, token: string): string;
  passwordReset(tenant: Tenant, token: string): string;
}

/**
 * What identity needs beyond the request context: the platform pool (to bind an operator's action
 * to another tenant) and the kit's security primitives. Built once per process from the platform.
 */
export interface IdentityServices {
  database: Database;
  signingKeys: SigningKeyStore;
  secretBox: SecretBox;
  mailer: Mailer;
  loginThrottle: LoginThrottle;
  /** Emails anyone may trigger (password resets) are limited per account, so nobody floods a mailbox. */
  mailThrottle: RateLimiter;
  links: IdentityLinks;
  /** Shown in authenticator apps next to the account. */
  totpIssuer: string;
}

export type IdentityServicesProvider = () => Promise<IdentityServices>;

/**
 * The tenant's public origin: https, except local names (`*.localhost`, `*.test`) over http; `*.localhost`
 * hosts are the development storefront, served on `localPort` (npm start: STOREFRONT_PORT).
 */
export function storefrontOrigin(tenant: Tenant, localPort: number | null): string {
  const host = tenant.hosts[0] ?? `${tenant.slug}.localhost`;
  const localhost = host === 'localhost' || host.endsWith('.localhost');
  const local = localhost || host.endsWith('.test');
  return `${local ? 'http' : 'https'}://${host}${localhost && localPort ? `:${localPort}` : ''}`;
}

/** Links to the storefront's account pages; `localPort` as in storefrontOrigin. */
export function storefrontLinks(localPort: number | null): IdentityLinks {
  const link = (tenant: Tenant, path: string, token: string) =>
    `${storefrontOrigin(tenant, localPort)}${path}?token=${encodeURIComponent(token)}`;
  return {
    invitation: (tenant, token) => link(tenant, '/account/accept-invitation', token),
    passwordReset: (tenant, token) => link(tenant, '/account/reset-password', token),
  };
}

/** The services from configuration; any of them can be given instead (tests pass a mailer to their SMTP server). */
export async function createIdentityServices(
  options: { database: Database; env: Env } & Partial<IdentityServices>,
): Promise<IdentityServices> {
  const { env, database } = options;
  const secretBox = options.secretBox ?? (await loadSecretBox(env));
  return {
    database,
    secretBox,
    signingKeys: options.signingKeys ?? createSigningKeyStore(database, secretBox),
    mailer: options.mailer ?? createMailer(env),
    loginThrottle: options.loginThrottle ?? createLoginThrottle({ redisUrl: env.REDIS_URL }),
    mailThrottle:
      options.mailThrottle ??
      createRateLimiter({ redisUrl: env.REDIS_URL, keyPrefix: 'identity-mail', points: 5, durationSeconds: 3600 }),
    links: options.links ?? storefrontLinks(env.STOREFRONT_PORT),
    totpIssuer: options.totpIssuer ?? 'Meridian',
  };
}

/** Closes the connections the services hold (throttle and mail sockets). */
export async function closeIdentityServices(services: IdentityServices): Promise<void> {
  await Promise.allSettled([services.loginThrottle.close(), services.mailThrottle.close(), services.mailer.close?.()]);
}

/** Resolves the provider once; a failure is retried on the next call rather than cached. */
export function memoiseProvider(provider: IdentityServicesProvider): IdentityServicesProvider {
  let pending: Promise<IdentityServices> | undefined;
  return () => {
    pending ??= provider().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

export const unconfiguredServices: IdentityServicesProvider = () =>
  Promise.reject(
    new Error(
      'identity services are not configured: pass createIdentitySubgraph({ services }) built with createIdentityServices({ database, env })',
    ),
  );
