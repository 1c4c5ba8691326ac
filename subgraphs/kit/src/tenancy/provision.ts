import { eq, inArray, sql } from 'drizzle-orm';
import type postgres from 'postgres';
import { type Database, quoteIdent } from '../db/connect.ts';
import { badUserInput, conflict } from '../errors.ts';
import { applyMigrations } from '../migrations/apply.ts';
import { tenantHosts, tenants } from './control.schema.ts';
import { ensureControlPlane, kitTenantModule } from './control-plane.ts';
import { seededModules } from './kit-tables.schema.ts';
import type { TenantModule } from './module.ts';
import { slugPattern, type Tenant, tenantNames } from './tenant.ts';
import { findTenantBySlug, normaliseHost } from './tenants.ts';
import { withTenant } from './with-tenant.ts';

export interface ProvisionInput {
  slug: string;
  name: string;
  hosts?: string[];
}

export type ProvisionStep = 'record' | 'role' | 'migrations' | 'defaults' | 'activate';

export interface ProvisionOptions {
  onProgress?: (tenant: string, step: ProvisionStep, detail?: string) => void;
  /** Test hook: called before each step; throwing simulates a crash at that point. */
  beforeStep?: (step: ProvisionStep) => void | Promise<void>;
}

/** Tenant-role grants, re-applied after every migration so new tables are covered. */
export async function grantTenantRole(
  tx: postgres.TransactionSql,
  schema: string,
  role: string,
  appendOnlyTables: string[],
): Promise<void> {
  const s = quoteIdent(schema);
  const r = quoteIdent(role);
  await tx.unsafe(`grant usage on schema ${s} to ${r}`);
  await tx.unsafe(`grant select, insert, update, delete on all tables in schema ${s} to ${r}`);
  await tx.unsafe(`grant usage, select, update on all sequences in schema ${s} to ${r}`);
  await tx.unsafe(`revoke insert, update, delete, truncate on ${s}._migrations from ${r}`);
  for (const table of appendOnlyTables) {
    await tx.unsafe(`revoke update, delete, truncate on ${s}.${quoteIdent(table)} from ${r}`);
  }
}

export function modulesWithKit(modules: TenantModule[]): TenantModule[] {
  return [kitTenantModule, ...modules.filter((m) => m.name !== kitTenantModule.name)];
}

/** Applies every module's pending migrations to one tenant schema and refreshes the role's grants. */
export async function migrateTenantSchema(
  database: Database,
  tenant: { id: string; schemaName: string; roleName: string },
  modules: TenantModule[],
): Promise<{ applied: string[]; versions: Record<string, string> }> {
  const all = modulesWithKit(modules);
  const appendOnly = all.flatMap((m) => m.appendOnlyTables ?? []);
  const result = await applyMigrations(
    database.sql,
    tenant.schemaName,
    all.map((m) => m.migrations),
    { afterStatements: (tx) => grantTenantRole(tx, tenant.schemaName, tenant.roleName, appendOnly) },
  );
  await database.db
    .update(tenants)
    .set({ schemaVersion: result.versions, updatedAt: sql`now()` })
    .where(eq(tenants.id, tenant.id));
  return result;
}

/**
 * Creates a tenant: control record, role, schema, every module's migrations and default data, then
 * marks it active. Every step is idempotent, so running it again after a crash finishes the job, and
 * running it for a tenant that is complete changes nothing. Until it completes, the tenant is not served.
 */
export async function provisionTenant(
  database: Database,
  modules: TenantModule[],
  input: ProvisionInput,
  options: ProvisionOptions = {},
): Promise<Tenant> {
  const slug = input.slug.trim().toLowerCase();
  if (!slugPattern.test(slug)) {
    throw badUserInput(
      'slug must be 1-40 lowercase letters, digits or dashes, not starting or ending with a dash',
      'slug',
    );
  }
  if (!input.name.trim()) throw badUserInput('name must not be empty', 'name');
  const progress = (step: ProvisionStep, detail?: string) => options.onProgress?.(slug, step, detail);
  const step = async (name: ProvisionStep) => {
    await options.beforeStep?.(name);
    progress(name);
  };
  await ensureControlPlane(database);

  await step('record');
  const hosts = (input.hosts ?? []).map(normaliseHost);
  // Refuse a taken host before anything is written, so a conflict leaves no half-made tenant.
  const taken = hosts.length
    ? await database.db
        .select({ host: tenantHosts.host, slug: tenants.slug })
        .from(tenantHosts)
        .innerJoin(tenants, eq(tenants.id, tenantHosts.tenantId))
        .where(inArray(tenantHosts.host, hosts))
    : [];
  const takenByOther = taken.find((row) => row.slug !== slug);
  if (takenByOther) throw conflict(`host ${takenByOther.host} already belongs to another tenant`);

  const fresh = tenantNames();
  const record = await database.db.transaction(async (tx) => {
    await tx
      .insert(tenants)
      .values({ id: fresh.id, slug, name: input.name.trim(), schemaName: fresh.schemaName, roleName: fresh.roleName })
      .onConflictDoNothing({ target: tenants.slug });
    const [row] = await tx
      .select({ id: tenants.id, status: tenants.status })
      .from(tenants)
      .where(eq(tenants.slug, slug));
    if (!row) throw new Error(`tenant ${slug} vanished while provisioning`);
    if (row.status !== 'provisioning') return row;
    for (const [index, host] of hosts.entries()) {
      const inserted = await tx
        .insert(tenantHosts)
        .values({ host, tenantId: row.id, isPrimary: index === 0 })
        .onConflictDoNothing({ target: tenantHosts.host })
        .returning();
      const [owner] = inserted.length
        ? inserted
        : await tx.select().from(tenantHosts).where(eq(tenantHosts.host, host));
      // Lost a race for the host: roll back the record too.
      if (owner && owner.tenantId !== row.id) throw conflict(`host ${host} already belongs to another tenant`);
    }
    return row;
  });
  const found = await findTenantBySlug(database, slug);
  if (!found) throw new Error(`tenant ${slug} vanished while provisioning`);
  if (record.status !== 'provisioning') return found;
  const tenant = found;

  try {
    await step('role');
    await database.sql.begin(async (tx) => {
      // Roles are cluster-wide; the lock serialises two provisioners of the same tenant.
      await tx`select pg_advisory_xact_lock(hashtext(${`meridian.provision.${tenant.id}`}))`;
      const [existing] = await tx`select 1 from pg_roles where rolname = ${tenant.roleName}`;
      if (!existing) await tx.unsafe(`create role ${quoteIdent(tenant.roleName)} nologin`);
      // Lets the application role switch to it (needed when the app is not a superuser, e.g. RDS).
      await tx.unsafe(`grant ${quoteIdent(tenant.roleName)} to current_user`);
      await tx.unsafe(`create schema if not exists ${quoteIdent(tenant.schemaName)}`);
    });

    await step('migrations');
    const migrated = await migrateTenantSchema(database, tenant, modules);
    progress('migrations', `${migrated.applied.length} applied`);

    await step('defaults');
    for (const module of modules) {
      if (!module.seedDefaults) continue;
      const seed = module.seedDefaults;
      await withTenant(database, tenant, async (tx) => {
        const inserted = await tx
          .insert(seededModules)
          .values({ module: module.name })
          .onConflictDoNothing()
          .returning();
        // Same transaction as the data: either both are there, or neither.
        if (inserted.length > 0) await seed(tx, tenant);
      });
    }

    await step('activate');
    await database.db
      .update(tenants)
      .set({ status: 'active', lastError: null, provisionedAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(tenants.id, tenant.id));
  } catch (error) {
    await database.db
      .update(tenants)
      .set({ lastError: (error as Error).message, updatedAt: sql`now()` })
      .where(eq(tenants.id, tenant.id))
      .catch(() => {});
    throw error;
  }
  const done = await findTenantBySlug(database, slug);
  if (!done) throw new Error(`tenant ${slug} vanished while provisioning`);
  return done;
}
