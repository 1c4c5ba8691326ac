// @meridian/kit: the one shared runtime. Business code imports from here, never from postgres/ioredis.

export {
  type Address,
  type AddressErrorCodes,
  type AddressInput,
  addressErrorCodes,
  checkAddress,
  isCountryCode,
} from './address.ts';
export { auditLog } from './audit/audit.schema.ts';
export {
  type AuditChainReport,
  type AuditLogFilter,
  type AuditRecord,
  listAuditLog,
  verifyAuditChain,
} from './audit/audit-log.ts';
export { type AuditContext, type AuditEntry, recordAudit } from './audit/record-audit.ts';
export {
  type AccessClaims,
  signAccessToken,
  signAccessTokenWith,
  verifyAccessToken,
  verifyAccessTokenWith,
} from './auth/access-token.ts';
export { applyPermissions } from './authz/apply-permissions.ts';
export * from './authz/permissions.ts';
export * from './authz/rules.ts';
export * from './cache/index.ts';
export { type ContextKeys, generateContextKeys, loadContextKeys, loadKeyPair } from './context/keys.ts';
export type { Actor, ContextClaims, RequestContext, TenantDb } from './context/request-context.ts';
export { CONTEXT_HEADER, signContextToken, verifyContextToken } from './context/token.ts';
export { connectDatabase, type Database, type Drizzle } from './db/connect.ts';
export { EmbeddedPostgresError } from './db/embedded.ts';
export { type OpenedDatabase, openDatabase, redact } from './db/open.ts';
export { createMailer, linksIn, type Mailer, type MailerEnv, type MailMessage } from './email/mailer.ts';
export { ConfigError, type Env, env, parseEnv } from './env.ts';
export * from './errors.ts';
export * from './events/index.ts';
export { type Connection, pageSize, toConnection } from './graphql/connection.ts';
export { mergeResolvers } from './graphql/merge-resolvers.ts';
export { DateTimeScalar } from './graphql/scalars.ts';
export { BodyTooLargeError, executeGraphQL, readBody, readRawBody, sendGraphQLError } from './http/graphql-http.ts';
export { handleOpsRoute } from './http/health.ts';
export { idToUuid, newId, newUlid, parseId, prefixedId, uuidToId } from './ids.ts';
export { createInternalClient, type InternalClient, type InternalResult } from './internal/internal-client.ts';
export { loaderFor, referenceResolver } from './loaders.ts';
export { createLogger, type Logger, requestLogger } from './log.ts';
export {
  metricsPlugin,
  metricsText,
  recordCacheRequest,
  registerQueueDepthCollector,
  registry as metricsRegistry,
} from './metrics.ts';
export { applyMigrations, MigrationError } from './migrations/apply.ts';
export { type FanOutReport, migrateAllTenants } from './migrations/fan-out.ts';
export { loadMigrations, type Migration, type MigrationSet } from './migrations/load.ts';
export * from './money.ts';
export { idempotencyKeyUsed, previousResult, recordIdempotentResult } from './mutations/idempotency.ts';
export {
  mutate,
  Problems,
  Rejection,
  read,
  refuse,
  reject,
  sqlStateOf,
  tenantDb,
  uniqueViolation,
} from './mutations/mutation.ts';
export type { Platform } from './platform.ts';
export { type PeriodicJob, type PeriodicJobsHandle, startPeriodicJobs } from './scheduler/periodic-jobs.ts';
export {
  addressKey,
  createLoginThrottle,
  type LoginAttempt,
  type LoginCheck,
  type LoginThrottle,
  loginThrottlePolicy,
} from './security/login-throttle.ts';
export {
  checkPasswordPolicy,
  hashPassword,
  maxPasswordLength,
  minPasswordLength,
  type PasswordPolicyResult,
  verifyPassword,
} from './security/passwords.ts';
export {
  createRateLimiter,
  type RateLimitDecision,
  type RateLimiter,
  type RateLimitOptions,
} from './security/rate-limit.ts';
export {
  createSecretBox,
  loadSecretBox,
  parseSecretKeys,
  type SecretBox,
  SecretBoxError,
} from './security/secret-box.ts';
export { createSigningKeyStore, type SigningKeyStore } from './security/signing-keys.ts';
export {
  generateRecoveryCodes,
  generateTotpSecret,
  hashRecoveryCode,
  matchTotpStep,
  normaliseRecoveryCode,
  type TotpCodeOptions,
  totpCode,
  totpQrCodeDataUrl,
  totpUri,
  verifyTotp,
} from './security/totp.ts';
export {
  createSubgraph,
  loadTypeDefs,
  type Resolvers,
  type Subgraph,
  type SubgraphConfig,
} from './subgraph/create-subgraph.ts';
export { errorMaskingPlugin, formatError, maskError } from './subgraph/format-error.ts';
export { runStandalone } from './subgraph/run-standalone.ts';
export { type RunningServer, serveSubgraph } from './subgraph/serve.ts';
export {
  type WebhookHandler,
  type WebhookHandlers,
  type WebhookRequest,
  type WebhookResponse,
  webhookProviderOf,
} from './subgraph/webhooks.ts';
export { ensureControlPlane, kitTenantModule } from './tenancy/control-plane.ts';
export { createTenantDirectory, type TenantDirectory } from './tenancy/directory.ts';
export type { TenantModule } from './tenancy/module.ts';
export { migrateTenantSchema, type ProvisionInput, type ProvisionStep, provisionTenant } from './tenancy/provision.ts';
export { seedDemoData } from './tenancy/seed-demo.ts';
export { defaultCurrencies, defaultLocale, tenantCurrencies, tenantLocale } from './tenancy/settings.ts';
export { slugPattern, type Tenant, type TenantBinding, type TenantStatus } from './tenancy/tenant.ts';
export { normaliseHost, type SettingsChange, type TenantSettings } from './tenancy/tenants.ts';
export { type TenantTx, withTenant } from './tenancy/with-tenant.ts';
