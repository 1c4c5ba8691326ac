import 'server-only';
import type { TenantTheme } from '@meridian/design-system';
import { unstable_cache } from 'next/cache';
import { cache } from 'react';
import { graphql } from '../__generated__/gql.ts';
import type { CurrentTenantQuery as CurrentTenantData } from '../__generated__/graphql.ts';
import { tags } from './cache-tags.ts';
import { execute } from './graphql-client.ts';
import { toTenantTheme } from './theme.ts';

const CurrentTenantQuery = graphql(`
  query CurrentTenant {
    currentTenant {
      id
      slug
      name
      storefront {
        currencies
        defaultCurrency
        locale
        theme {
          brandColour
          brandColourDark
          accentColour
          logoUrl
          logoAlt
          fontFamily
          fontStylesheet
          radius
        }
      }
    }
  }
`);

export interface StoreTenant {
  id: string;
  slug: string;
  name: string;
  /** ISO 4217 codes the shop sells in, the default first. */
  currencies: string[];
  defaultCurrency: string;
  /** BCP 47: numbers, dates and money are formatted this way unless the shopper's browser names a locale we know. */
  locale: string;
  /** The design system's theme (ThemeProvider checks it again and keeps the default look when it is refused). */
  theme: TenantTheme;
}

/** Seconds before a host's tenant and settings are read again: theme or currency changes show within this. */
export const TENANT_REVALIDATE_SECONDS = 300;

type GraphTenant = NonNullable<CurrentTenantData['currentTenant']>;

function toStoreTenant(tenant: GraphTenant): StoreTenant {
  const { currencies, defaultCurrency, locale, theme } = tenant.storefront;
  return {
    id: tenant.id,
    slug: tenant.slug,
    name: tenant.name,
    currencies: currencies.length > 0 ? [...currencies] : [defaultCurrency],
    defaultCurrency,
    locale,
    theme: toTenantTheme(tenant.name, theme),
  };
}

/**
 * The tenant served at a host name, with its storefront settings (currencies, locale, theme), or null when the
 * gateway knows no such host (the storefront then answers 404). Cached per host under `h:<host>`; settings are not
 * announced by an event, so a change shows after TENANT_REVALIDATE_SECONDS (or at once with that tag revalidated).
 */
export const getTenant = cache(async (host: string): Promise<StoreTenant | null> => {
  const load = unstable_cache(
    async (h: string) => {
      const result = await execute({ host: h }, CurrentTenantQuery, {});
      if (result.error) {
        if (result.error.codes.includes('NOT_FOUND')) return null;
        throw result.error;
      }
      return result.data.currentTenant ? toStoreTenant(result.data.currentTenant) : null;
    },
    ['tenant-by-host'],
    { tags: [tags.host(host)], revalidate: TENANT_REVALIDATE_SECONDS },
  );
  return load(host);
});
