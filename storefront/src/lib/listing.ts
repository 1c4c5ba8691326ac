import type { Facet, FacetSelection } from '@meridian/design-system';
import type { ProductFilter, ProductSort } from '../__generated__/graphql.ts';

/**
 * A listing's state lives in the URL (`?color=red&color=blue&sort=price-asc&page=2`): shareable, crawlable, and the
 * page is rendered on the server from it. This module turns the URL into the graph's filter and back.
 */
export const PAGE_SIZE = 24;
/**
 * A sanity bound on `?page=`, not a product limit: the graph pages with keyset cursors, so page N starts after the
 * cursor of result (N-1)×24, found by walking cursors (lib/catalog.ts, cached); a page past the end is a 404.
 */
export const MAX_PAGE = 10_000;

export const SORTS = [
  { value: 'relevance', label: 'Most relevant', sort: 'RELEVANCE' },
  { value: 'newest', label: 'Newest', sort: 'NEWEST' },
  { value: 'price-asc', label: 'Price: low to high', sort: 'PRICE_ASC' },
  { value: 'price-desc', label: 'Price: high to low', sort: 'PRICE_DESC' },
  { value: 'title-asc', label: 'Name: A to Z', sort: 'TITLE_ASC' },
] as const satisfies readonly { value: string; label: string; sort: ProductSort }[];

export type SearchParams = Record<string, string | string[] | undefined>;

function all(params: SearchParams, key: string): string[] {
  const value = params[key];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list
    .map((v) => v.trim())
    .filter((v) => v.length > 0 && v.length <= 100)
    .slice(0, 20);
}

export function one(params: SearchParams, key: string): string | undefined {
  return all(params, key)[0];
}

/** Attribute facets (colour, material …) and the two fixed ones. */
const FIXED = new Set(['q', 'sort', 'page', 'category', 'stock']);

export interface ListingState {
  selection: FacetSelection;
  sort: (typeof SORTS)[number]['value'];
  page: number;
  query?: string;
}

export function readListingState(params: SearchParams, defaultSort: ListingState['sort']): ListingState {
  const selection: Record<string, string[]> = {};
  for (const key of Object.keys(params)) {
    if (FIXED.has(key) && key !== 'category' && key !== 'stock') continue;
    if (!/^[a-z][a-z0-9_-]{0,39}$/.test(key)) continue;
    const values = all(params, key);
    if (values.length > 0) selection[key] = values;
  }
  const sortValue = one(params, 'sort');
  const sort = SORTS.find((s) => s.value === sortValue)?.value ?? defaultSort;
  const page = Math.min(MAX_PAGE, Math.max(1, Math.trunc(Number(one(params, 'page') ?? '1')) || 1));
  const query = one(params, 'q');
  return { selection, sort, page, ...(query ? { query } : {}) };
}

export function toFilter(state: ListingState, base: ProductFilter): ProductFilter {
  const { category, stock, ...attributes } = state.selection;
  return {
    ...base,
    ...(state.query ? { query: state.query } : {}),
    ...(category?.length ? { categoryIds: category as string[] } : {}),
    ...(stock?.includes('in') ? { inStock: true } : {}),
    ...(Object.keys(attributes).length > 0
      ? { attributes: Object.entries(attributes).map(([key, values]) => ({ key, values: [...values] })) }
      : {}),
  };
}

export function toSort(state: ListingState): ProductSort {
  return SORTS.find((s) => s.value === state.sort)?.sort ?? 'NEWEST';
}

/** The URL for a changed state (page back to 1 unless the page is what changed). */
export function listingHref(pathname: string, state: ListingState): string {
  const search = new URLSearchParams();
  if (state.query) search.set('q', state.query);
  for (const [key, values] of Object.entries(state.selection)) for (const value of values) search.append(key, value);
  search.set('sort', state.sort);
  if (state.page > 1) search.set('page', String(state.page));
  const text = search.toString();
  return text ? `${pathname}?${text}` : pathname;
}

const LABELS: Record<string, string> = { color: 'Colour', colour: 'Colour', material: 'Material', size: 'Size' };

function label(key: string): string {
  return LABELS[key] ?? key.charAt(0).toUpperCase() + key.slice(1).replace(/[-_]/g, ' ');
}

function capitalise(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

export interface GraphFacets {
  categories: readonly { category: { id: string; title: string }; count: number }[];
  attributes: readonly { key: string; values: readonly { value: string; count: number }[] }[];
  availability: { inStock: number; outOfStock: number };
}

/** The graph's facet counts → the design system's facets, the chosen values kept even when their count is 0. */
export function toFacets(facets: GraphFacets, selection: FacetSelection, withCategories: boolean): Facet[] {
  const list: Facet[] = [];
  if (withCategories && facets.categories.length > 1) {
    list.push({
      id: 'category',
      label: 'Category',
      options: facets.categories.map((c) => ({ value: c.category.id, label: c.category.title, count: c.count })),
    });
  }
  for (const attribute of facets.attributes) {
    list.push({
      id: attribute.key,
      label: label(attribute.key),
      options: attribute.values.map((v) => ({ value: v.value, label: capitalise(v.value), count: v.count })),
    });
  }
  list.push({
    id: 'stock',
    label: 'Availability',
    options: [{ value: 'in', label: 'In stock', count: facets.availability.inStock }],
  });
  for (const facet of list) {
    const chosen = selection[facet.id] ?? [];
    const missing = chosen.filter((v) => !facet.options.some((o) => o.value === v));
    if (missing.length > 0)
      facet.options = [...facet.options, ...missing.map((v) => ({ value: v, label: capitalise(v), count: 0 }))];
  }
  return list;
}
