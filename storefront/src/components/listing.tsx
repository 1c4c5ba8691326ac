import { CatalogPage, type Crumb } from '@meridian/design-system';
import type { ReactNode } from 'react';
import type { ProductFilter } from '../__generated__/graphql.ts';
import { getListing } from '../lib/catalog.ts';
import { type ListingState, MAX_PAGES, PAGE_SIZE, toFacets, toFilter, toSort } from '../lib/listing.ts';
import { toGridProducts } from '../lib/product-card.ts';
import type { Site } from '../lib/site.ts';
import { ListingGrid } from './listing-grid.tsx';

/** A category, collection or search page: the intro, then facets, sort, products and pages from the URL's state. */
export async function Listing({
  site,
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
    first: state.page * PAGE_SIZE,
  });
  const all = listing?.edges.map((e) => e.node) ?? [];
  const products = toGridProducts(all.slice((state.page - 1) * PAGE_SIZE));
  const totalCount = listing?.totalCount ?? 0;
  const pageCount = Math.min(MAX_PAGES, Math.max(1, Math.ceil(totalCount / PAGE_SIZE)));
  return (
    <CatalogPage title={title} description={description} breadcrumbs={breadcrumbs} highlights={highlights}>
      <ListingGrid
        products={products}
        totalCount={totalCount}
        facets={listing ? toFacets(listing.facets, state.selection, withCategories) : []}
        state={state}
        pageCount={pageCount}
        withRelevance={withRelevance}
      />
    </CatalogPage>
  );
}
