import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Listing } from '../../../../../../components/listing.tsx';
import { getCollection } from '../../../../../../lib/catalog.ts';
import { readListingState, type SearchParams } from '../../../../../../lib/listing.ts';
import { storeOf } from '../../../../../../lib/page.ts';
import type { SiteParams } from '../../../../../../lib/site.ts';

type Props = { params: Promise<SiteParams & { slug: string }>; searchParams: Promise<SearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { site } = await storeOf(params);
  const collection = await getCollection(site, (await params).slug);
  if (!collection) return {};
  return {
    title: collection.seo.title ?? collection.title,
    alternates: { canonical: `/collections/${collection.slug}` },
  };
}

/** A collection (curated by the merchant) with the same facets and sorting as a category. */
export default async function CollectionPage({ params, searchParams }: Props) {
  const { site, locale } = await storeOf(params);
  const collection = await getCollection(site, (await params).slug);
  if (!collection) notFound();
  const state = readListingState(await searchParams, 'relevance');
  return (
    <div className="sf-page">
      <Listing
        site={site}
        locale={locale}
        title={collection.title}
        breadcrumbs={[{ label: 'Home', href: '/' }, { label: collection.title }]}
        base={{ collectionId: collection.id }}
        state={state}
        withCategories
        withRelevance
      />
    </div>
  );
}
