'use client';
import { type Facet, FacetedProductGrid, type GridProduct } from '@meridian/design-system';
import { usePathname, useRouter } from 'next/navigation';
import { type ReactNode, useTransition } from 'react';
import { type ListingState, listingHref, SORTS } from '../lib/listing.ts';

/** FacetedProductGrid with its state in the URL: a change navigates, the server renders the new results. */
export function ListingGrid({
  products,
  items,
  totalCount,
  facets,
  state,
  pageCount,
  withRelevance,
}: {
  products: readonly GridProduct[];
  /** The cards, rendered by the server (see ProductCardItems). */
  items: ReactNode;
  totalCount: number;
  facets: readonly Facet[];
  state: ListingState;
  pageCount: number;
  withRelevance: boolean;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const go = (next: ListingState) => startTransition(() => router.push(listingHref(pathname, next), { scroll: false }));
  return (
    <FacetedProductGrid
      products={products}
      items={items}
      totalCount={totalCount}
      facets={facets}
      selection={state.selection}
      onSelectionChange={(selection) => go({ ...state, selection, page: 1 })}
      sort={state.sort}
      sortOptions={SORTS.filter((s) => withRelevance || s.value !== 'relevance')}
      onSortChange={(sort) => go({ ...state, sort: sort as ListingState['sort'], page: 1 })}
      page={state.page}
      pageCount={pageCount}
      hrefForPage={(page) => listingHref(pathname, { ...state, page })}
      loading={pending}
    />
  );
}
