import 'server-only';
import { unstable_cache } from 'next/cache';
import { cache } from 'react';
import { graphql } from '../__generated__/gql.ts';
import { tags } from './cache-tags.ts';
import { execute } from './graphql-client.ts';

const CurrentTenantQuery = graphql(`
  query CurrentTenant {
    currentTenant {
      id
      slug
      name
    }
  }
`);

export interface StoreTenant {
  id: string;
  slug: string;
  name: string;
}

/**
 * The tenant served at a host name, or null when the gateway knows no such host (the storefront then answers 404).
 * Cached per host; theme settings are not in the graph yet, so every store uses the default theme with its name.
 */
export const getTenant = cache(async (host: string): Promise<StoreTenant | null> => {
  const load = unstable_cache(
    async (h: string) => {
      const result = await execute({ host: h }, CurrentTenantQuery, {});
      if (result.error) {
        if (result.error.codes.includes('NOT_FOUND')) return null;
        throw result.error;
      }
      return result.data.currentTenant ?? null;
    },
    ['tenant-by-host'],
    { tags: [tags.host(host)], revalidate: 300 },
  );
  return load(host);
});
