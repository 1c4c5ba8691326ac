import { CatalogPage, type Crumb } from '@meridian/design-system';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import type { ProductFilter } from '../__generated__/graphql.ts';
import { getListing } from '../lib/catalog.ts';
import { type ListingState, PAGE_SIZE, toFacets, toFilter, toSort } from '../lib/listing.ts';
import { toGridProducts } from '../lib/product-card.ts';
import type { Site } from '../lib/site.ts';
import { ListingGrid } from './listing-grid.tsx';
import { ProductCardItems } from './product-grid.tsx';

/** A category, collection or search page: the intro, then facets, sort, products and pages from the URL's state. */
export async function Listing({
  site,
  locale,
  title,
  description,
  breadcrumbs,
  highlights,
  base,
  state,
  withCategories,
  withRelevance,
}: {
  site: Site;
  /** The page's locale, for the cards' prices. */
  locale: string;
  title: ReactNode;
  description?: ReactNode;
  breadcrumbs?: readonly Crumb[];
  highlights?: ReactNode;
  base: ProductFilter;
  state: ListingState;
  withCategories: boolean;
  withRelevance: boolean;
}) {
  const listing = await getListing(site, {
    filter: toFilter(state, base),
    sort: toSort(state),
    page: state.page,
    pageSize: PAGE_SIZE,
  });
  // a page past the last one (an old link after products were archived, a typed URL)
  if (!listing && state.page > 1) notFound();
  const products = toGridProducts(listing?.edges.map((e) => e.node) ?? []);
  const totalCount = listing?.totalCount ?? 0;
  const pageCount = Math.max(1, Math.ceil(totalCount / PAGE_SIZE));
  return (
    <CatalogPage title={title} description={description} breadcrumbs={breadcrumbs} highlights={highlights}>
      <ListingGrid
        products={products}
        items={<ProductCardItems products={products} locale={locale} priorityCount={4} />}
        totalCount={totalCount}
        facets={listing ? toFacets(listing.facets, state.selection, withCategories) : []}
        state={state}
        pageCount={pageCount}
        withRelevance={withRelevance}
      />
    </CatalogPage>
  );
}
