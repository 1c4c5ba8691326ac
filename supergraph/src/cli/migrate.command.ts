import { createTenantDirectory, ensureControlPlane, migrateAllTenants } from '@meridian/kit';
import { createAllSubgraphs, tenantModulesOf } from '../subgraphs.ts';
import { openRuntime, say } from './runtime.ts';

/** Applies pending migrations to every tenant; failures are reported per tenant and don't stop the rest. */
export async function migrateCommand(): Promise<number> {
  const { env, opened } = await openRuntime();
  try {
    await ensureControlPlane(opened.database);
    const modules = tenantModulesOf(createAllSubgraphs());
    const tenants = createTenantDirectory(opened.database, modules);
    const unfinished = await tenants.list({ status: 'provisioning', first: 500 });
    for (const tenant of unfinished.tenants) {
      say(`Resuming provisioning of ${tenant.slug}`);
      await tenants.create({ slug: tenant.slug, name: tenant.name }).catch((e: Error) => say(`  failed: ${e.message}`));
    }
    const report = await migrateAllTenants(opened.database, modules, {
      concurrency: env.MIGRATION_CONCURRENCY,
      onProgress: ({ done, total, slug, ok, detail }) =>
        say(`[${done}/${total}] ${slug}: ${ok ? detail : `FAILED ${detail}`}`),
    });
    say(
      `${report.migrated.length} migrated, ${report.upToDate} already up to date, ${report.failed.length} failed (of ${report.total})`,
    );
    for (const failure of report.failed) say(`  ${failure.slug}: ${failure.error}`);
    return report.failed.length > 0 ? 1 : 0;
  } finally {
    await opened.close();
  }
}
