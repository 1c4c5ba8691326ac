import {
  isCurrency,
  MoneyError,
  Problems,
  parseDecimal,
  parseId,
  type RequestContext,
  read,
  type UserError,
} from '@meridian/kit';
import { AccountingError } from '../accounting.errors.ts';
import { productTaxClassRows } from './product-tax-class.ts';
import { tenantTaxRules } from './rules-cache.ts';
import { calculateTax, type TaxCalculation, type TaxLineInput } from './tax-calculation.ts';
import { checkCountry, checkRegion } from './tax-input.ts';
import { normalisePostalCode } from './zone-match.ts';

/** A quote request as the graph sends it: money as exact decimal strings in `currency`. */
export interface TaxQuoteRequest {
  currency: string;
  address: { country: string; region?: string | null; postalCode?: string | null };
  lines: {
    key: string;
    unitAmount: string;
    quantity: number;
    discount?: string | null;
    /** The class; else the product's class; else the tenant's default class. */
    taxClassId?: string | null;
    productId?: string | null;
  }[];
  shipping?: string | null;
  /** Staff may ask about another time or pricing mode; the storefront gets now and the tenant's mode. */
  pricesIncludeTax?: boolean | null;
  at?: Date | null;
}

export type TaxQuoteResult = { quote: TaxCalculation | null; userErrors: UserError[] };

const maxLines = 500;
const maxQuantity = 1_000_000;
const postalPattern = /^[A-Z0-9-]{1,16}$/;

function amountOf(problems: Problems, field: (string | number)[], text: string, currency: string): number | null {
  try {
    const { amount } = parseDecimal(text.trim(), currency);
    if (amount < 0) {
      problems.add(field, AccountingError.INVALID_AMOUNT, 'Must not be negative');
      return null;
    }
    return amount;
  } catch (error) {
    problems.add(field, AccountingError.INVALID_AMOUNT, (error as Error).message);
    return null;
  }
}

/**
 * Validates the request, resolves each line's class (line → product → default) and runs THE
 * calculation on the tenant's cached rules. Refused input answers userErrors naming the field.
 */
export async function quoteTax(ctx: RequestContext, request: TaxQuoteRequest): Promise<TaxQuoteResult> {
  const problems = new Problems();
  const currency = request.currency.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency) || !isCurrency(currency)) {
    problems.add(['currency'], AccountingError.UNSUPPORTED_CURRENCY, `Not an ISO 4217 currency: ${request.currency}`);
  }
  const country = checkCountry(problems, ['address', 'country'], request.address.country);
  const region = checkRegion(problems, ['address', 'region'], request.address.region);
  const postalCode = request.address.postalCode ? normalisePostalCode(request.address.postalCode) : null;
  if (postalCode !== null && !postalPattern.test(postalCode)) {
    problems.add(['address', 'postalCode'], AccountingError.INVALID, 'Not a postal code');
  }
  if (request.lines.length > maxLines) problems.add(['lines'], AccountingError.TOO_MANY, `At most ${maxLines} lines`);
  if (!problems.ok || !country) return { quote: null, userErrors: problems.list };

  const { rules, settings } = await tenantTaxRules(ctx);
  const classIds = new Set(rules.classes.map((c) => c.id));
  const keys = new Set<string>();
  const lines: (TaxLineInput & { productId: string | null })[] = [];
  for (const [i, line] of request.lines.entries()) {
    const key = line.key.trim();
    if (!key || key.length > 100)
      problems.add(['lines', i, 'key'], AccountingError.INVALID, 'A key is 1-100 characters');
    else if (keys.has(key))
      problems.add(['lines', i, 'key'], AccountingError.DUPLICATE_KEY, `Two lines have key ${key}`);
    keys.add(key);
    const amount = amountOf(problems, ['lines', i, 'unitAmount'], line.unitAmount, currency);
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > maxQuantity) {
      problems.add(
        ['lines', i, 'quantity'],
        AccountingError.INVALID_QUANTITY,
        `A whole number from 1 to ${maxQuantity}`,
      );
    }
    const discount = line.discount ? amountOf(problems, ['lines', i, 'discount'], line.discount, currency) : 0;
    if (amount !== null && discount !== null && discount > amount * line.quantity) {
      problems.add(['lines', i, 'discount'], AccountingError.INVALID_DISCOUNT, 'The discount exceeds the line amount');
    }
    if (line.taxClassId && !classIds.has(line.taxClassId)) {
      problems.add(['lines', i, 'taxClassId'], AccountingError.NOT_FOUND, 'Tax class not found');
    }
    if (line.productId && !parseId('prd', line.productId)) {
      problems.add(['lines', i, 'productId'], AccountingError.NOT_FOUND, 'Product not found');
    }
    const taxClassId = line.taxClassId ?? '';
    lines.push({
      key,
      amount: amount ?? 0,
      quantity: line.quantity,
      discount: discount ?? 0,
      taxClassId,
      productId: line.productId ?? null,
    });
  }
  const shipping = request.shipping ? amountOf(problems, ['shipping'], request.shipping, currency) : null;
  if (!problems.ok) return { quote: null, userErrors: problems.list };

  const productIds = lines.filter((l) => !l.taxClassId && l.productId).map((l) => l.productId as string);
  const assigned = productIds.length
    ? new Map((await read(ctx, (tx) => productTaxClassRows(tx, productIds))).map((r) => [r.productId, r.taxClassId]))
    : new Map<string, string>();
  for (const [i, line] of lines.entries()) {
    if (!line.taxClassId)
      line.taxClassId = (line.productId && assigned.get(line.productId)) || settings.defaultTaxClassId || '';
    if (!line.taxClassId)
      problems.add(['lines', i, 'taxClassId'], AccountingError.REQUIRED, 'No class given and no default class set');
  }
  if (!problems.ok) return { quote: null, userErrors: problems.list };
  try {
    const quote = calculateTax(
      {
        lines: lines.map(({ productId: _, ...line }) => line),
        shipping: shipping === null ? null : { amount: shipping },
        currency,
        address: { country, region, postalCode },
        pricesIncludeTax: request.pricesIncludeTax ?? settings.pricesIncludeTax,
        at: request.at ?? new Date(),
      },
      rules,
    );
    return { quote, userErrors: [] };
  } catch (error) {
    if (!(error instanceof MoneyError)) throw error;
    problems.add(['lines'], AccountingError.INVALID_AMOUNT, 'The amounts are too large');
    return { quote: null, userErrors: problems.list };
  }
}
