import { loaderFor, notFound, parseId, type RequestContext } from '@meridian/kit';
import { eq, inArray } from 'drizzle-orm';
import { products, productVariants } from '../db/schema.ts';
import { productTag, productTtlSeconds, rememberTenantCache } from './cache-tags.ts';
import { canReadAll, tenantDb } from './context.ts';
import { type ProductView, readProductViews, type VariantView } from './product-view.ts';

/** Misses of one request's cache lookups, batched into one database read. */
function productsFromDatabase(ctx: RequestContext) {
  return loaderFor<string, ProductView>(ctx, 'catalog:product-views', (ids) =>
    tenantDb(ctx).transaction((tx) => readProductViews(tx, ids)),
  );
}

/** One product view, from the tenant's cache (tagged by product) or the database. No visibility check. */
export async function loadProductView(ctx: RequestContext, id: string): Promise<ProductView | null> {
  if (!parseId('prd', id)) throw notFound('Product');
  rememberTenantCache(ctx);
  const view = await ctx.cache.getOrLoad<ProductView | undefined>(
    `product:${id}`,
    // undefined is not stored: an unknown id is asked again next time.
    async () => (await productsFromDatabase(ctx).load(id)) ?? undefined,
    { tags: [productTag(id)], ttlSeconds: productTtlSeconds },
  );
  return view ?? null;
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

/** Stock availability per variant, read live (it changes with every order; not cached). */
export function variantAvailability(ctx: RequestContext) {
  return loaderFor<string, number>(ctx, 'catalog:variant-available', async (ids) => {
    const rows = await tenantDb(ctx).transaction((tx) =>
      tx
        .select({ id: productVariants.id, available: productVariants.available })
        .from(productVariants)
        .where(inArray(productVariants.id, [...ids])),
    );
    return new Map(rows.map((r) => [r.id, r.available]));
  });
}
