import type { Database } from '../db/connect.ts';
import type { TenantModule } from '../tenancy/module.ts';
import { migrateTenantSchema, modulesWithKit } from '../tenancy/provision.ts';
import { listTenants } from '../tenancy/tenants.ts';
import type { Tenant } from '../tenancy/tenant.ts';

export interface FanOutReport {
  total: number;
  /** Tenants skipped because their recorded schema version was already the latest. */
  upToDate: number;
  migrated: { slug: string; applied: string[] }[];
  failed: { slug: string; error: string }[];
}

export interface FanOutOptions {
  concurrency: number;
  onProgress?: (line: { done: number; total: number; slug: string; ok: boolean; detail: string }) => void;
}

function latestVersions(modules: TenantModule[]): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const module of modulesWithKit(modules)) {
    const last = module.migrations.migrations.at(-1);
    if (last) versions[module.migrations.module] = last.tag;
  }
  return versions;
}

function sameVersions(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(b);
  return keys.length === Object.keys(a).length && keys.every((k) => a[k] === b[k]);
}

async function allTenants(database: Database): Promise<Tenant[]> {
  const all: Tenant[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await listTenants(database, { first: 500, ...(after ? { after } : {}) });
    all.push(...page.tenants);
    if (!page.hasNextPage) return all;
    after = page.tenants.at(-1)?.id;
  }
}

/**
 * Applies pending migrations to every provisioned tenant with bounded concurrency. A failure on one
 * tenant is recorded and the others go on; running it again resumes (each tenant's history says what
 * is done). Tenants still provisioning are left to their provisioning run, which applies everything.
 */
export async function migrateAllTenants(
  database: Database,
  modules: TenantModule[],
  options: FanOutOptions,
): Promise<FanOutReport> {
  const all = (await allTenants(database)).filter((t) => t.status !== 'provisioning');
  // A tenant whose recorded versions already match every module's latest migration has nothing to do;
  // skipping it keeps a start-up over thousands of tenants to one query instead of one transaction each.
  const target = latestVersions(modules);
  const tenants = all.filter((t) => !sameVersions(t.schemaVersion, target));
  const report: FanOutReport = { total: all.length, upToDate: all.length - tenants.length, migrated: [], failed: [] };
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < tenants.length) {
      const tenant = tenants[next++] as Tenant;
      try {
        const { applied } = await migrateTenantSchema(database, tenant, modules);
        report.migrated.push({ slug: tenant.slug, applied });
        done++;
        options.onProgress?.({ done, total: tenants.length, slug: tenant.slug, ok: true, detail: `${applied.length} applied` });
      } catch (error) {
        const message = (error as Error).message;
        report.failed.push({ slug: tenant.slug, error: message });
        done++;
        options.onProgress?.({ done, total: tenants.length, slug: tenant.slug, ok: false, detail: message });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, tenants.length)) }, worker));
  return report;
}
