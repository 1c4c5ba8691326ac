import { Footer, StorefrontLayout } from '@meridian/design-system';
import type { ReactNode } from 'react';
import { CurrencyPicker } from '../../../../components/currency-picker.tsx';
import { SiteHeader } from '../../../../components/site-header.tsx';
import { getNavigation } from '../../../../lib/catalog.ts';
import { storeOf } from '../../../../lib/page.ts';
import { currencyOf, type SiteParams } from '../../../../lib/site.ts';

/** The shop's frame: header with the category navigation and search, the page, the footer with the currency. */
export default async function ShopLayout({ children, params }: { children: ReactNode; params: Promise<SiteParams> }) {
  const { site, tenant } = await storeOf(params);
  const categories = (await getNavigation(site)) ?? [];
  return (
    <StorefrontLayout
      header={
        <SiteHeader
          storeName={tenant.name}
          navigation={categories.map((c) => ({ label: c.title, href: `/c/${c.slug}` }))}
        />
      }
      footer={
        <Footer
          storeName={tenant.name}
          columns={[
            { title: 'Shop', links: categories.map((c) => ({ label: c.title, href: `/c/${c.slug}` })) },
            {
              title: 'Your account',
              links: [
                { label: 'Sign in', href: '/account/sign-in' },
                { label: 'Create an account', href: '/account/sign-up' },
                { label: 'Orders', href: '/account/orders' },
                { label: 'Cart', href: '/cart' },
              ],
            },
          ]}
          bottom={
            tenant.currencies.length > 1 ? (
              <CurrencyPicker current={currencyOf(site.market, tenant)} currencies={tenant.currencies} />
            ) : undefined
          }
        />
      }
    >
      {children}
    </StorefrontLayout>
  );
}
