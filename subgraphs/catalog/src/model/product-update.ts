import { newId, parseId, publishEvent, type RequestContext, type TenantTx } from '@meridian/kit';
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { CatalogError } from '../catalog.errors.ts';
import { type ProductStatus, productCategories, productMedia, products, productVariants } from '../db/schema.ts';
import { productArchived, productUpdated } from '../events.ts';
import { auditedTransaction } from './audit.ts';
import { invalidateTags, listingsTag, productTag } from './cache-tags.ts';
import { checkAttributes, type ProductInput } from './product-input.ts';
import { loadProductView } from './product-read.ts';
import { findMissingCategories, type ProductPayload, productUniqueProblem, searchExtra } from './product-write.ts';
import { plainText, sanitizeRichText } from './rich-text.ts';
import { checkMediaUrl, checkSlug, checkText, Problems, Rejected, withUserErrors } from './validate.ts';

export interface UpdateProductInput extends Partial<Omit<ProductInput, 'variants' | 'options'>> {
  id: string;
}

/** Locks the product row for the rest of the transaction; a Rejected NOT_FOUND when it is not there. */
export async function lockProduct(tx: TenantTx, id: string, field: string[] = ['id']) {
  const [row] = await tx.select().from(products).where(eq(products.id, id)).for('update');
  if (!row) {
    const problems = new Problems();
    problems.add(field, CatalogError.NOT_FOUND, 'Product not found');
    throw new Rejected(problems);
  }
  return row;
}

async function variantRefs(tx: TenantTx, productId: string) {
  return tx
    .select({ id: productVariants.id, sku: productVariants.sku, barcode: productVariants.barcode })
    .from(productVariants)
    .where(eq(productVariants.productId, productId))
    .orderBy(asc(productVariants.position));
}

/** Publishes the update (and archive) events, returns the tags to invalidate after commit. */
export async function announce(tx: TenantTx, productId: string, changed: string[], archived: boolean) {
  const variants = await variantRefs(tx, productId);
  await tx
    .update(products)
    .set({ searchExtra: searchExtra(variants), updatedAt: sql`now()` })
    .where(eq(products.id, productId));
  await publishEvent(
    tx,
    productUpdated.create(
      { productId, changed, variants: variants.map(({ id, sku }) => ({ id, sku })) },
      { key: productId },
    ),
  );
  if (archived) await publishEvent(tx, productArchived.create({ productId }, { key: productId }));
}

export async function finish(
  ctx: RequestContext,
  result: Awaited<ReturnType<typeof withUserErrors<string>>>,
): Promise<ProductPayload> {
  if ('problems' in result) return { product: null, userErrors: result.problems.list };
  await invalidateTags(ctx, [productTag(result.ok), listingsTag]);
  return { product: await loadProductView(ctx, result.ok), userErrors: [] };
}

export function notFoundPayload(field: string): ProductPayload {
  const problems = new Problems();
  problems.add([field], CatalogError.NOT_FOUND, 'Not found');
  return { product: null, userErrors: problems.list };
}

/** The columns an update may change, as the audit record shows them (media as URLs, data: URLs shortened). */
function productFacts(row: Partial<typeof products.$inferSelect>, keys: string[]) {
  return Object.fromEntries(keys.filter((k) => k !== 'descriptionText').map((k) => [k, row[k as keyof typeof row]]));
}

const mediaFacts = (media: { url: string; alt: string }[]) =>
  media.map((m) => ({ url: m.url.startsWith('data:') ? `${m.url.slice(0, 40)}…` : m.url, alt: m.alt }));

export async function updateProduct(
  ctx: RequestContext,
  input: UpdateProductInput,
  action: 'product.update' | 'product.archive' = 'product.update',
): Promise<ProductPayload> {
  if (!parseId('prd', input.id)) return notFoundPayload('id');
  const problems = new Problems();
  const set: Partial<typeof products.$inferInsert> = {};
  const changed = new Set<string>();
  if (input.title !== undefined && input.title !== null) {
    set.title = checkText(problems, ['title'], input.title, { required: true, max: 255 }) ?? '';
    changed.add('details');
  }
  if (input.slug !== undefined && input.slug !== null) {
    set.slug = checkSlug(problems, ['slug'], input.slug) ?? '';
    changed.add('details');
  }
  if (input.descriptionHtml !== undefined && input.descriptionHtml !== null) {
    set.descriptionHtml = sanitizeRichText(input.descriptionHtml);
    set.descriptionText = plainText(set.descriptionHtml);
    changed.add('details');
  }
  if (input.seo) {
    set.seoTitle = checkText(problems, ['seo', 'title'], input.seo.title, { max: 70 });
    set.seoDescription = checkText(problems, ['seo', 'description'], input.seo.description, { max: 320 });
    changed.add('details');
  }
  if (input.attributes) {
    set.attributes = checkAttributes(problems, ['attributes'], input.attributes);
    changed.add('details');
  }
  const status: ProductStatus | null = input.status ?? null;
  if (status) {
    set.status = status;
    changed.add('status');
  }
  const media = input.media?.map((m, i) => ({
    url: checkMediaUrl(problems, ['media', i, 'url'], m.url.trim()),
    alt: checkText(problems, ['media', i, 'alt'], m.alt, { max: 255 }) ?? '',
  }));
  if (media) changed.add('media');
  const categoryIds = input.categoryIds ? [...new Set(input.categoryIds)] : null;
  if (categoryIds) changed.add('categories');
  if (!problems.ok) return { product: null, userErrors: problems.list };

  const result = await withUserErrors(
    () =>
      auditedTransaction(ctx, { action, entityType: 'Product' }, async (tx) => {
        const current = await lockProduct(tx, input.id);
        if (set.slug && set.slug !== current.slug) {
          const [taken] = await tx
            .select({ id: products.id })
            .from(products)
            .where(and(eq(products.slug, set.slug), ne(products.id, input.id)));
          if (taken) problems.add(['slug'], CatalogError.DUPLICATE_SLUG, `Slug ${set.slug} is taken`);
        }
        if (categoryIds) {
          await findMissingCategories(tx, categoryIds, problems, ['categoryIds']);
        }
        if (!problems.ok) throw new Rejected(problems);
        const archiving = status === 'archived' && current.status !== 'archived';
        const before: Record<string, unknown> = productFacts(current, Object.keys(set));
        const after: Record<string, unknown> = productFacts(set, Object.keys(set));
        if (status) set.archivedAt = status === 'archived' ? (current.archivedAt ?? new Date()) : null;
        if (Object.keys(set).length > 0) await tx.update(products).set(set).where(eq(products.id, input.id));
        if (media) {
          before.media = mediaFacts(
            await tx
              .select({ url: productMedia.url, alt: productMedia.alt })
              .from(productMedia)
              .where(eq(productMedia.productId, input.id))
              .orderBy(asc(productMedia.position)),
          );
          after.media = mediaFacts(media);
          await tx.delete(productMedia).where(eq(productMedia.productId, input.id));
          if (media.length > 0) {
            await tx.insert(productMedia).values(
              media.map((m, position) => ({
                id: newId('med'),
                productId: input.id,
                url: m.url,
                alt: m.alt,
                position,
              })),
            );
          }
        }
        if (categoryIds) {
          const removed = await tx
            .delete(productCategories)
            .where(eq(productCategories.productId, input.id))
            .returning({ id: productCategories.categoryId });
          before.categoryIds = removed.map((r) => r.id).sort();
          after.categoryIds = categoryIds;
          if (categoryIds.length > 0) {
            await tx
              .insert(productCategories)
              .values(categoryIds.map((categoryId) => ({ productId: input.id, categoryId })));
          }
        }
        await announce(tx, input.id, [...changed], archiving);
        return { result: input.id, audit: { entityId: input.id, before, after } };
      }),
    productUniqueProblem,
  );
  return finish(ctx, result);
}

export function archiveProduct(ctx: RequestContext, id: string): Promise<ProductPayload> {
  return updateProduct(ctx, { id, status: 'archived' }, 'product.archive');
}
