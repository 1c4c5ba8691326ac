import type { Database } from '../db/connect.ts';
import type { TenantModule } from '../tenancy/module.ts';
import { migrateTenantSchema } from '../tenancy/provision.ts';
import { listTenants } from '../tenancy/tenants.ts';
import type { Tenant } from '../tenancy/tenant.ts';

export interface FanOutReport {
  total: number;
  migrated: { slug: string; applied: string[] }[];
  failed: { slug: string; error: string }[];
}

export interface FanOutOptions {
  concurrency: number;
  onProgress?: (line: { done: number; total: number; slug: string; ok: boolean; detail: string }) => void;
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
  const tenants = (await allTenants(database)).filter((t) => t.status !== 'provisioning');
  const report: FanOutReport = { total: tenants.length, migrated: [], failed: [] };
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
