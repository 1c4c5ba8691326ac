/**
 * Tags on the storefront's cached catalog data (unstable_cache) and so on the ISR pages built from it. They carry the
 * tenant id, which catalog events carry too: /api/revalidate turns an event into these tags.
 */
export const tags = {
  /** Everything of a tenant: its name, navigation, every listing and product. */
  tenant: (tenantId: string) => `t:${tenantId}`,
  /** Navigation and category pages (the category tree). */
  categories: (tenantId: string) => `t:${tenantId}:categories`,
  /** Listings, search and the home page: any product change may move them. */
  listings: (tenantId: string) => `t:${tenantId}:listings`,
  /** Slug → product id lookups: a new, renamed or archived product. */
  slugs: (tenantId: string) => `t:${tenantId}:slugs`,
  /** One product page. */
  product: (tenantId: string, productId: string) => `t:${tenantId}:p:${productId}`,
  /** A host's tenant (name, id). */
  host: (host: string) => `h:${host}`,
};

/** Seconds before cached catalog data is refreshed even without an event (the safety net for a missed webhook). */
export const CATALOG_REVALIDATE_SECONDS = 600;
