import type { TenantTx } from '@meridian/kit';
import { asc, inArray } from 'drizzle-orm';
import {
  type Attributes,
  type OptionValue,
  type ProductStatus,
  productCategories,
  productMedia,
  productOptions,
  products,
  productVariants,
} from '../db/schema.ts';

/** A product as the graph shows it; JSON-safe (dates as ISO strings) because it is cached. */
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
}

/** Loads whole product views for `ids` in five queries, whatever the number of ids. */
export async function readProductViews(tx: TenantTx, ids: readonly string[]): Promise<Map<string, ProductView>> {
  const found = new Map<string, ProductView>();
  if (ids.length === 0) return found;
  const list = [...ids];
  const rows = await tx.select().from(products).where(inArray(products.id, list));
  if (rows.length === 0) return found;
  const present = rows.map((r) => r.id);
  const [options, variants, media, links] = await Promise.all([
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
    });
  }
  for (const m of media) found.get(m.productId)?.media.push({ id: m.id, url: m.url, alt: m.alt, position: m.position });
  for (const l of links) found.get(l.productId)?.categoryIds.push(l.categoryId);
  for (const view of found.values()) view.categoryIds.sort();
  return found;
}
