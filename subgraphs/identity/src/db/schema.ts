import { sql } from 'drizzle-orm';
import { bigint, boolean, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
// The kit's id column directly, not the package index: drizzle-kit loads this file as CommonJS, where the
// index (env.ts reads import.meta.dirname) cannot load. Same module instance at run time.
import { prefixedId } from '../../../kit/src/ids.ts';

const userId = prefixedId('usr', 'User');
const roleId = prefixedId('rol', 'Role');
const sessionId = prefixedId('ses', 'Session');
const apiClientId = prefixedId('apc', 'API client');
const addressId = prefixedId('adr', 'Address');

const at = (name: string) => timestamp(name, { withTimezone: true });
const createdAt = () => at('created_at').notNull().defaultNow();

export interface UserSettings {
  theme?: 'system' | 'light' | 'dark';
  density?: 'comfortable' | 'compact';
  emailNotifications?: boolean;
}

/** Staff and storefront customers of one tenant. Email is stored lower-cased: one account per address. */
export const users = pgTable(
  'users',
  {
    id: userId('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull().default(''),
    kind: text('kind', { enum: ['staff', 'customer'] }).notNull(),
    status: text('status', { enum: ['invited', 'active', 'deactivated'] }).notNull(),
    passwordHash: text('password_hash'),
    passwordChangedAt: at('password_changed_at'),
    locale: text('locale').notNull().default('en'),
    timeZone: text('time_zone').notNull().default('UTC'),
    settings: jsonb('settings').$type<UserSettings>().notNull().default({}),
    /** Customers only: the price group catalog prices them by (its price lists' `customerGroup`); null = public. */
    customerGroup: text('customer_group'),
    /** TOTP secret sealed by the kit SecretBox (`v1.<keyId>.…`); set once enrolment is confirmed. */
    mfaSecret: text('mfa_secret'),
    /** Sealed secret of an enrolment that has not been confirmed with a code yet. */
    mfaPendingSecret: text('mfa_pending_secret'),
    mfaEnabledAt: at('mfa_enabled_at'),
    /** Last accepted TOTP time step: a code is accepted once (RFC 6238 §5.2). */
    mfaLastStep: bigint('mfa_last_step', { mode: 'number' }),
    lastSignInAt: at('last_sign_in_at'),
    deactivatedAt: at('deactivated_at'),
    createdAt: createdAt(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_email_key').on(t.email), index('users_kind_idx').on(t.kind, t.id)],
);

/** Built-in roles (permissions come from the kit registry at run time) and the tenant's custom roles. */
export const roles = pgTable(
  'roles',
  {
    id: roleId('id').primaryKey(),
    key: text('key').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    /** Custom roles only; a built-in role's permissions are read from the registry so upgrades apply. */
    permissions: text('permissions').array().notNull().default([]),
    builtIn: boolean('built_in').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('roles_key_key').on(t.key)],
);

export const userRoles = pgTable(
  'user_roles',
  {
    userId: userId('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    roleId: roleId('role_id')
      .notNull()
      .references(() => roles.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.roleId] }), index('user_roles_role_idx').on(t.roleId)],
);

/** A sign-in: one refresh-token family. Revoking it ends every token of the family. */
export const sessions = pgTable(
  'sessions',
  {
    id: sessionId('id').primaryKey(),
    userId: userId('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['active', 'revoked'] })
      .notNull()
      .default('active'),
    /** A second factor was proven in this session. */
    mfa: boolean('mfa').notNull().default(false),
    clientAddress: text('client_address'),
    createdAt: createdAt(),
    lastUsedAt: at('last_used_at').notNull().defaultNow(),
    expiresAt: at('expires_at').notNull(),
    revokedAt: at('revoked_at'),
    revokedReason: text('revoked_reason'),
  },
  (t) => [index('sessions_user_idx').on(t.userId, t.status)],
);

/** Opaque refresh tokens, stored as sha256; each is used once and replaced (rotation). */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    sessionId: sessionId('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['active', 'rotated'] })
      .notNull()
      .default('active'),
    createdAt: createdAt(),
    usedAt: at('used_at'),
    expiresAt: at('expires_at').notNull(),
  },
  (t) => [index('refresh_tokens_session_idx').on(t.sessionId)],
);

/** Single-use, expiring tokens sent by email (invitations, password resets), stored as sha256. */
export const userTokens = pgTable(
  'user_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: userId('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: ['invitation', 'password_reset'] }).notNull(),
    createdAt: createdAt(),
    expiresAt: at('expires_at').notNull(),
    usedAt: at('used_at'),
  },
  (t) => [index('user_tokens_user_idx').on(t.userId, t.purpose)],
);

/** MFA recovery codes, stored as sha256 of the normalised code; each works once. */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    userId: userId('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    createdAt: createdAt(),
    usedAt: at('used_at'),
  },
  (t) => [primaryKey({ columns: [t.userId, t.codeHash] })],
);

/** Third-party apps using client credentials; the secret is random (256 bits), so sha256 is enough. */
export const apiClients = pgTable(
  'api_clients',
  {
    id: apiClientId('id').primaryKey(),
    name: text('name').notNull(),
    secretHash: text('secret_hash').notNull(),
    /** Last characters of the secret, so people can tell secrets apart without seeing them. */
    secretHint: text('secret_hint').notNull(),
    scopes: text('scopes').array().notNull().default([]),
    status: text('status', { enum: ['active', 'revoked'] })
      .notNull()
      .default('active'),
    idempotencyKey: text('idempotency_key'),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: at('updated_at').notNull().defaultNow(),
    secretRotatedAt: at('secret_rotated_at'),
    revokedAt: at('revoked_at'),
    lastUsedAt: at('last_used_at'),
  },
  (t) => [uniqueIndex('api_clients_idempotency_key').on(t.idempotencyKey)],
);

/** The tenant's identity policy: one row, keyed `tenant`. */
export const securityPolicy = pgTable('security_policy', {
  key: text('key').primaryKey(),
  requireMfaForStaff: boolean('require_mfa_for_staff').notNull().default(false),
  allowCustomerSignUp: boolean('allow_customer_sign_up').notNull().default(true),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

/** A signed-in customer's saved addresses (checked by the kit's address rules); at most one default each. */
export const customerAddresses = pgTable(
  'customer_addresses',
  {
    id: addressId('id').primaryKey(),
    userId: userId('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    company: text('company'),
    line1: text('line1').notNull(),
    line2: text('line2'),
    city: text('city').notNull(),
    /** ISO 3166-2 subdivision code without the country part (CA for California). */
    region: text('region'),
    postalCode: text('postal_code'),
    /** ISO 3166-1 alpha-2. */
    country: text('country').notNull(),
    phone: text('phone'),
    isDefault: boolean('is_default').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('customer_addresses_user_idx').on(t.userId, t.id),
    // Whatever two requests do at once, a customer never has two defaults.
    uniqueIndex('customer_addresses_one_default_idx').on(t.userId).where(sql`is_default`),
  ],
);
