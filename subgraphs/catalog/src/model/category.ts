import {
  newId,
  parseId,
  previousResult,
  type RequestContext,
  recordIdempotentResult,
  type TenantTx,
  type UserError,
} from '@meridian/kit';
import { and, count, eq, gt, gte, isNull, sql } from 'drizzle-orm';
import { CatalogError } from '../catalog.errors.ts';
import { categories } from '../db/schema.ts';
import { auditedTransaction, replayed } from './audit.ts';
import { categoriesTag, invalidateTags, listingsTag } from './cache-tags.ts';
import { tenantDb } from './context.ts';
import { sanitizeRichText } from './rich-text.ts';
import { checkCount, checkSlug, checkText, Problems, Rejected, withUserErrors } from './validate.ts';

export type CategoryRow = typeof categories.$inferSelect;

export interface CategoryPayload {
  category: CategoryRow | null;
  userErrors: UserError[];
}

/** Structure changes (create, move, delete) of one tenant's tree run one at a time. */
export async function lockTree(tx: TenantTx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(current_schema() || ':catalog.category-tree'))`);
}

export const ulidOf = (id: string) => id.slice(4);

const siblingsOf = (parentId: string | null) =>
  parentId === null ? isNull(categories.parentId) : eq(categories.parentId, parentId);

async function siblingCount(tx: TenantTx, parentId: string | null): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(categories).where(siblingsOf(parentId));
  return row?.n ?? 0;
}

/** Opens a gap at `position` among the parent's children (positions stay dense). */
async function openGap(tx: TenantTx, parentId: string | null, position: number) {
  await tx
    .update(categories)
    .set({ position: sql`${categories.position} + 1` })
    .where(and(siblingsOf(parentId), gte(categories.position, position)));
}

async function closeGap(tx: TenantTx, parentId: string | null, position: number) {
  await tx
    .update(categories)
    .set({ position: sql`${categories.position} - 1` })
    .where(and(siblingsOf(parentId), gt(categories.position, position)));
}

async function findParent(tx: TenantTx, parentId: string | null | undefined, problems: Problems) {
  if (!parentId) return null;
  const parent = parseId('cat', parentId)
    ? (await tx.select().from(categories).where(eq(categories.id, parentId)))[0]
    : undefined;
  if (!parent) {
    problems.add(['parentId'], CatalogError.NOT_FOUND, 'Parent category not found');
    throw new Rejected(problems);
  }
  return parent;
}

const slugTaken = (constraint: string) => {
  if (constraint !== 'categories_slug_key') return null;
  const problems = new Problems();
  problems.add(['slug'], CatalogError.DUPLICATE_SLUG, 'Slug is taken');
  return problems;
};

export interface CreateCategoryInput {
  title: string;
  slug?: string | null;
  parentId?: string | null;
  position?: number | null;
  descriptionHtml?: string | null;
  seo?: { title?: string | null; description?: string | null } | null;
  idempotencyKey?: string | null;
}

export async function createCategory(ctx: RequestContext, input: CreateCategoryInput): Promise<CategoryPayload> {
  const problems = new Problems();
  const title = checkText(problems, ['title'], input.title, { required: true, max: 255 }) ?? '';
  const slug = checkSlug(
    problems,
    ['slug'],
    input.slug ??
      title
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, ''),
  );
  const position = checkCount(problems, ['position'], input.position);
  const seoTitle = checkText(problems, ['seo', 'title'], input.seo?.title, { max: 70 });
  const seoDescription = checkText(problems, ['seo', 'description'], input.seo?.description, { max: 320 });
  if (!problems.ok) return { category: null, userErrors: problems.list };
  const result = await withUserErrors(
    () =>
      auditedTransaction(ctx, { action: 'category.create', entityType: 'Category' }, async (tx) => {
        const previous = await previousResult(tx, 'createCategory', input.idempotencyKey);
        if (previous) return replayed(previous);
        await lockTree(tx);
        const parent = await findParent(tx, input.parentId, problems);
        const [taken] = await tx
          .select({ id: categories.id })
          .from(categories)
          .where(eq(categories.slug, slug ?? ''));
        if (taken) problems.add(['slug'], CatalogError.DUPLICATE_SLUG, `Slug ${slug} is taken`);
        if (!problems.ok) throw new Rejected(problems);
        const id = newId('cat');
        const parentId = parent?.id ?? null;
        const at = Math.min(position ?? Number.MAX_SAFE_INTEGER, await siblingCount(tx, parentId));
        await openGap(tx, parentId, at);
        const row = {
          id,
          parentId,
          title,
          slug: slug ?? '',
          descriptionHtml: sanitizeRichText(input.descriptionHtml ?? ''),
          seoTitle,
          seoDescription,
          position: at,
          path: parent ? `${parent.path}/${ulidOf(id)}` : ulidOf(id),
          depth: parent ? parent.depth + 1 : 0,
        };
        await tx.insert(categories).values(row);
        await recordIdempotentResult(tx, 'createCategory', input.idempotencyKey, id);
        return { result: id, audit: { entityId: id, after: categoryFacts(row) } };
      }),
    slugTaken,
  );
  return finishCategory(ctx, result);
}

async function finishCategory(
  ctx: RequestContext,
  result: { ok: string } | { problems: Problems },
  tags = [categoriesTag],
): Promise<CategoryPayload> {
  if ('problems' in result) return { category: null, userErrors: result.problems.list };
  await invalidateTags(ctx, tags);
  const [category] = await tenantDb(ctx).transaction((tx) =>
    tx.select().from(categories).where(eq(categories.id, result.ok)),
  );
  return { category: category ?? null, userErrors: [] };
}

/** A category as its audit record shows it. */
const categoryFacts = (c: Omit<CategoryRow, 'createdAt' | 'updatedAt'>) => ({
  title: c.title,
  slug: c.slug,
  parentId: c.parentId,
  position: c.position,
  seoTitle: c.seoTitle,
  seoDescription: c.seoDescription,
});

export interface UpdateCategoryInput {
  id: string;
  title?: string | null;
  slug?: string | null;
  descriptionHtml?: string | null;
  seo?: { title?: string | null; description?: string | null } | null;
}

export async function updateCategory(ctx: RequestContext, input: UpdateCategoryInput): Promise<CategoryPayload> {
  const problems = new Problems();
  const set: Partial<CategoryRow> = {};
  if (input.title) set.title = checkText(problems, ['title'], input.title, { required: true, max: 255 }) ?? '';
  if (input.slug) set.slug = checkSlug(problems, ['slug'], input.slug) ?? '';
  if (input.descriptionHtml !== undefined && input.descriptionHtml !== null) {
    set.descriptionHtml = sanitizeRichText(input.descriptionHtml);
  }
  if (input.seo) {
    set.seoTitle = checkText(problems, ['seo', 'title'], input.seo.title, { max: 70 });
    set.seoDescription = checkText(problems, ['seo', 'description'], input.seo.description, { max: 320 });
  }
  if (!parseId('cat', input.id)) problems.add(['id'], CatalogError.NOT_FOUND, 'Category not found');
  if (!problems.ok) return { category: null, userErrors: problems.list };
  const result = await withUserErrors(
    () =>
      auditedTransaction(ctx, { action: 'category.update', entityType: 'Category' }, async (tx) => {
        const [current] = await tx.select().from(categories).where(eq(categories.id, input.id)).for('update');
        if (!current) {
          problems.add(['id'], CatalogError.NOT_FOUND, 'Category not found');
          throw new Rejected(problems);
        }
        const [updated] = await tx
          .update(categories)
          .set({ ...set, updatedAt: sql`now()` })
          .where(eq(categories.id, input.id))
          .returning();
        const descriptionChanged = set.descriptionHtml !== undefined && set.descriptionHtml !== current.descriptionHtml;
        return {
          result: input.id,
          audit: {
            entityId: input.id,
            before: {
              ...categoryFacts(current),
              ...(descriptionChanged ? { descriptionHtml: current.descriptionHtml } : {}),
            },
            after: {
              ...categoryFacts(updated ?? current),
              ...(descriptionChanged ? { descriptionHtml: set.descriptionHtml } : {}),
            },
          },
        };
      }),
    slugTaken,
  );
  return finishCategory(ctx, result);
}

export interface MoveCategoryInput {
  id: string;
  /** null: make it a root category. */
  parentId?: string | null;
  position?: number | null;
}

/**
 * Moves a category with its whole subtree under another parent (or to the root) at a position among
 * its new siblings. Moving a category under itself or one of its descendants is a CATEGORY_CYCLE.
 */
export async function moveCategory(ctx: RequestContext, input: MoveCategoryInput): Promise<CategoryPayload> {
  const problems = new Problems();
  const position = checkCount(problems, ['position'], input.position);
  if (!parseId('cat', input.id)) problems.add(['id'], CatalogError.NOT_FOUND, 'Category not found');
  if (!problems.ok) return { category: null, userErrors: problems.list };
  const result = await withUserErrors(() =>
    auditedTransaction(ctx, { action: 'category.move', entityType: 'Category' }, async (tx) => {
      await lockTree(tx);
      const [node] = await tx.select().from(categories).where(eq(categories.id, input.id));
      if (!node) {
        problems.add(['id'], CatalogError.NOT_FOUND, 'Category not found');
        throw new Rejected(problems);
      }
      const parent = await findParent(tx, input.parentId, problems);
      if (parent && (parent.id === node.id || parent.path.startsWith(`${node.path}/`))) {
        problems.add(
          ['parentId'],
          CatalogError.CATEGORY_CYCLE,
          'A category cannot move under itself or its descendants',
        );
        throw new Rejected(problems);
      }
      const newParentId = parent?.id ?? null;
      await closeGap(tx, node.parentId, node.position);
      // Park the node outside both sibling lists while positions shift.
      await tx.update(categories).set({ position: -1 }).where(eq(categories.id, node.id));
      const siblings = (await siblingCount(tx, newParentId)) - (node.parentId === newParentId ? 1 : 0);
      const at = Math.min(position ?? siblings, siblings);
      await openGap(tx, newParentId, at);
      const newPath = parent ? `${parent.path}/${ulidOf(node.id)}` : ulidOf(node.id);
      const depthDelta = (parent ? parent.depth + 1 : 0) - node.depth;
      await tx
        .update(categories)
        .set({
          path: sql`${newPath} || substr(${categories.path}, ${node.path.length + 1})`,
          depth: sql`${categories.depth} + ${depthDelta}`,
          updatedAt: sql`now()`,
        })
        .where(sql`${categories.path} = ${node.path} or ${categories.path} like ${`${node.path}/%`}`);
      await tx.update(categories).set({ parentId: newParentId, position: at }).where(eq(categories.id, node.id));
      return {
        result: node.id,
        audit: {
          entityId: node.id,
          before: { parentId: node.parentId, position: node.position },
          after: { parentId: newParentId, position: at },
        },
      };
    }),
  );
  // The subtree's products now count for other ancestors: category-filtered listings change.
  return finishCategory(ctx, result, [categoriesTag, listingsTag]);
}

export async function deleteCategory(
  ctx: RequestContext,
  id: string,
): Promise<{ deletedId: string | null; userErrors: UserError[] }> {
  const problems = new Problems();
  if (!parseId('cat', id)) problems.add(['id'], CatalogError.NOT_FOUND, 'Category not found');
  if (!problems.ok) return { deletedId: null, userErrors: problems.list };
  const result = await withUserErrors(() =>
    auditedTransaction(ctx, { action: 'category.delete', entityType: 'Category' }, async (tx) => {
      await lockTree(tx);
      const [node] = await tx.select().from(categories).where(eq(categories.id, id));
      if (!node) problems.add(['id'], CatalogError.NOT_FOUND, 'Category not found');
      else if ((await siblingCount(tx, node.id)) > 0) {
        problems.add(['id'], CatalogError.CATEGORY_NOT_EMPTY, 'Move or delete its subcategories first');
      }
      if (!node || !problems.ok) throw new Rejected(problems);
      await tx.delete(categories).where(eq(categories.id, id));
      await closeGap(tx, node.parentId, node.position);
      return { result: id, audit: { entityId: id, before: categoryFacts(node) } };
    }),
  );
  if ('problems' in result) return { deletedId: null, userErrors: result.problems.list };
  await invalidateTags(ctx, [categoriesTag, listingsTag]);
  return { deletedId: result.ok, userErrors: [] };
}
