import type { RequestContext, TenantCache } from '@meridian/kit';

/**
 * What the catalog caches, and the tags that make it stale:
 * - `product:<id>`: one product's view and its price entries; stale on any change to that product,
 *   its variants or their prices (catalog events) and on stock changes of its variants;
 * - `catalog:pricing`: price-list headers and discounts (small, tenant-wide);
 * - `catalog:categories`: the category tree (paths), for category-scoped discounts and facets.
 */
export const productTag = (id: string) => `product:${id}`;
export const pricingTag = 'catalog:pricing';
export const categoriesTag = 'catalog:categories';

/** Product data changes often enough that a lost invalidation must not live long. */
export const productTtlSeconds = 300;

/**
 * The platform cache bound to each tenant this process has served. Event handlers get a transaction
 * but no cache from the kit (see the report's kit follow-up), so the invalidation subscriber reaches
 * the cache through the binding the tenant's last request used. Writers in a request invalidate
 * through their own context right after commit and never depend on this.
 */
const boundCaches = new Map<string, TenantCache>();
const maxTenants = 10_000;

export function rememberTenantCache(ctx: RequestContext): void {
  if (!ctx.tenant || boundCaches.has(ctx.tenant.id)) return;
  if (boundCaches.size >= maxTenants) boundCaches.delete(boundCaches.keys().next().value as string);
  boundCaches.set(ctx.tenant.id, ctx.cache);
}

export function cacheOfTenant(tenantId: string): TenantCache | undefined {
  return boundCaches.get(tenantId);
}

/** After a committed write: stale everywhere (this process's L1 at once, other instances via Redis). */
export async function invalidateTags(ctx: RequestContext, tags: string[]): Promise<void> {
  if (tags.length === 0) return;
  rememberTenantCache(ctx);
  try {
    await ctx.cache.invalidateTags(tags);
  } catch (error) {
    // The write is committed; its event's subscriber retries the invalidation.
    ctx.log.warn({ err: error, tags }, 'catalog cache invalidation failed; the event handler will retry');
  }
}
