import { Heading, Link, Text } from '@meridian/design-system';
import type { Metadata } from 'next';
import NextLink from 'next/link';
import { ProductGrid } from '../../../../components/product-grid.tsx';
import { getHome } from '../../../../lib/catalog.ts';
import { storeOf } from '../../../../lib/page.ts';
import { toGridProducts } from '../../../../lib/product-card.ts';
import type { SiteParams } from '../../../../lib/site.ts';

// ISR: built on first visit per store and market, refreshed by catalog events (tags) or after 10 minutes
export const revalidate = 600;
export function generateStaticParams() {
  return [];
}

export async function generateMetadata({ params }: { params: Promise<SiteParams> }): Promise<Metadata> {
  const { tenant } = await storeOf(params);
  return { title: { absolute: tenant.name }, alternates: { canonical: '/' } };
}

/** Home: the featured collections (or, without any, the departments), then the newest products. */
export default async function HomePage({ params }: { params: Promise<SiteParams> }) {
  const { site, tenant, locale } = await storeOf(params);
  const home = await getHome(site);
  const collections = (home?.collections.edges ?? []).map((e) => e.node).filter((c) => c.products.edges.length > 0);
  const sections =
    collections.length > 0
      ? collections.map((c) => ({
          id: c.id,
          title: c.title,
          href: `/collections/${c.slug}`,
          products: c.products.edges,
        }))
      : (home?.departments.edges ?? [])
          .map((e) => e.node)
          .filter((d) => d.products.edges.length > 0)
          .map((d) => ({ id: d.id, title: d.title, href: `/c/${d.slug}`, products: d.products.edges }));
  const arrivals = toGridProducts((home?.newArrivals.edges ?? []).map((e) => e.node));
  return (
    <div className="sf-page sf-home">
      <section className="sf-hero" aria-labelledby="sf-hero-title">
        <Heading level={1} size="3xl" id="sf-hero-title">
          {tenant.name}
        </Heading>
        <Text size="lg">New arrivals every week, shipped in recycled packaging.</Text>
        <NextLink href="/search" className="mds-button sf-hero__cta" data-variant="primary" data-size="lg">
          Shop everything
        </NextLink>
      </section>
      <section aria-labelledby="sf-new" className="sf-section">
        <div className="sf-section__header">
          <Heading level={2} size="xl" id="sf-new">
            New arrivals
          </Heading>
        </div>
        <ProductGrid products={arrivals} locale={locale} priorityCount={2} />
      </section>
      {sections.map((section) => (
        <section key={section.id} aria-labelledby={`sf-${section.id}`} className="sf-section">
          <div className="sf-section__header">
            <Heading level={2} size="xl" id={`sf-${section.id}`}>
              {section.title}
            </Heading>
            <Link href={section.href}>
              See all<span className="mds-visually-hidden"> {section.title}</span>
            </Link>
          </div>
          <ProductGrid products={toGridProducts(section.products.map((e) => e.node))} locale={locale} />
        </section>
      ))}
    </div>
  );
}
