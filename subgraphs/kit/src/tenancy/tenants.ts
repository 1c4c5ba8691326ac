import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Database } from '../db/connect.ts';
import { parseId } from '../ids.ts';
import { type TenantStatus, tenantHosts, tenants } from './control.schema.ts';
import type { Tenant } from './tenant.ts';
import { bindTenant, type TenantTx } from './with-tenant.ts';

type TenantRow = typeof tenants.$inferSelect;

function toTenant(row: TenantRow, hosts: string[]): Tenant {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    status: row.status,
    cluster: row.cluster,
    schemaName: row.schemaName,
    roleName: row.roleName,
    schemaVersion: row.schemaVersion,
    settings: row.settings,
    hosts,
    lastError: row.lastError,
    createdAt: row.createdAt,
  };
}

async function withHosts(database: Database, rows: TenantRow[]): Promise<Tenant[]> {
  if (rows.length === 0) return [];
  const hostRows = await database.db
    .select()
    .from(tenantHosts)
    .where(
      inArray(
        tenantHosts.tenantId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(tenantHosts.host));
  return rows.map((row) =>
    toTenant(
      row,
      hostRows.filter((h) => h.tenantId === row.id).map((h) => h.host),
    ),
  );
}

export async function findTenantById(database: Database, id: string): Promise<Tenant | null> {
  if (!parseId('ten', id)) return null;
  const rows = await database.db.select().from(tenants).where(eq(tenants.id, id));
  return (await withHosts(database, rows))[0] ?? null;
}

export async function findTenantBySlug(database: Database, slug: string): Promise<Tenant | null> {
  const rows = await database.db.select().from(tenants).where(eq(tenants.slug, slug));
  return (await withHosts(database, rows))[0] ?? null;
}

/** The tenant a host name belongs to (ports and letter case ignored). */
export async function findTenantByHost(database: Database, host: string): Promise<Tenant | null> {
  const rows = await database.db
    .select({ tenant: tenants })
    .from(tenantHosts)
    .innerJoin(tenants, eq(tenants.id, tenantHosts.tenantId))
    .where(eq(tenantHosts.host, normaliseHost(host)));
  return (
    (
      await withHosts(
        database,
        rows.map((r) => r.tenant),
      )
    )[0] ?? null
  );
}

export function normaliseHost(host: string): string {
  return host.trim().toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
}

export interface TenantPage {
  tenants: Tenant[];
  hasNextPage: boolean;
}

/** Tenants in creation order (ULIDs sort by time), keyset-paginated. */
export async function listTenants(
  database: Database,
  options: { first?: number; after?: string; status?: TenantStatus } = {},
): Promise<TenantPage> {
  const first = Math.min(Math.max(options.first ?? 50, 1), 500);
  const filters = [
    options.after && parseId('ten', options.after) ? gt(tenants.id, options.after) : undefined,
    options.status ? eq(tenants.status, options.status) : undefined,
  ].filter((f) => f !== undefined);
  const rows = await database.db
    .select()
    .from(tenants)
    .where(filters.length ? and(...filters) : undefined)
    .orderBy(asc(tenants.id))
    .limit(first + 1);
  return { tenants: await withHosts(database, rows.slice(0, first)), hasNextPage: rows.length > first };
}

export async function setTenantStatus(
  database: Database,
  id: string,
  status: 'active' | 'suspended',
): Promise<Tenant | null> {
  if (!parseId('ten', id)) return null;
  const [row] = await database.db
    .update(tenants)
    .set({
      status,
      updatedAt: sql`now()`,
      suspendedAt: status === 'suspended' ? sql`now()` : null,
    })
    // A tenant still provisioning is neither suspended nor resumed: it becomes active only by completing.
    .where(and(eq(tenants.id, id), inArray(tenants.status, ['active', 'suspended'])))
    .returning();
  if (!row) return findTenantById(database, id);
  return (await withHosts(database, [row]))[0] ?? null;
}

export type TenantSettings = Record<string, unknown>;

/** A change to a tenant's settings, decided on the current value while its row is locked. */
export interface SettingsChange {
  /** The top-level keys to set (merged into the jsonb); throw to refuse, and nothing is written. */
  patch(current: TenantSettings): TenantSettings;
  /** Runs last in the same transaction, bound to the tenant (its audit record): both commit or neither. */
  inTenant?(tx: TenantTx, before: TenantSettings, after: TenantSettings): Promise<void>;
}

/**
 * Merges `change.patch` into the tenant's settings in one UPDATE. The row lock serialises concurrent
 * changes, so each patch is computed from the value the previous one left: nothing is lost.
 */
export async function updateTenantSettings(
  database: Database,
  id: string,
  change: SettingsChange,
): Promise<Tenant | null> {
  if (!parseId('ten', id)) return null;
  const row = await database.db.transaction(async (tx) => {
    const [current] = await tx.select().from(tenants).where(eq(tenants.id, id)).for('update');
    if (!current) return null;
    const patch = change.patch(current.settings);
    const [updated] = await tx
      .update(tenants)
      .set({ settings: sql`${tenants.settings} || ${JSON.stringify(patch)}::jsonb`, updatedAt: sql`now()` })
      .where(eq(tenants.id, id))
      .returning();
    if (!updated) return null;
    if (change.inTenant) {
      // The control row is written as the platform; from here on the tenant's own role writes its schema.
      await bindTenant(tx, current);
      await change.inTenant(tx, current.settings, updated.settings);
    }
    return updated;
  });
  return row ? ((await withHosts(database, [row]))[0] ?? null) : null;
}
