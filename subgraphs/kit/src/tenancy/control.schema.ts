import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgSchema, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { prefixedId } from '../ids.ts';

const tenantId = prefixedId('ten', 'Tenant');

/** The control plane: which tenants exist, where their data lives, and at which schema version. */
export const control = pgSchema('control');

export const tenantStatus = ['provisioning', 'active', 'suspended'] as const;
export type TenantStatus = (typeof tenantStatus)[number];

export const tenants = control.table('tenants', {
  id: tenantId('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  status: text('status', { enum: tenantStatus }).notNull().default('provisioning'),
  /** Which PostgreSQL cluster holds the tenant schema; large fleets are split across clusters. */
  cluster: text('cluster').notNull().default('default'),
  schemaName: text('schema_name').notNull().unique(),
  roleName: text('role_name').notNull().unique(),
  /** Latest applied migration per module, e.g. {"kit": "0001_outbox", "identity": "0000_init"}. */
  schemaVersion: jsonb('schema_version').$type<Record<string, string>>().notNull().default({}),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  lastError: text('last_error'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  provisionedAt: timestamp('provisioned_at', { withTimezone: true }),
  suspendedAt: timestamp('suspended_at', { withTimezone: true }),
});

export const tenantHosts = control.table(
  'tenant_hosts',
  {
    host: text('host').primaryKey(),
    tenantId: tenantId('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    isPrimary: boolean('is_primary').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('tenant_hosts_tenant_idx').on(t.tenantId)],
);

export const signingKeyStatus = ['active', 'retiring', 'retired'] as const;
export type SigningKeyStatus = (typeof signingKeyStatus)[number];

/**
 * Platform-wide Ed25519 keys that sign access tokens. One key is active (signs); after a rotation the
 * previous one is retiring (verifies only) until `retire_at`, then retired. JWKS lists active + retiring.
 */
export const signingKeys = control.table(
  'signing_keys',
  {
    /** RFC 7638 thumbprint of the public key. */
    kid: text('kid').primaryKey(),
    publicJwk: jsonb('public_jwk').$type<Record<string, unknown>>().notNull(),
    /** PKCS8 PEM sealed with the SecretBox; dropped once the key stops signing. */
    privateKey: text('private_key'),
    status: text('status', { enum: signingKeyStatus }).notNull().default('active'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    retireAt: timestamp('retire_at', { withTimezone: true }),
  },
  // At most one signing key at any time, whatever two processes do at once.
  (t) => [uniqueIndex('signing_keys_one_active_idx').on(t.status).where(sql`status = 'active'`)],
);
