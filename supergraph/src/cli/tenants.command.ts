import { createTenantDirectory, ensureControlPlane, MeridianError } from '@meridian/kit';
import { createAllSubgraphs, tenantModulesOf } from '../subgraphs.ts';
import { openRuntime, say } from './runtime.ts';

export async function tenantsCommand(
  args: string[],
  options: { name: string | undefined; hosts: string[] },
): Promise<number> {
  const [action, slug] = args;
  const { opened } = await openRuntime();
  try {
    await ensureControlPlane(opened.database);
    const tenants = createTenantDirectory(opened.database, tenantModulesOf(createAllSubgraphs()));
    switch (action) {
      case 'list': {
        let after: string | undefined;
        say(['SLUG', 'STATUS', 'NAME', 'HOSTS', 'ID'].join('\t'));
        for (;;) {
          const page = await tenants.list({ first: 200, ...(after ? { after } : {}) });
          for (const t of page.tenants) say([t.slug, t.status, t.name, t.hosts.join(','), t.id].join('\t'));
          if (!page.hasNextPage) break;
          after = page.tenants.at(-1)?.id;
        }
        return 0;
      }
      case 'create': {
        if (!slug) throw new Error('usage: meridian tenants create <slug> [--name NAME] [--host HOST ...]');
        const tenant = await tenants.create(
          { slug, name: options.name ?? slug, hosts: options.hosts.length ? options.hosts : [`${slug}.localhost`] },
          { onProgress: (s, step, detail) => say(`  ${s}: ${step}${detail ? ` (${detail})` : ''}`) },
        );
        say(`Tenant ${tenant.slug} is ${tenant.status} (${tenant.id}), served at ${tenant.hosts.join(', ')}`);
        return 0;
      }
      case 'suspend':
      case 'resume': {
        if (!slug) throw new Error(`usage: meridian tenants ${action} <slug>`);
        const found = await tenants.bySlug(slug);
        if (!found) throw new Error(`No tenant ${slug}`);
        const updated = await tenants.setStatus(found.id, action === 'suspend' ? 'suspended' : 'active');
        say(`Tenant ${slug} is ${updated?.status}`);
        return 0;
      }
      default:
        throw new Error('usage: meridian tenants list|create|suspend|resume');
    }
  } catch (error) {
    if (error instanceof MeridianError) {
      say(`${error.code}: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await opened.close();
  }
}
