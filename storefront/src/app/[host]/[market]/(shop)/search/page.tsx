import type { Metadata } from 'next';
import { Listing } from '../../../../../components/listing.tsx';
import { readListingState, type SearchParams } from '../../../../../lib/listing.ts';
import { storeOf } from '../../../../../lib/page.ts';
import type { SiteParams } from '../../../../../lib/site.ts';

type Props = { params: Promise<SiteParams>; searchParams: Promise<SearchParams> };

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const q = (await searchParams).q;
  const query = typeof q === 'string' ? q.trim() : '';
  // result pages are not for the index: the products and categories are
  return {
    title: query ? `Results for “${query}”` : 'All products',
    robots: { index: !query, follow: true },
    alternates: { canonical: '/search' },
  };
}

/** Search with typo tolerance (the catalog's full-text search), or every product when there is no query. */
export default async function SearchPage({ params, searchParams }: Props) {
  const { site, locale } = await storeOf(params);
  const state = readListingState(await searchParams, 'relevance');
  const query = state.query;
  return (
    <div className="sf-page">
      <Listing
        site={site}
        locale={locale}
        title={query ? `Results for “${query}”` : 'All products'}
        description={query ? 'Close matches are included, so a typo still finds what you meant.' : undefined}
        breadcrumbs={[{ label: 'Home', href: '/' }, { label: 'Search' }]}
        base={{}}
        state={query ? state : { ...state, sort: state.sort === 'relevance' ? 'newest' : state.sort }}
        withCategories
        withRelevance={Boolean(query)}
      />
    </div>
  );
}
