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

function originOf(tenant: Tenant): string {
  const host = tenant.hosts[0] ?? `${tenant.slug}.localhost`;
  const local = host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.test');
  return `${local ? 'http' : 'https'}://${host}`;
}

export const defaultLinks: IdentityLinks = {
  invitation: (tenant, token) => `${originOf(tenant)}/account/accept-invitation?token=${encodeURIComponent(token)}`,
  passwordReset: (tenant, token) => `${originOf(tenant)}/account/reset-password?token=${encodeURIComponent(token)}`,
};

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
    links: options.links ?? defaultLinks,
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
