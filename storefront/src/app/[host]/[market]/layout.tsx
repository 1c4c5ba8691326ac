import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { Providers } from '../../../components/providers.tsx';
import { publicOrigin } from '../../../lib/origin.ts';
import { storeOf } from '../../../lib/page.ts';
import { localeOf, type SiteParams } from '../../../lib/site.ts';
import '../../storefront.css';

export async function generateMetadata({ params }: { params: Promise<SiteParams> }): Promise<Metadata> {
  const { site, tenant } = await storeOf(params);
  return {
    metadataBase: new URL(publicOrigin(site.host)),
    title: { default: tenant.name, template: `%s | ${tenant.name}` },
    description: `Shop ${tenant.name} online.`,
    applicationName: tenant.name,
    icons: { icon: '/favicon.svg' },
    openGraph: { siteName: tenant.name, type: 'website' },
    robots: { index: true, follow: true },
  };
}

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#ffffff' };

/**
 * Every store page: the document in the shopper's locale (the tenant's when the browser names none we know), the
 * tenant's theme (ThemeProvider server-renders it as CSS variables, so the first paint wears it; a refused theme
 * falls back to the default look), and the client-side roots.
 */
export default async function StoreRootLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<SiteParams>;
}) {
  const { site, tenant } = await storeOf(params);
  return (
    <html lang={localeOf(site.market, tenant)}>
      <body>
        <Providers theme={tenant.theme} locale={localeOf(site.market, tenant)} currency={tenant.defaultCurrency}>
          {children}
        </Providers>
      </body>
    </html>
  );
}
