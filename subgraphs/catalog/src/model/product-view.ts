import type { TenantTx } from '@meridian/kit';
import { asc, inArray } from 'drizzle-orm';
import {
  type Attributes,
  type OptionValue,
  type ProductStatus,
  prices,
  productCategories,
  productMedia,
  productOptions,
  products,
  productVariants,
} from '../db/schema.ts';

/** A product's price entries, by variant id and price list id. */
export type ProductPrices = Map<string, Map<string, { minQuantity: number; amount: number }[]>>;

/**
 * Price entries as the view stores them, compact because every listing parses 24 views: [index in
 * `variants`, index in `priceListIds`, minQuantity, amount].
 */
export type PriceEntry = [number, number, number, number];

/**
 * A product as the graph shows it, with what pricing and listings need (price entries, stock flags), so
 * one cache entry serves a product card. JSON-safe (dates as ISO strings) because it is cached; stock
 * flags are the catalog's copy of inventory's events, and a flip invalidates the entry.
 */
export interface ProductView {
  id: string;
  title: string;
  slug: string;
  descriptionHtml: string;
  status: ProductStatus;
  seoTitle: string | null;
  seoDescription: string | null;
  attributes: Attributes;
  createdAt: string;
  updatedAt: string;
  options: { id: string; name: string; position: number; values: string[] }[];
  variants: VariantView[];
  media: { id: string; url: string; alt: string; position: number }[];
  categoryIds: string[];
  /** Some variant has stock available. */
  inStock: boolean;
  priceListIds: string[];
  prices: PriceEntry[];
}

export interface VariantView {
  id: string;
  productId: string;
  sku: string;
  barcode: string | null;
  title: string;
  optionValues: OptionValue[];
  position: number;
  weightGrams: number | null;
  lengthMm: number | null;
  widthMm: number | null;
  heightMm: number | null;
  /** Stock available in some warehouse. */
  inStock: boolean;
}

/** Loads whole product views for `ids` in six queries, whatever the number of ids. */
export async function readProductViews(tx: TenantTx, ids: readonly string[]): Promise<Map<string, ProductView>> {
  const found = new Map<string, ProductView>();
  if (ids.length === 0) return found;
  const list = [...ids];
  const rows = await tx.select().from(products).where(inArray(products.id, list));
  if (rows.length === 0) return found;
  const present = rows.map((r) => r.id);
  const [options, variants, media, links, priceRows] = await Promise.all([
    tx
      .select()
      .from(productOptions)
      .where(inArray(productOptions.productId, present))
      .orderBy(asc(productOptions.position)),
    tx
      .select()
      .from(productVariants)
      .where(inArray(productVariants.productId, present))
      .orderBy(asc(productVariants.position)),
    tx.select().from(productMedia).where(inArray(productMedia.productId, present)).orderBy(asc(productMedia.position)),
    tx.select().from(productCategories).where(inArray(productCategories.productId, present)),
    tx
      .select()
      .from(prices)
      .where(
        inArray(
          prices.variantId,
          tx
            .select({ id: productVariants.id })
            .from(productVariants)
            .where(inArray(productVariants.productId, present)),
        ),
      ),
  ]);
  for (const row of rows) {
    found.set(row.id, {
      id: row.id,
      title: row.title,
      slug: row.slug,
      descriptionHtml: row.descriptionHtml,
      status: row.status,
      seoTitle: row.seoTitle,
      seoDescription: row.seoDescription,
      attributes: row.attributes,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      options: [],
      variants: [],
      media: [],
      categoryIds: [],
      inStock: row.inStock,
      priceListIds: [],
      prices: [],
    });
  }
  for (const o of options)
    found.get(o.productId)?.options.push({ id: o.id, name: o.name, position: o.position, values: o.values });
  for (const v of variants) {
    found.get(v.productId)?.variants.push({
      id: v.id,
      productId: v.productId,
      sku: v.sku,
      barcode: v.barcode,
      title: v.title,
      optionValues: v.optionValues,
      position: v.position,
      weightGrams: v.weightGrams,
      lengthMm: v.lengthMm,
      widthMm: v.widthMm,
      heightMm: v.heightMm,
      inStock: v.available > 0,
    });
  }
  const owner = new Map(variants.map((v) => [v.id, v.productId]));
  for (const p of priceRows) {
    const view = found.get(owner.get(p.variantId) as string);
    if (!view) continue;
    let list = view.priceListIds.indexOf(p.priceListId);
    if (list < 0) list = view.priceListIds.push(p.priceListId) - 1;
    view.prices.push([view.variants.findIndex((v) => v.id === p.variantId), list, p.minQuantity, p.amount]);
  }
  for (const m of media) found.get(m.productId)?.media.push({ id: m.id, url: m.url, alt: m.alt, position: m.position });
  for (const l of links) found.get(l.productId)?.categoryIds.push(l.categoryId);
  for (const view of found.values()) view.categoryIds.sort();
  return found;
}

/** The view's price entries by variant and list, as pricing reads them. */
export function pricesOf(view: ProductView): ProductPrices {
  const byVariant: ProductPrices = new Map();
  for (const [variant, list, minQuantity, amount] of view.prices) {
    const variantId = view.variants[variant]?.id;
    const listId = view.priceListIds[list];
    if (!variantId || !listId) continue;
    let lists = byVariant.get(variantId);
    if (!lists) {
      lists = new Map();
      byVariant.set(variantId, lists);
    }
    const tiers = lists.get(listId);
    if (tiers) tiers.push({ minQuantity, amount });
    else lists.set(listId, [{ minQuantity, amount }]);
  }
  return byVariant;
}

/** What the cache holds: the view without what it repeats (each variant's product id). */
export type CachedProductView = Omit<ProductView, 'variants'> & { variants: Omit<VariantView, 'productId'>[] };

export const toCachedView = (view: ProductView): CachedProductView => ({
  ...view,
  variants: view.variants.map(({ productId: _, ...variant }) => variant),
});

export const fromCachedView = (cached: CachedProductView): ProductView => ({
  ...cached,
  variants: cached.variants.map((variant) => ({ ...variant, productId: cached.id })),
});
