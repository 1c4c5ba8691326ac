import type { Database } from '../db/connect.ts';
import type { Subgraph } from '../subgraph/create-subgraph.ts';
import { seededModules } from './kit-tables.schema.ts';
import type { Tenant } from './tenant.ts';
import { withTenant } from './with-tenant.ts';

/**
 * Fills a tenant with each subgraph's demo data, once per subgraph (marked in `_seeded` in the same
 * transaction), so an interrupted first start finishes the job on the next one.
 */
export async function seedDemoData(
  database: Database,
  tenant: Tenant,
  subgraphs: Subgraph[],
  onProgress: (line: string) => void = () => {},
): Promise<void> {
  for (const subgraph of subgraphs) {
    const seed = subgraph.seedDemo;
    if (!seed) continue;
    const started = Date.now();
    const seeded = await withTenant(database, tenant, async (tx) => {
      const marked = await tx
        .insert(seededModules)
        .values({ module: `demo:${subgraph.name}` })
        .onConflictDoNothing()
        .returning();
      if (marked.length === 0) return false;
      await seed(tx, tenant);
      return true;
    });
    if (seeded) onProgress(`  demo data for ${subgraph.name} (${Date.now() - started} ms)`);
  }
}
