import type { RequestContext, Subscriber } from '@meridian/kit';

/**
 * What the catalog caches, and the tags that make it stale:
 * - `product:<id>`: one product's view (with its price entries and stock flags); stale on any change to
 *   that product, its variants or their prices (catalog events) and when stock of one of its variants
 *   runs out or comes back;
 * - `catalog:listings`: storefront listing pages (ids and cursors per filter and sort); stale whenever a
 *   product, price, category, collection membership or stock flag changes, since any of them can move a
 *   product into, out of or within a page;
 * - `catalog:pricing`: price-list headers and discounts (small, tenant-wide);
 * - `catalog:categories`: the category tree (paths), for category-scoped discounts and facets.
 */
export const productTag = (id: string) => `product:${id}`;
export const listingsTag = 'catalog:listings';
export const pricingTag = 'catalog:pricing';
export const categoriesTag = 'catalog:categories';

/** Product data changes often enough that a lost invalidation must not live long. */
export const productTtlSeconds = 300;

/**
 * A listing page also goes stale without a write (a price list window opens or closes), so it is
 * kept briefly; invalidation makes every write visible at once.
 */
export const listingTtlSeconds = 60;

/** After a committed write: stale everywhere (this process's L1 at once, other instances via Redis). */
export async function invalidateTags(ctx: RequestContext, tags: string[]): Promise<void> {
  if (tags.length === 0) return;
  try {
    await ctx.cache.invalidateTags(tags);
  } catch (error) {
    // The write is committed; its event's subscriber invalidates again once the event is delivered.
    ctx.log.warn({ err: error, tags }, 'catalog cache invalidation failed; the event handler will repeat it');
  }
}

type EventServices = Parameters<Subscriber['handle']>[2];

/**
 * From an event handler: invalidates once the handler's transaction has committed (earlier, a reader
 * could cache the old rows again), with the cache the kit bound to the event's tenant.
 */
export function invalidateAfterCommit(services: EventServices, tags: string[]): void {
  const cache = services.cache;
  if (!cache || tags.length === 0) return;
  services.afterCommit(() => cache.invalidateTags(tags));
}
