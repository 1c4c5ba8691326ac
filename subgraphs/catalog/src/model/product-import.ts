import { newId, notFound, parseId, publishEvent, type RequestContext, type UserError } from '@meridian/kit';
import { parse } from 'csv-parse/sync';
import { and, asc, count, eq, gt, sql } from 'drizzle-orm';
import { CatalogError } from '../catalog.errors.ts';
import { productImportParts, productImportRows, productImports } from '../db/schema.ts';
import { productImportBatch } from '../events.ts';
import { auditedTransaction, replayed } from './audit.ts';
import { isDemoTenant, soldCurrencies, tenantDb } from './context.ts';
import { csvColumns, requiredColumns } from './csv-rows.ts';
import { Problems, Rejected, withUserErrors } from './validate.ts';

export type ProductImportRow = typeof productImports.$inferSelect;
export interface ImportPayload {
  productImport: ProductImportRow | null;
  userErrors: UserError[];
}

/** One import holds at most this many rows; a part at most what fits in a request (the body limit is 1 MB). */
export const maxImportRows = 50_000;

/** Parses one part (its own header line first). Unknown or missing columns refuse the whole part. */
function parsePart(text: string, problems: Problems): Record<string, string>[] {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false, trim: false });
  } catch (error) {
    problems.add(['csv'], CatalogError.INVALID_CSV, `Not valid CSV: ${(error as Error).message}`);
    return [];
  }
  const [header, ...rows] = records;
  const columns = (header ?? []).map((c) => c.trim().toLowerCase());
  const unknown = columns.filter((c) => !(csvColumns as readonly string[]).includes(c));
  if (unknown.length) problems.add(['csv'], CatalogError.INVALID_CSV, `Unknown columns: ${unknown.join(', ')}`);
  const missing = requiredColumns.filter((c) => !columns.includes(c));
  if (missing.length) problems.add(['csv'], CatalogError.INVALID_CSV, `Missing columns: ${missing.join(', ')}`);
  return rows.map((cells) => Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? ''])));
}

async function finish(ctx: RequestContext, result: { ok: string } | { problems: Problems }): Promise<ImportPayload> {
  if ('problems' in result) return { productImport: null, userErrors: result.problems.list };
  return { productImport: await findProductImport(ctx, result.ok), userErrors: [] };
}

/** Starts an import (idempotent by key), optionally with its first part, optionally queued at once. */
export async function createProductImport(
  ctx: RequestContext,
  input: { idempotencyKey: string; csv?: string | null; start?: boolean | null },
): Promise<ImportPayload> {
  const problems = new Problems();
  const key = input.idempotencyKey?.trim();
  if (!key || key.length > 200)
    problems.add(['idempotencyKey'], CatalogError.REQUIRED, 'Give a key of up to 200 characters');
  if (!problems.ok) return { productImport: null, userErrors: problems.list };
  const result = await withUserErrors(() =>
    auditedTransaction(ctx, { action: 'product-import.create', entityType: 'ProductImport' }, async (tx) => {
      const inserted = await tx
        .insert(productImports)
        .values({
          id: newId('imp'),
          idempotencyKey: key as string,
          currencies: soldCurrencies(ctx),
          demo: isDemoTenant(ctx),
        })
        .onConflictDoNothing()
        .returning({ id: productImports.id });
      const [row] = await tx
        .select()
        .from(productImports)
        .where(eq(productImports.idempotencyKey, key as string));
      if (!row) throw new Error('import vanished');
      if (inserted.length === 0) return replayed(row.id); // a retry: the first call did the work
      const rows = input.csv ? await appendRows(tx, row.id, 0, input.csv, problems) : 0;
      const queued = input.start ? await queue(tx, row.id, problems) : false;
      return {
        result: row.id,
        audit: { entityId: row.id, after: { idempotencyKey: key, rows, status: queued ? 'queued' : 'uploading' } },
      };
    }),
  );
  return finish(ctx, result);
}

async function appendRows(
  tx: Parameters<Parameters<ReturnType<typeof tenantDb>['transaction']>[0]>[0],
  importId: string,
  sequence: number,
  csv: string,
  problems: Problems,
): Promise<number | null> {
  const [current] = await tx.select().from(productImports).where(eq(productImports.id, importId)).for('update');
  if (!current) {
    problems.add(['importId'], CatalogError.NOT_FOUND, 'Import not found');
    throw new Rejected(problems);
  }
  const [received] = await tx
    .select({ n: count() })
    .from(productImportParts)
    .where(eq(productImportParts.importId, importId));
  const expected = received?.n ?? 0;
  if (sequence < expected) return null; // this part arrived before: a retried upload adds nothing
  if (current.status !== 'uploading') problems.add(['importId'], CatalogError.INVALID_STATE, 'The import has started');
  if (sequence > expected) problems.add(['sequence'], CatalogError.INVALID, `Part ${expected} comes next`);
  const records = problems.ok ? parsePart(csv, problems) : [];
  if (current.totalRows + records.length > maxImportRows) {
    problems.add(['csv'], CatalogError.INVALID, `An import holds at most ${maxImportRows} rows`);
  }
  if (!problems.ok) throw new Rejected(problems);
  // Line numbers as in the file: line 1 is the header, so data starts at line 2.
  const rows = records.map((data, i) => ({
    importId,
    rowNumber: current.totalRows + i + 2,
    slug: (data.slug ?? '').trim().toLowerCase(),
    data,
  }));
  for (let i = 0; i < rows.length; i += 2000) await tx.insert(productImportRows).values(rows.slice(i, i + 2000));
  await tx.insert(productImportParts).values({ importId, sequence, rows: rows.length });
  await tx
    .update(productImports)
    .set({ totalRows: sql`${productImports.totalRows} + ${rows.length}` })
    .where(eq(productImports.id, importId));
  return rows.length;
}

/** Queues the first batch; false when the import was queued before (nothing changed). */
async function queue(tx: Parameters<typeof appendRows>[0], importId: string, problems: Problems): Promise<boolean> {
  const started = await tx
    .update(productImports)
    .set({ status: 'queued', startedAt: sql`now()` })
    .where(and(eq(productImports.id, importId), eq(productImports.status, 'uploading')))
    .returning({ id: productImports.id });
  if (started.length === 0) return false; // queued already
  const [row] = await tx
    .select({ total: productImports.totalRows })
    .from(productImports)
    .where(eq(productImports.id, importId));
  if (!row?.total) {
    problems.add(['importId'], CatalogError.INVALID_STATE, 'The import has no rows');
    throw new Rejected(problems);
  }
  await publishEvent(tx, productImportBatch.create({ importId, batch: 0 }, { key: importId }));
  return true;
}

export async function appendProductImportPart(
  ctx: RequestContext,
  input: { importId: string; sequence: number; csv: string },
): Promise<ImportPayload> {
  const problems = new Problems();
  if (!parseId('imp', input.importId)) problems.add(['importId'], CatalogError.NOT_FOUND, 'Import not found');
  if (!Number.isInteger(input.sequence) || input.sequence < 0)
    problems.add(['sequence'], CatalogError.NEGATIVE, 'Must be 0 or more');
  if (!problems.ok) return { productImport: null, userErrors: problems.list };
  const result = await withUserErrors(() =>
    auditedTransaction(ctx, { action: 'product-import.append-part', entityType: 'ProductImport' }, async (tx) => {
      const rows = await appendRows(tx, input.importId, input.sequence, input.csv, problems);
      if (rows === null) return replayed(input.importId);
      return { result: input.importId, audit: { entityId: input.importId, after: { sequence: input.sequence, rows } } };
    }),
  );
  return finish(ctx, result);
}

export async function startProductImport(ctx: RequestContext, importId: string): Promise<ImportPayload> {
  const problems = new Problems();
  if (!parseId('imp', importId)) problems.add(['importId'], CatalogError.NOT_FOUND, 'Import not found');
  if (!problems.ok) return { productImport: null, userErrors: problems.list };
  const result = await withUserErrors(() =>
    auditedTransaction(ctx, { action: 'product-import.start', entityType: 'ProductImport' }, async (tx) => {
      const [row] = await tx
        .select({ id: productImports.id, totalRows: productImports.totalRows })
        .from(productImports)
        .where(eq(productImports.id, importId));
      if (!row) {
        problems.add(['importId'], CatalogError.NOT_FOUND, 'Import not found');
        throw new Rejected(problems);
      }
      if (!(await queue(tx, importId, problems))) return replayed(importId);
      return { result: importId, audit: { entityId: importId, after: { status: 'queued', totalRows: row.totalRows } } };
    }),
  );
  return finish(ctx, result);
}

export async function findProductImport(ctx: RequestContext, id: string): Promise<ProductImportRow> {
  if (!parseId('imp', id)) throw notFound('ProductImport');
  const [row] = await tenantDb(ctx).transaction((tx) =>
    tx.select().from(productImports).where(eq(productImports.id, id)),
  );
  if (!row) throw notFound('ProductImport');
  return row;
}

/** Failed rows of an import, in file order (keyset on the row number). */
export async function importErrors(
  ctx: RequestContext,
  importId: string,
  args: { first: number; after?: string | null },
) {
  const after = Number(args.after ?? 0) || 0;
  const rows = await tenantDb(ctx).transaction((tx) =>
    tx
      .select({ rowNumber: productImportRows.rowNumber, errors: productImportRows.errors })
      .from(productImportRows)
      .where(
        and(
          eq(productImportRows.importId, importId),
          eq(productImportRows.status, 'failed'),
          gt(productImportRows.rowNumber, after),
        ),
      )
      .orderBy(asc(productImportRows.rowNumber))
      .limit(args.first + 1),
  );
  return { rows: rows.slice(0, args.first), hasNextPage: rows.length > args.first };
}
