import { loaderFor, notFound, parseId, type RequestContext } from '@meridian/kit';
import { eq, inArray } from 'drizzle-orm';
import { products, productVariants } from '../db/schema.ts';
import { productTag, productTtlSeconds } from './cache-tags.ts';
import { canReadAll, tenantDb } from './context.ts';
import {
  type CachedProductView,
  fromCachedView,
  type ProductView,
  readProductViews,
  toCachedView,
  type VariantView,
} from './product-view.ts';

/** Misses of one request's cache lookups, batched into one database read. */
function productsFromDatabase(ctx: RequestContext) {
  return loaderFor<string, ProductView>(ctx, 'catalog:product-views', (ids) =>
    tenantDb(ctx).transaction((tx) => readProductViews(tx, ids)),
  );
}

/**
 * One product view, from the tenant's cache (tagged by product) or the database. No visibility check.
 * The key carries the cached shape's version: another release's entries are never read as this one's.
 */
export async function loadProductView(ctx: RequestContext, id: string): Promise<ProductView | null> {
  if (!parseId('prd', id)) throw notFound('Product');
  const cached = await ctx.cache.getOrLoad<CachedProductView | undefined>(
    `product-view:v2:${id}`,
    // undefined is not stored: an unknown id is asked again next time.
    async () => {
      const view = await productsFromDatabase(ctx).load(id);
      return view ? toCachedView(view) : undefined;
    },
    { tags: [productTag(id)], ttlSeconds: productTtlSeconds },
  );
  return cached ? fromCachedView(cached) : null;
}

/** The storefront sees active products; catalog readers see every status. */
export function isVisible(ctx: RequestContext, view: ProductView): boolean {
  return view.status === 'active' || canReadAll(ctx);
}

export async function loadVisibleProducts(
  ctx: RequestContext,
  ids: readonly string[],
): Promise<Map<string, ProductView>> {
  const views = await Promise.all(ids.map((id) => loadProductView(ctx, id)));
  return new Map(views.filter((v): v is ProductView => v !== null && isVisible(ctx, v)).map((v) => [v.id, v]));
}

/** `product(id:)` / `product(slug:)`: NOT_FOUND for an unknown id, an id of another tenant, or a hidden product. */
export async function findProduct(ctx: RequestContext, args: { id?: string | null; slug?: string | null }) {
  let id = args.id ?? null;
  if (!id && args.slug) {
    const slug = args.slug.trim().toLowerCase();
    const [row] = await tenantDb(ctx).transaction((tx) =>
      tx.select({ id: products.id }).from(products).where(eq(products.slug, slug)),
    );
    id = row?.id ?? null;
  }
  if (!id) throw notFound('Product');
  const view = await loadProductView(ctx, id);
  if (!view || !isVisible(ctx, view)) throw notFound('Product');
  return view;
}

/** Variant ids → their product ids (one query per request batch). */
function variantOwners(ctx: RequestContext) {
  return loaderFor<string, string>(ctx, 'catalog:variant-owner', async (ids) => {
    const rows = await tenantDb(ctx).transaction((tx) =>
      tx
        .select({ id: productVariants.id, productId: productVariants.productId })
        .from(productVariants)
        .where(inArray(productVariants.id, [...ids])),
    );
    return new Map(rows.map((r) => [r.id, r.productId]));
  });
}

export async function loadVisibleVariant(
  ctx: RequestContext,
  id: string,
): Promise<{ variant: VariantView; product: ProductView } | null> {
  if (!parseId('var', id)) throw notFound('ProductVariant');
  const productId = await variantOwners(ctx).load(id);
  if (!productId) return null;
  const product = await loadProductView(ctx, productId);
  if (!product || !isVisible(ctx, product)) return null;
  const variant = product.variants.find((v) => v.id === id);
  return variant ? { variant, product } : null;
}
