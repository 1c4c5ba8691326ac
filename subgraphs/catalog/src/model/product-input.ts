import { MeridianError, parseDecimal } from '@meridian/kit';
import { CatalogError } from '../catalog.errors.ts';
import type { Attributes, OptionValue, ProductStatus } from '../db/schema.ts';
import { plainText, sanitizeRichText } from './rich-text.ts';
import { checkCount, checkMediaUrl, checkSlug, checkText, Problems } from './validate.ts';

/** GraphQL inputs, as the resolvers pass them (enums already lower-cased). */
export interface MoneyInput {
  amount: string;
  currencyCode: string;
}
export interface VariantInput {
  sku: string;
  barcode?: string | null;
  title?: string | null;
  optionValues?: OptionValue[] | null;
  weightGrams?: number | null;
  dimensions?: { lengthMm?: number | null; widthMm?: number | null; heightMm?: number | null } | null;
  prices?: MoneyInput[] | null;
}
export interface ProductInput {
  title: string;
  slug?: string | null;
  descriptionHtml?: string | null;
  status?: ProductStatus | null;
  seo?: { title?: string | null; description?: string | null } | null;
  attributes?: { key: string; values: string[] }[] | null;
  options?: { name: string; values: string[] }[] | null;
  variants: VariantInput[];
  media?: { url: string; alt?: string | null }[] | null;
  categoryIds?: string[] | null;
}

export interface NewVariant {
  sku: string;
  barcode: string | null;
  title: string;
  optionValues: OptionValue[];
  weightGrams: number | null;
  lengthMm: number | null;
  widthMm: number | null;
  heightMm: number | null;
  prices: { currency: string; amount: number }[];
}
export interface NewProduct {
  title: string;
  slug: string;
  descriptionHtml: string;
  descriptionText: string;
  status: ProductStatus;
  seoTitle: string | null;
  seoDescription: string | null;
  attributes: Attributes;
  options: { name: string; values: string[] }[];
  variants: NewVariant[];
  media: { url: string; alt: string }[];
  categoryIds: string[];
}

export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120)
    .replace(/-+$/g, '');
}

export function checkPrices(
  problems: Problems,
  field: (string | number)[],
  prices: MoneyInput[],
  currencies: string[],
): { currency: string; amount: number }[] {
  const seen = new Set<string>();
  const out: { currency: string; amount: number }[] = [];
  for (const [i, price] of prices.entries()) {
    const currency = price.currencyCode.trim().toUpperCase();
    if (!currencies.includes(currency)) {
      problems.add([...field, i, 'currency'], CatalogError.CURRENCY_NOT_SOLD, `This shop does not sell in ${currency}`);
      continue;
    }
    if (seen.has(currency)) {
      problems.add([...field, i, 'currency'], CatalogError.INVALID, `${currency} is given twice`);
      continue;
    }
    seen.add(currency);
    const amount = checkAmount(problems, [...field, i, 'amount'], price.amount, currency);
    if (amount !== null) out.push({ currency, amount });
  }
  return out;
}

/** A decimal string in minor units; negatives and excess decimals are userErrors. */
export function checkAmount(problems: Problems, field: (string | number)[], text: string, currency: string) {
  try {
    const { amount } = parseDecimal(text.trim(), currency);
    if (amount < 0) {
      problems.add(field, CatalogError.NEGATIVE, 'Must not be negative');
      return null;
    }
    return amount;
  } catch (error) {
    if (error instanceof MeridianError) {
      problems.add(field, CatalogError.INVALID_AMOUNT, error.message);
      return null;
    }
    throw error;
  }
}

export function checkAttributes(problems: Problems, field: string[], input: ProductInput['attributes']): Attributes {
  const attributes: Attributes = {};
  for (const [i, attribute] of (input ?? []).entries()) {
    const key = attribute.key.trim().toLowerCase();
    if (!/^[a-z0-9][a-z0-9_-]{0,39}$/.test(key)) {
      problems.add([...field, i, 'key'], CatalogError.INVALID, 'Use up to 40 lowercase letters, digits, _ or -');
      continue;
    }
    const values = [...new Set(attribute.values.map((v) => v.trim()).filter(Boolean))];
    if (values.length === 0 || values.some((v) => v.length > 100)) {
      problems.add([...field, i, 'values'], CatalogError.INVALID, 'Give 1 or more values of up to 100 characters');
      continue;
    }
    attributes[key] = values;
  }
  return attributes;
}

export function checkVariant(
  problems: Problems,
  field: (string | number)[],
  input: VariantInput,
  options: { name: string; values: string[] }[],
  currencies: string[],
): NewVariant {
  const sku = checkText(problems, [...field, 'sku'], input.sku, { required: true, max: 64 }) ?? '';
  const optionValues: OptionValue[] = [];
  const given = input.optionValues ?? [];
  for (const option of options) {
    const match = given.find((g) => g.name.trim().toLowerCase() === option.name.toLowerCase());
    if (!match || !option.values.includes(match.value.trim())) {
      problems.add(
        [...field, 'optionValues'],
        CatalogError.INVALID,
        `Choose one of ${option.values.join(', ')} for ${option.name}`,
      );
    } else optionValues.push({ name: option.name, value: match.value.trim() });
  }
  if (given.length > options.length) problems.add([...field, 'optionValues'], CatalogError.INVALID, 'Unknown option');
  const title =
    checkText(problems, [...field, 'title'], input.title, { max: 200 }) ??
    (optionValues.length ? optionValues.map((o) => o.value).join(' / ') : 'Default');
  const dims = input.dimensions ?? {};
  return {
    sku,
    barcode: checkText(problems, [...field, 'barcode'], input.barcode, { max: 64 }),
    title,
    optionValues,
    weightGrams: checkCount(problems, [...field, 'weightGrams'], input.weightGrams),
    lengthMm: checkCount(problems, [...field, 'dimensions', 'lengthMm'], dims.lengthMm),
    widthMm: checkCount(problems, [...field, 'dimensions', 'widthMm'], dims.widthMm),
    heightMm: checkCount(problems, [...field, 'dimensions', 'heightMm'], dims.heightMm),
    prices: checkPrices(problems, [...field, 'prices'], input.prices ?? [], currencies),
  };
}

export function checkOptions(problems: Problems, input: ProductInput['options']) {
  const options: { name: string; values: string[] }[] = [];
  for (const [i, option] of (input ?? []).entries()) {
    const name = checkText(problems, ['options', i, 'name'], option.name, { required: true, max: 60 });
    const values = [...new Set(option.values.map((v) => v.trim()).filter(Boolean))];
    if (values.length === 0) problems.add(['options', i, 'values'], CatalogError.REQUIRED, 'Give at least one value');
    if (name && options.some((o) => o.name.toLowerCase() === name.toLowerCase())) {
      problems.add(['options', i, 'name'], CatalogError.DUPLICATE_OPTION, `Option ${name} is given twice`);
    } else if (name) options.push({ name, values });
  }
  if (options.length > 3) problems.add(['options'], CatalogError.INVALID, 'At most 3 options');
  return options;
}

/** Checks and normalises a whole product; nothing here touches the database. */
export function checkProductInput(input: ProductInput, currencies: string[], problems = new Problems()): NewProduct {
  const title = checkText(problems, ['title'], input.title, { required: true, max: 255 }) ?? '';
  const slug = checkSlug(problems, ['slug'], input.slug ?? slugify(title));
  const descriptionHtml = sanitizeRichText(input.descriptionHtml ?? '');
  if (descriptionHtml.length > 100_000)
    problems.add(['descriptionHtml'], CatalogError.TOO_LONG, 'At most 100 000 characters');
  const options = checkOptions(problems, input.options);
  if (input.variants.length === 0) problems.add(['variants'], CatalogError.REQUIRED, 'Give at least one variant');
  if (options.length === 0 && input.variants.length > 1) {
    problems.add(['variants'], CatalogError.INVALID, 'A product without options has one variant');
  }
  if (input.variants.length > 100) problems.add(['variants'], CatalogError.INVALID, 'At most 100 variants');
  const variants = input.variants.map((v, i) => checkVariant(problems, ['variants', i], v, options, currencies));
  const skus = new Set<string>();
  const combos = new Set<string>();
  for (const [i, variant] of variants.entries()) {
    const sku = variant.sku.toLowerCase();
    if (sku && skus.has(sku))
      problems.add(['variants', i, 'sku'], CatalogError.DUPLICATE_SKU, `SKU ${variant.sku} is given twice`);
    skus.add(sku);
    const combo = JSON.stringify(variant.optionValues);
    if (options.length > 0 && combos.has(combo)) {
      problems.add(['variants', i, 'optionValues'], CatalogError.INVALID, 'Two variants have the same option values');
    }
    combos.add(combo);
  }
  return {
    title,
    slug: slug ?? '',
    descriptionHtml,
    descriptionText: plainText(descriptionHtml),
    status: input.status ?? 'draft',
    seoTitle: checkText(problems, ['seo', 'title'], input.seo?.title, { max: 70 }),
    seoDescription: checkText(problems, ['seo', 'description'], input.seo?.description, { max: 320 }),
    attributes: checkAttributes(problems, ['attributes'], input.attributes),
    options,
    variants,
    media: (input.media ?? []).map((m, i) => ({
      url: checkMediaUrl(problems, ['media', i, 'url'], m.url.trim()),
      alt: checkText(problems, ['media', i, 'alt'], m.alt, { max: 255 }) ?? '',
    })),
    categoryIds: [...new Set(input.categoryIds ?? [])],
  };
}
