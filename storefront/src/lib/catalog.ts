import 'server-only';
import { unstable_cache } from 'next/cache';
import { cache } from 'react';
import { graphql } from '../__generated__/gql.ts';
import type { ProductFilter, ProductSort, SitemapQuery as SitemapQueryData } from '../__generated__/graphql.ts';
import { CATALOG_REVALIDATE_SECONDS, tags } from './cache-tags.ts';
import { executeOrThrow } from './graphql-client.ts';
import type { Site } from './site.ts';
import { currencyOf } from './site.ts';
import { getTenant, type StoreTenant } from './tenant.ts';

export const ProductCardFields = graphql(`
  fragment ProductCardFields on Product {
    id
    title
    slug
    featuredImage {
      url
      alt
    }
    priceRange(currency: $currency) {
      min {
        amount
        currencyCode
      }
      max {
        amount
        currencyCode
      }
      compareAtMax {
        amount
        currencyCode
      }
    }
    inStock
    available
  }
`);

const NavigationQuery = graphql(`
  query Navigation {
    categories(first: 20) {
      edges {
        node {
          id
          title
          slug
          children {
            id
            title
            slug
          }
        }
      }
    }
  }
`);

const HomeQuery = graphql(`
  query Home($currency: String) {
    collections(first: 4) {
      edges {
        node {
          id
          title
          slug
          descriptionHtml
          products(first: 4, currency: $currency) {
            edges {
              node {
                ...ProductCardFields
              }
            }
          }
        }
      }
    }
    departments: categories(first: 4) {
      edges {
        node {
          id
          title
          slug
          products(first: 4, sort: NEWEST, currency: $currency) {
            totalCount
            edges {
              node {
                ...ProductCardFields
              }
            }
          }
        }
      }
    }
    newArrivals: products(first: 8, sort: NEWEST, currency: $currency) {
      edges {
        node {
          ...ProductCardFields
        }
      }
    }
  }
`);

const CategoryQuery = graphql(`
  query Category($slug: String!) {
    category(slug: $slug) {
      id
      title
      slug
      descriptionHtml
      seo {
        title
        description
      }
      ancestors {
        id
        title
        slug
      }
      children {
        id
        title
        slug
      }
    }
  }
`);

const CollectionQuery = graphql(`
  query CollectionBySlug($slug: String!) {
    collection(slug: $slug) {
      id
      title
      slug
      seo {
        title
        description
      }
    }
  }
`);

const ListingQuery = graphql(`
  query Listing($filter: ProductFilter, $sort: ProductSort, $first: Int, $after: String, $currency: String) {
    products(filter: $filter, sort: $sort, first: $first, after: $after, currency: $currency) {
      totalCount
      edges {
        node {
          ...ProductCardFields
        }
      }
      facets {
        categories {
          category {
            id
            title
            slug
          }
          count
        }
        attributes {
          key
          values {
            value
            count
          }
        }
        availability {
          inStock
          outOfStock
        }
      }
    }
  }
`);

const ListingCursorsQuery = graphql(`
  query ListingCursors($filter: ProductFilter, $sort: ProductSort, $first: Int, $after: String, $currency: String) {
    products(filter: $filter, sort: $sort, first: $first, after: $after, currency: $currency) {
      edges {
        cursor
      }
    }
  }
`);

const ProductQuery = graphql(`
  query Product($id: ID!, $currency: String) {
    product(id: $id) {
      id
      title
      slug
      descriptionHtml
      seo {
        title
        description
      }
      attributes {
        key
        values
      }
      options {
        id
        name
        values
      }
      media {
        id
        url
        alt
      }
      featuredImage {
        url
        alt
      }
      categories {
        id
        title
        slug
        ancestors {
          id
          title
          slug
        }
      }
      priceRange(currency: $currency) {
        min {
          amount
          currencyCode
        }
        max {
          amount
          currencyCode
        }
        compareAtMax {
          amount
          currencyCode
        }
      }
      inStock
      variants {
        id
        sku
        title
        optionValues {
          name
          value
        }
        price(currency: $currency) {
          unitPrice {
            amount
            currencyCode
          }
          unitListPrice {
            amount
            currencyCode
          }
        }
        available
        inStock
      }
    }
  }
`);

const ProductIdQuery = graphql(`
  query ProductId($slug: String!) {
    product(slug: $slug) {
      id
    }
  }
`);

const SitemapQuery = graphql(`
  query Sitemap($after: String) {
    products(first: 250, after: $after, sort: NEWEST) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          slug
          updatedAt
        }
      }
    }
    categories(first: 100) {
      edges {
        node {
          slug
          children {
            slug
            children {
              slug
            }
          }
        }
      }
    }
  }
`);

/** The tenant or a 404: every catalog read starts here (its id is in the cache tags). */
async function tenantOf(site: Site): Promise<StoreTenant | null> {
  return getTenant(site.host);
}

/** Cached per tenant and arguments, tagged for event-driven revalidation. */
function cached<Args extends unknown[], T>(
  name: string,
  tagList: string[],
  load: (...args: Args) => Promise<T>,
): (...args: Args) => Promise<T> {
  return unstable_cache(load, [name], { tags: tagList, revalidate: CATALOG_REVALIDATE_SECONDS });
}

/** NOT_FOUND from the graph is "no such thing" for a page, not an error. */
function orNull<T>(promise: Promise<T>): Promise<T | null> {
  return promise.catch((error: { codes?: string[] }) => {
    if (error.codes?.includes('NOT_FOUND')) return null;
    throw error;
  });
}

export const getNavigation = cache(async (site: Site) => {
  const tenant = await tenantOf(site);
  if (!tenant) return null;
  const load = cached('navigation', [tags.tenant(tenant.id), tags.categories(tenant.id)], (host: string) =>
    executeOrThrow({ host }, NavigationQuery, {}),
  );
  const data = await load(site.host);
  return data.categories.edges.map((e) => e.node);
});

export async function getHome(site: Site) {
  const tenant = await tenantOf(site);
  if (!tenant) return null;
  const load = cached(
    'home',
    [tags.tenant(tenant.id), tags.listings(tenant.id)],
    (host: string, currency: string | null) => executeOrThrow({ host }, HomeQuery, { currency }),
  );
  return load(site.host, currencyOf(site.market, tenant));
}

export const getCategory = cache(async (site: Site, slug: string) => {
  const tenant = await tenantOf(site);
  if (!tenant) return null;
  const load = cached(
    'category',
    [tags.tenant(tenant.id), tags.categories(tenant.id)],
    async (host: string, s: string) => {
      return (await orNull(executeOrThrow({ host }, CategoryQuery, { slug: s })))?.category ?? null;
    },
  );
  return load(site.host, slug);
});

export const getCollection = cache(async (site: Site, slug: string) => {
  const tenant = await tenantOf(site);
  if (!tenant) return null;
  const load = cached(
    'collection',
    [tags.tenant(tenant.id), tags.listings(tenant.id)],
    async (host: string, s: string) =>
      (await orNull(executeOrThrow({ host }, CollectionQuery, { slug: s })))?.collection ?? null,
  );
  return load(site.host, slug);
});

export interface ListingArgs {
  filter: ProductFilter;
  sort: ProductSort;
  /** 1-based. */
  page: number;
  pageSize: number;
}

/**
 * Cursors are walked in chunks of this many: the catalog's largest page (100), rounded down to a multiple of the
 * page size, so the chunks of every walk are the same ones and come from the cache.
 */
const CURSOR_CHUNK = 96;

/**
 * One page of a listing, any page: the graph pages with keyset cursors (no offsets), so page N asks for the results
 * after the cursor of result (N-1)×size. That cursor is found by walking cursor-only chunks of 96 (cheap: no
 * product fields), each chunk cached like the listing, so paging on through a category reuses the walk so far.
 * Null when the page lies past the end of the results (the page is then a 404).
 */
export async function getListing(site: Site, args: ListingArgs) {
  const tenant = await tenantOf(site);
  if (!tenant) return null;
  const tagList = [tags.tenant(tenant.id), tags.listings(tenant.id)];
  const currency = currencyOf(site.market, tenant);
  const chunk = cached(
    'listing-cursors',
    tagList,
    async (host: string, cur: string | null, filter: ProductFilter, sort: ProductSort, after: string | null) =>
      (
        await executeOrThrow({ host }, ListingCursorsQuery, { filter, sort, first: CURSOR_CHUNK, after, currency: cur })
      ).products.edges.map((e) => e.cursor),
  );
  const skip = (args.page - 1) * args.pageSize;
  let after: string | null = null;
  for (let walked = 0; walked < skip; walked += CURSOR_CHUNK) {
    const cursors = await chunk(site.host, currency, args.filter, args.sort, after);
    const index = Math.min(CURSOR_CHUNK, skip - walked) - 1;
    const cursor = cursors[index];
    if (!cursor) return null;
    after = cursor;
  }
  const load = cached('listing', tagList, (host: string, cur: string | null, a: ListingArgs, from: string | null) =>
    executeOrThrow({ host }, ListingQuery, {
      filter: a.filter,
      sort: a.sort,
      first: a.pageSize,
      after: from,
      currency: cur,
    }),
  );
  const data = await load(site.host, currency, args, after);
  if (args.page > 1 && data.products.edges.length === 0) return null;
  return data.products;
}

/**
 * A product page's data in two cached steps: slug → id (tagged `slugs`, which changes rarely), then the product by id
 * (tagged with its id, which catalog and inventory events name).
 */
export const getProduct = cache(async (site: Site, slug: string) => {
  const tenant = await tenantOf(site);
  if (!tenant) return null;
  const resolve = cached(
    'product-id',
    [tags.tenant(tenant.id), tags.slugs(tenant.id)],
    async (host: string, s: string) =>
      (await orNull(executeOrThrow({ host }, ProductIdQuery, { slug: s })))?.product?.id ?? null,
  );
  const id = await resolve(site.host, slug);
  if (!id) return null;
  const load = cached(
    'product',
    [tags.tenant(tenant.id), tags.product(tenant.id, id)],
    async (host: string, productId: string, currency: string | null) =>
      (await orNull(executeOrThrow({ host }, ProductQuery, { id: productId, currency })))?.product ?? null,
  );
  return load(site.host, id, currencyOf(site.market, tenant));
});

export async function getSitemapEntries(site: Site) {
  const tenant = await tenantOf(site);
  if (!tenant) return null;
  const load = cached('sitemap', [tags.tenant(tenant.id), tags.listings(tenant.id)], async (host: string) => {
    const products: { slug: string; updatedAt: string }[] = [];
    const categories: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 40; page++) {
      const data: SitemapQueryData = await executeOrThrow({ host }, SitemapQuery, { after });
      products.push(...data.products.edges.map((e) => e.node));
      if (page === 0) {
        const walk = (nodes: readonly { slug: string; children?: readonly { slug: string }[] | null }[]) => {
          for (const node of nodes) {
            categories.push(node.slug);
            if (node.children) walk(node.children as { slug: string; children?: { slug: string }[] }[]);
          }
        };
        walk(data.categories.edges.map((e) => e.node));
      }
      if (!data.products.pageInfo.hasNextPage || !data.products.pageInfo.endCursor) break;
      after = data.products.pageInfo.endCursor;
    }
    return { products, categories };
  });
  return load(site.host);
}
