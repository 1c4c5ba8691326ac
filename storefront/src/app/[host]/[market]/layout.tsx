import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { Providers } from '../../../components/providers.tsx';
import { publicOrigin } from '../../../lib/origin.ts';
import { storeOf } from '../../../lib/page.ts';
import type { SiteParams } from '../../../lib/site.ts';
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

/** Every store page: the document in the shopper's language, the tenant's theme, and the client-side roots. */
export default async function StoreRootLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<SiteParams>;
}) {
  const { site, tenant } = await storeOf(params);
  return (
    <html lang={site.market.locale}>
      <body>
        <Providers theme={{ name: tenant.name }} locale={site.market.locale}>
          {children}
        </Providers>
      </body>
    </html>
  );
}
