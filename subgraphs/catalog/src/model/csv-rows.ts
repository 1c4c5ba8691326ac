import type { UserError } from '@meridian/kit';
import type { ImportRowError } from '../db/schema.ts';
import type { ProductInput } from './product-input.ts';

/** The columns a product CSV may have; one row per variant, rows with the same slug are one product. */
export const csvColumns = [
  'slug',
  'title',
  'description_html',
  'status',
  'category_slugs',
  'option1_name',
  'option1_value',
  'option2_name',
  'option2_value',
  'option3_name',
  'option3_value',
  'sku',
  'barcode',
  'price',
  'currency',
  'weight_grams',
  'attributes',
] as const;

export const requiredColumns = ['slug', 'title', 'sku'] as const;

export interface ImportRow {
  rowNumber: number;
  data: Record<string, string>;
}

const statuses = new Set(['draft', 'active', 'archived']);

/** 'color=red;material=cotton|linen' → [{ key: 'color', values: ['red'] }, …]. */
function parseAttributes(text: string) {
  return text
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [key = '', values = ''] = part.split('=', 2);
      return { key, values: values.split('|') };
    });
}

function wholeNumber(text: string): number | null {
  if (!text.trim()) return null;
  return Number(text.trim());
}

/**
 * The rows of one product as a createProduct input. The first row carries the product's fields; every
 * row is a variant. Category slugs are resolved by the caller (`categoryIdBySlug`).
 */
export function rowsToProductInput(
  rows: ImportRow[],
  categoryIdBySlug: Map<string, string>,
  defaultCurrency: string,
): { input: ProductInput; errors: Map<number, ImportRowError[]> } {
  const errors = new Map<number, ImportRowError[]>();
  const fail = (row: ImportRow, column: string, code: string, message: string) => {
    errors.set(row.rowNumber, [...(errors.get(row.rowNumber) ?? []), { column, code, message }]);
  };
  const first = rows[0] as ImportRow;
  const d = first.data;
  const status = (d.status ?? '').trim().toLowerCase() || 'draft';
  if (!statuses.has(status)) fail(first, 'status', 'INVALID', 'Use draft, active or archived');
  const categoryIds: string[] = [];
  for (const slug of (d.category_slugs ?? '')
    .split('|')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)) {
    const id = categoryIdBySlug.get(slug);
    if (id) categoryIds.push(id);
    else fail(first, 'category_slugs', 'NOT_FOUND', `No category ${slug}`);
  }
  const options = [1, 2, 3]
    .map((n) => ({ name: (d[`option${n}_name`] ?? '').trim(), n }))
    .filter((o) => o.name)
    .map((o) => ({
      name: o.name,
      values: [...new Set(rows.map((r) => (r.data[`option${o.n}_value`] ?? '').trim()).filter(Boolean))],
      n: o.n,
    }));
  const input: ProductInput = {
    title: d.title ?? '',
    slug: d.slug ?? '',
    descriptionHtml: d.description_html ?? '',
    status: status as ProductInput['status'],
    attributes: parseAttributes(d.attributes ?? ''),
    options: options.map(({ name, values }) => ({ name, values })),
    categoryIds,
    variants: rows.map((row) => ({
      sku: row.data.sku ?? '',
      barcode: row.data.barcode || null,
      optionValues: options.map((o) => ({ name: o.name, value: row.data[`option${o.n}_value`] ?? '' })),
      weightGrams: wholeNumber(row.data.weight_grams ?? ''),
      prices: row.data.price?.trim()
        ? [
            {
              amount: row.data.price.trim(),
              currencyCode: (row.data.currency?.trim() || defaultCurrency).toUpperCase(),
            },
          ]
        : [],
    })),
  };
  return { input, errors };
}

const variantColumns: Record<string, string> = {
  sku: 'sku',
  barcode: 'barcode',
  title: 'title',
  weightGrams: 'weight_grams',
  optionValues: 'option1_value',
};
const productColumns: Record<string, string> = {
  title: 'title',
  slug: 'slug',
  descriptionHtml: 'description_html',
  attributes: 'attributes',
  options: 'option1_name',
  variants: 'sku',
  categoryIds: 'category_slugs',
  seo: 'title',
};

/** Maps a createProduct userError (['input', 'variants', 2, 'sku']) to the CSV row and column it came from. */
export function errorToRow(rows: ImportRow[], error: UserError): { rowNumber: number; error: ImportRowError } {
  const field = error.field ?? [];
  const base = { code: error.code, message: error.message };
  if (field[1] === 'variants' && field[2] !== undefined && /^\d+$/.test(field[2])) {
    const row = rows[Number(field[2])] ?? (rows[0] as ImportRow);
    const key = field[3] ?? 'sku';
    const column = key === 'prices' ? (field[5] === 'currency' ? 'currency' : 'price') : (variantColumns[key] ?? key);
    return { rowNumber: row.rowNumber, error: { column, ...base } };
  }
  return {
    rowNumber: (rows[0] as ImportRow).rowNumber,
    error: { column: productColumns[field[1] ?? ''] ?? null, ...base },
  };
}
