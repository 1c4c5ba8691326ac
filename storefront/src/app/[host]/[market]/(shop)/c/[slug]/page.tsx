import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Listing } from '../../../../../../components/listing.tsx';
import { getCategory } from '../../../../../../lib/catalog.ts';
import { readListingState, type SearchParams } from '../../../../../../lib/listing.ts';
import { storeOf } from '../../../../../../lib/page.ts';
import type { SiteParams } from '../../../../../../lib/site.ts';

type Props = { params: Promise<SiteParams & { slug: string }>; searchParams: Promise<SearchParams> };

const plain = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { site } = await storeOf(params);
  const { slug } = await params;
  const category = await getCategory(site, slug);
  if (!category) return {};
  return {
    title: category.seo.title ?? category.title,
    description: category.seo.description ?? (plain(category.descriptionHtml) || `Shop ${category.title}.`),
    alternates: { canonical: `/c/${category.slug}` },
  };
}

/** A category: its products and those of its subcategories, with facets, sort and pages from the URL. */
export default async function CategoryPage({ params, searchParams }: Props) {
  const { site, locale } = await storeOf(params);
  const { slug } = await params;
  const category = await getCategory(site, slug);
  if (!category) notFound();
  const state = readListingState(await searchParams, 'newest');
  const description = plain(category.descriptionHtml);
  return (
    <div className="sf-page">
      <Listing
        site={site}
        locale={locale}
        title={category.title}
        description={description || undefined}
        breadcrumbs={[
          { label: 'Home', href: '/' },
          ...category.ancestors.map((a) => ({ label: a.title, href: `/c/${a.slug}` })),
          { label: category.title },
        ]}
        highlights={
          category.children.length > 0 ? (
            <nav aria-label="Subcategories" className="sf-chips">
              <ul>
                {category.children.map((child) => (
                  <li key={child.id}>
                    <a href={`/c/${child.slug}`} className="mds-button" data-variant="secondary" data-size="sm">
                      {child.title}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : undefined
        }
        base={{ categoryIds: [category.id] }}
        state={state}
        withCategories={false}
        withRelevance={false}
      />
    </div>
  );
}
