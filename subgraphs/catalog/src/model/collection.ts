import {
  newId,
  notFound,
  parseId,
  previousResult,
  type RequestContext,
  recordIdempotentResult,
  type UserError,
} from '@meridian/kit';
import { and, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import { CatalogError } from '../catalog.errors.ts';
import { collectionProducts, collections, products } from '../db/schema.ts';
import { auditedTransaction, replayed } from './audit.ts';
import { invalidateTags, listingsTag } from './cache-tags.ts';
import { tenantDb } from './context.ts';
import { slugify } from './product-input.ts';
import { sanitizeRichText } from './rich-text.ts';
import { checkSlug, checkText, Problems, Rejected, withUserErrors } from './validate.ts';

export type CollectionRow = typeof collections.$inferSelect;
export interface CollectionPayload {
  collection: CollectionRow | null;
  userErrors: UserError[];
}

export interface CollectionInput {
  id?: string;
  title?: string | null;
  slug?: string | null;
  descriptionHtml?: string | null;
  seo?: { title?: string | null; description?: string | null } | null;
  idempotencyKey?: string | null;
}

const slugTaken = (constraint: string) => {
  if (constraint !== 'collections_slug_key') return null;
  const problems = new Problems();
  problems.add(['slug'], CatalogError.DUPLICATE_SLUG, 'Slug is taken');
  return problems;
};

function checkCollection(input: CollectionInput, problems: Problems, creating: boolean) {
  const set: Partial<typeof collections.$inferInsert> = {};
  if (creating || input.title)
    set.title = checkText(problems, ['title'], input.title, { required: true, max: 255 }) ?? '';
  if (creating || input.slug) set.slug = checkSlug(problems, ['slug'], input.slug ?? slugify(set.title ?? '')) ?? '';
  if (input.descriptionHtml !== undefined && input.descriptionHtml !== null) {
    set.descriptionHtml = sanitizeRichText(input.descriptionHtml);
  }
  if (input.seo) {
    set.seoTitle = checkText(problems, ['seo', 'title'], input.seo.title, { max: 70 });
    set.seoDescription = checkText(problems, ['seo', 'description'], input.seo.description, { max: 320 });
  }
  return set;
}

async function finish(
  ctx: RequestContext,
  result: { ok: string } | { problems: Problems },
  membershipChanged = false,
): Promise<CollectionPayload> {
  if ('problems' in result) return { collection: null, userErrors: result.problems.list };
  if (membershipChanged) await invalidateTags(ctx, [listingsTag]);
  const [row] = await tenantDb(ctx).transaction((tx) =>
    tx.select().from(collections).where(eq(collections.id, result.ok)),
  );
  return { collection: row ?? null, userErrors: [] };
}

export async function createCollection(ctx: RequestContext, input: CollectionInput): Promise<CollectionPayload> {
  const problems = new Problems();
  const set = checkCollection(input, problems, true);
  if (!problems.ok) return { collection: null, userErrors: problems.list };
  const result = await withUserErrors(
    () =>
      auditedTransaction(ctx, { action: 'collection.create', entityType: 'Collection' }, async (tx) => {
        const previous = await previousResult(tx, 'createCollection', input.idempotencyKey);
        if (previous) return replayed(previous);
        const [taken] = await tx
          .select({ id: collections.id })
          .from(collections)
          .where(eq(collections.slug, set.slug ?? ''));
        if (taken) {
          problems.add(['slug'], CatalogError.DUPLICATE_SLUG, `Slug ${set.slug} is taken`);
          throw new Rejected(problems);
        }
        const id = newId('col');
        await tx.insert(collections).values({ id, title: set.title ?? '', slug: set.slug ?? '', ...set });
        await recordIdempotentResult(tx, 'createCollection', input.idempotencyKey, id);
        return { result: id, audit: { entityId: id, after: set } };
      }),
    slugTaken,
  );
  return finish(ctx, result);
}

export async function updateCollection(ctx: RequestContext, input: CollectionInput & { id: string }) {
  const problems = new Problems();
  const set = checkCollection(input, problems, false);
  if (!parseId('col', input.id)) problems.add(['id'], CatalogError.NOT_FOUND, 'Collection not found');
  if (!problems.ok) return { collection: null, userErrors: problems.list };
  const result = await withUserErrors(
    () =>
      auditedTransaction(ctx, { action: 'collection.update', entityType: 'Collection' }, async (tx) => {
        const [current] = await tx.select().from(collections).where(eq(collections.id, input.id)).for('update');
        if (!current) {
          problems.add(['id'], CatalogError.NOT_FOUND, 'Collection not found');
          throw new Rejected(problems);
        }
        await tx
          .update(collections)
          .set({ ...set, updatedAt: sql`now()` })
          .where(eq(collections.id, input.id));
        const before = Object.fromEntries(Object.keys(set).map((k) => [k, current[k as keyof typeof set]]));
        return { result: input.id, audit: { entityId: input.id, before, after: set } };
      }),
    slugTaken,
  );
  return finish(ctx, result);
}

/** Appends products (in the order given) to a manual collection; ones already in it stay where they are. */
export async function addProductsToCollection(
  ctx: RequestContext,
  input: { collectionId: string; productIds: string[] },
) {
  const problems = new Problems();
  if (!parseId('col', input.collectionId))
    problems.add(['collectionId'], CatalogError.NOT_FOUND, 'Collection not found');
  const ids = [...new Set(input.productIds)];
  for (const [i, id] of ids.entries()) {
    if (!parseId('prd', id)) problems.add(['productIds', i], CatalogError.NOT_FOUND, `No product ${id}`);
  }
  if (!problems.ok) return { collection: null, userErrors: problems.list };
  const result = await withUserErrors(() =>
    auditedTransaction(ctx, { action: 'collection.add-products', entityType: 'Collection' }, async (tx) => {
      const [collection] = await tx
        .select()
        .from(collections)
        .where(eq(collections.id, input.collectionId))
        .for('update');
      if (!collection) problems.add(['collectionId'], CatalogError.NOT_FOUND, 'Collection not found');
      const found = ids.length
        ? await tx.select({ id: products.id }).from(products).where(inArray(products.id, ids))
        : [];
      const known = new Set(found.map((f) => f.id));
      for (const [i, id] of ids.entries()) {
        if (!known.has(id)) problems.add(['productIds', i], CatalogError.NOT_FOUND, `No product ${id}`);
      }
      if (!problems.ok) throw new Rejected(problems);
      const [last] = await tx
        .select({ position: collectionProducts.position })
        .from(collectionProducts)
        .where(eq(collectionProducts.collectionId, input.collectionId))
        .orderBy(desc(collectionProducts.position))
        .limit(1);
      const start = (last?.position ?? -1) + 1;
      const added = ids.length
        ? await tx
            .insert(collectionProducts)
            .values(ids.map((productId, i) => ({ collectionId: input.collectionId, productId, position: start + i })))
            .onConflictDoNothing()
            .returning({ productId: collectionProducts.productId })
        : [];
      return {
        result: input.collectionId,
        audit: { entityId: input.collectionId, after: { addedProductIds: added.map((a) => a.productId) } },
      };
    }),
  );
  return finish(ctx, result, true);
}

export async function removeProductsFromCollection(
  ctx: RequestContext,
  input: { collectionId: string; productIds: string[] },
) {
  const problems = new Problems();
  if (!parseId('col', input.collectionId))
    problems.add(['collectionId'], CatalogError.NOT_FOUND, 'Collection not found');
  const ids = input.productIds.filter((id) => parseId('prd', id));
  if (!problems.ok) return { collection: null, userErrors: problems.list };
  const result = await withUserErrors(() =>
    auditedTransaction(ctx, { action: 'collection.remove-products', entityType: 'Collection' }, async (tx) => {
      const [collection] = await tx
        .select({ id: collections.id })
        .from(collections)
        .where(eq(collections.id, input.collectionId));
      if (!collection) {
        problems.add(['collectionId'], CatalogError.NOT_FOUND, 'Collection not found');
        throw new Rejected(problems);
      }
      const removed = ids.length
        ? await tx
            .delete(collectionProducts)
            .where(
              and(eq(collectionProducts.collectionId, input.collectionId), inArray(collectionProducts.productId, ids)),
            )
            .returning({ productId: collectionProducts.productId })
        : [];
      return {
        result: input.collectionId,
        audit: { entityId: input.collectionId, before: { removedProductIds: removed.map((r) => r.productId) } },
      };
    }),
  );
  return finish(ctx, result, true);
}

export async function findCollection(ctx: RequestContext, args: { id?: string | null; slug?: string | null }) {
  if (args.id && !parseId('col', args.id)) throw notFound('Collection');
  const where = args.id
    ? eq(collections.id, args.id)
    : args.slug
      ? eq(collections.slug, args.slug.toLowerCase())
      : null;
  if (!where) throw notFound('Collection');
  const [row] = await tenantDb(ctx).transaction((tx) => tx.select().from(collections).where(where));
  if (!row) throw notFound('Collection');
  return row;
}

export async function listCollections(ctx: RequestContext, args: { first: number; after?: string | null }) {
  const rows = await tenantDb(ctx).transaction((tx) =>
    tx
      .select()
      .from(collections)
      .where(args.after && parseId('col', args.after) ? gt(collections.id, args.after) : undefined)
      .orderBy(collections.id)
      .limit(args.first + 1),
  );
  return { rows: rows.slice(0, args.first), hasNextPage: rows.length > args.first };
}
