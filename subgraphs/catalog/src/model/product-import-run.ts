import { type DeliveredEvent, idToUuid, publishEvent, type TenantTx } from '@meridian/kit';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import {
  categories,
  type ImportRowError,
  productImportRows,
  productImports,
  products,
  productVariants,
} from '../db/schema.ts';
import { type ProductImportBatch, productImportBatch } from '../events.ts';
import { errorToRow, type ImportRow, rowsToProductInput } from './csv-rows.ts';
import { checkProductInput, type NewProduct } from './product-input.ts';
import { insertProducts } from './product-write.ts';
import { Problems } from './validate.ts';

/** Products (slug groups) per batch: one transaction each, so progress shows and a retry redoes little. */
export const productsPerBatch = 500;

interface TenantSettings {
  currencies: string[];
  demo: boolean;
}

/**
 * Runs one batch of an import: the next products still pending, each validated like createProduct; a
 * product whose rows have errors is skipped with the errors on those rows, the others are written in
 * bulk. Progress and the next batch's event commit with the batch, so a crash repeats one batch at most.
 * Returns how many products the batch created.
 */
export async function runImportBatch(
  tx: TenantTx,
  event: DeliveredEvent<ProductImportBatch>,
  settings: TenantSettings,
): Promise<number> {
  const { importId } = event.payload;
  const [current] = await tx.select().from(productImports).where(eq(productImports.id, importId)).for('update');
  if (!current || current.status === 'completed') return 0;
  if (current.status === 'queued')
    await tx.update(productImports).set({ status: 'running' }).where(eq(productImports.id, importId));

  const slugs = (
    await tx
      .select({ slug: productImportRows.slug })
      .from(productImportRows)
      .where(and(eq(productImportRows.importId, importId), eq(productImportRows.status, 'pending')))
      .groupBy(productImportRows.slug)
      .orderBy(sql`min(${productImportRows.rowNumber})`)
      .limit(productsPerBatch)
  ).map((r) => r.slug);
  if (slugs.length === 0) {
    await tx
      .update(productImports)
      .set({ status: 'completed', finishedAt: sql`now()` })
      .where(eq(productImports.id, importId));
    return 0;
  }
  const rows = await tx
    .select()
    .from(productImportRows)
    .where(
      and(
        eq(productImportRows.importId, importId),
        eq(productImportRows.status, 'pending'),
        inArray(productImportRows.slug, slugs),
      ),
    )
    .orderBy(asc(productImportRows.rowNumber));
  const groups = new Map<string, ImportRow[]>();
  for (const row of rows)
    groups.set(row.slug, [...(groups.get(row.slug) ?? []), { rowNumber: row.rowNumber, data: row.data }]);

  const categorySlugs = [
    ...new Set(
      rows.flatMap((r) =>
        (r.data.category_slugs ?? '')
          .split('|')
          .map((s) => s.trim().toLowerCase())
          .filter(Boolean),
      ),
    ),
  ];
  const categoryIdBySlug = new Map(
    categorySlugs.length
      ? (
          await tx
            .select({ id: categories.id, slug: categories.slug })
            .from(categories)
            .where(inArray(categories.slug, categorySlugs))
        ).map((c) => [c.slug, c.id])
      : [],
  );
  const existingSlugs = new Set(
    (await tx.select({ slug: products.slug }).from(products).where(inArray(products.slug, slugs))).map((r) => r.slug),
  );

  const batchSkuList = [...new Set(rows.map((r) => (r.data.sku ?? '').trim().toLowerCase()).filter(Boolean))];
  const takenSkus = new Set(
    batchSkuList.length
      ? (
          await tx
            .select({ sku: sql<string>`lower(${productVariants.sku})` })
            .from(productVariants)
            .where(inArray(sql`lower(${productVariants.sku})`, batchSkuList))
        ).map((r) => r.sku)
      : [],
  );
  const failed = new Map<number, ImportRowError[]>();
  const good: { slug: string; product: NewProduct; rows: ImportRow[] }[] = [];
  const batchSkus = new Set<string>();
  for (const [slug, group] of groups) {
    const { input, errors } = rowsToProductInput(group, categoryIdBySlug, settings.currencies[0] as string);
    const problems = new Problems();
    const product = checkProductInput(input, settings.currencies, problems);
    if (existingSlugs.has(product.slug)) problems.add(['slug'], 'DUPLICATE_SLUG', `Slug ${product.slug} is taken`);
    for (const [i, v] of product.variants.entries()) {
      const sku = v.sku.toLowerCase();
      if (takenSkus.has(sku) || batchSkus.has(sku))
        problems.add(['variants', i, 'sku'], 'DUPLICATE_SKU', `SKU ${v.sku} is taken`);
    }
    for (const error of problems.list) addError(failed, errorToRow(group, error));
    for (const [rowNumber, list] of errors) for (const error of list) addError(failed, { rowNumber, error });
    if (group.some((r) => failed.has(r.rowNumber))) {
      for (const r of group) {
        if (!failed.has(r.rowNumber)) {
          failed.set(r.rowNumber, [
            { column: null, code: 'PRODUCT_REJECTED', message: `Another row of product ${slug} has errors` },
          ]);
        }
      }
    } else {
      good.push({ slug, product, rows: group });
      for (const v of product.variants) batchSkus.add(v.sku.toLowerCase());
    }
  }
  await insertProducts(
    tx,
    good.map((g) => g.product),
    { demo: settings.demo },
  );
  const importUuid = idToUuid('imp', importId);
  if (good.length > 0) {
    await tx.execute(sql`update product_import_rows r set status = 'created', product_id = p.id
      from products p where r.import_id = ${importUuid} and r.status = 'pending' and p.slug = r.slug
      and r.slug in (${sql.join(
        good.map((g) => sql`${g.slug}`),
        sql`, `,
      )})`);
  }
  if (failed.size > 0) {
    const list = [...failed].map(([row_number, errors]) => ({ row_number, errors }));
    await tx.execute(sql`update product_import_rows r set status = 'failed', errors = v.errors
      from jsonb_to_recordset(${JSON.stringify(list)}::jsonb) as v(row_number int, errors jsonb)
      where r.import_id = ${importUuid} and r.row_number = v.row_number`);
  }
  await tx
    .update(productImports)
    .set({
      processedRows: sql`${productImports.processedRows} + ${rows.length}`,
      createdProducts: sql`${productImports.createdProducts} + ${good.length}`,
      failedRows: sql`${productImports.failedRows} + ${failed.size}`,
    })
    .where(eq(productImports.id, importId));
  await publishEvent(tx, productImportBatch.create({ importId, batch: event.payload.batch + 1 }, { key: importId }));
  return good.length;
}

function addError(failed: Map<number, ImportRowError[]>, entry: { rowNumber: number; error: ImportRowError }) {
  failed.set(entry.rowNumber, [...(failed.get(entry.rowNumber) ?? []), entry.error]);
}
