import { allocate, type RequestContext } from '@meridian/kit';
import type { Address, AppliedTax, CartPricing, CartWarning, ChosenShipping } from '../db/types.ts';
import { type CatalogQuote, catalogPriceQuote, type PricedLine } from './catalog-client.ts';
import { lineIndexOf, type RemoteUserError } from './services.ts';
import { shippingOptions } from './shipping-rate.ts';
import { shippingRules } from './shipping-zone.ts';
import { accountingTaxQuote, pricesIncludeTax, type TaxLineInput } from './tax-client.ts';

export interface CartState {
  currency: string;
  discountCode: string | null;
  shippingAddress: Address | null;
  shippingMethodId: string | null;
  lines: { variantId: string; quantity: number }[];
}

export interface LineResult extends PricedLine {
  orderDiscount: number;
  netAmount: number;
  taxAmount: number;
  grossAmount: number;
  taxes: AppliedTax[];
  taxClassId: string | null;
}

export interface CartPrice {
  pricing: CartPricing;
  /** In the order of `state.lines`, without the unpriceable ones. */
  lines: LineResult[];
  /** Lines (index into state.lines) the catalog could not price: unknown, archived, no price in the currency. */
  unpriced: { index: number; code: string; message: string }[];
  /** Why the discount code does not apply (the price is computed without it). */
  discountProblem: RemoteUserError | null;
  /** The chosen method cannot carry this cart to this address any more. */
  shippingUnavailable: boolean;
  /** Problems of accounting's tax quote (unsupported country or currency for tax). */
  taxProblems: RemoteUserError[];
}

const emptyQuote: CatalogQuote = { lines: [], subtotal: 0, orderDiscount: null };

/** Catalog prices for the lines; unpriceable lines are set aside (with why) and the rest priced again. */
async function priceLines(ctx: RequestContext, state: CartState) {
  const unpriced: CartPrice['unpriced'] = [];
  let discountProblem: RemoteUserError | null = null;
  let indexes = state.lines.map((_, i) => i);
  for (let attempt = 0; attempt < 2 && indexes.length > 0; attempt++) {
    const { quote, userErrors } = await catalogPriceQuote(ctx, {
      currency: state.currency,
      discountCode: state.discountCode,
      lines: indexes.map((i) => state.lines[i] as CartState['lines'][number]),
    });
    discountProblem = userErrors.find((e) => e.field?.includes('discountCode')) ?? null;
    if (quote) return { quote, indexes, unpriced, discountProblem };
    const failing = new Set<number>();
    for (const error of userErrors) {
      const at = lineIndexOf(error);
      if (at === null) continue;
      failing.add(at);
      unpriced.push({ index: indexes[at] as number, code: error.code, message: error.message });
    }
    if (failing.size === 0) throw new Error(`catalog refused the quote: ${JSON.stringify(userErrors)}`);
    indexes = indexes.filter((_, at) => !failing.has(at));
  }
  return { quote: emptyQuote, indexes: [] as number[], unpriced, discountProblem };
}

/**
 * Prices a cart: catalog line prices and discounts, the order discount spread over the lines (largest
 * remainder), the chosen shipping method's rate, and accounting's taxes once the address is known.
 * Nothing from the client is trusted: every figure comes from the owning domain.
 */
/** What accounting is asked for a priced cart: the lines at their unit prices less their discount share, and shipping. */
export interface TaxRequest {
  lines: TaxLineInput[];
  shipping: number | null;
}

export function taxRequestOf(
  lines: { productId: string | null; unitPrice: number; quantity: number; orderDiscount: number }[],
  shipping: number | null,
): TaxRequest {
  return {
    lines: lines.map((l, i) => ({
      key: String(i),
      productId: l.productId,
      unitAmount: l.unitPrice,
      quantity: l.quantity,
      discount: l.orderDiscount,
    })),
    shipping,
  };
}

/** The order discount spread over the lines by their totals (largest remainder: the parts add up exactly). */
export function discountShares(currency: string, discount: number, lineTotals: number[]): number[] {
  if (discount <= 0 || lineTotals.reduce((a, b) => a + b, 0) <= 0) return lineTotals.map(() => 0);
  return allocate({ amount: discount, currency }, lineTotals).map((m) => m.amount);
}

export async function priceCart(
  ctx: RequestContext,
  state: CartState,
  options: { assumedTax?: TaxRequest | null } = {},
): Promise<CartPrice> {
  const { currency } = state;
  // At checkout the cart was priced moments ago: the taxes of those prices are asked for while the
  // catalog reprices, and used when the repricing lands on the same request (else asked again).
  const assumed = options.assumedTax && state.shippingAddress ? options.assumedTax : null;
  const speculative =
    assumed && state.shippingAddress
      ? accountingTaxQuote(ctx, { currency, address: state.shippingAddress, ...assumed })
      : null;
  speculative?.catch(() => {});
  const priced = await priceLines(ctx, state);
  const quoted = priced.quote.lines;
  const orderDiscount = priced.quote.orderDiscount?.amount ?? 0;
  const subtotal = priced.quote.subtotal;
  const shares = discountShares(
    currency,
    orderDiscount,
    quoted.map((l) => l.lineTotal),
  );
  const weightGrams = quoted.reduce((sum, l) => sum + l.weightGrams * l.quantity, 0);
  const warnings: CartWarning[] = [];
  if (priced.discountProblem) warnings.push(priced.discountProblem);
  for (const u of priced.unpriced) {
    warnings.push({ field: ['lines', String(u.index)], code: u.code, message: u.message });
  }

  let shipping: ChosenShipping | null = null;
  let shippingUnavailable = false;
  if (state.shippingAddress && state.shippingMethodId && quoted.length > 0) {
    const options = shippingOptions(await shippingRules(ctx), state.shippingAddress, {
      currency,
      subtotal: subtotal - orderDiscount,
      weightGrams,
    });
    const chosen = options.find((o) => o.methodId === state.shippingMethodId);
    if (chosen) shipping = { ...chosen, taxAmount: 0 };
    else {
      shippingUnavailable = true;
      warnings.push({
        field: ['shippingMethodId'],
        code: 'SHIPPING_METHOD_UNAVAILABLE',
        message: 'This shipping method cannot deliver this cart here',
      });
    }
  }

  const lines: LineResult[] = quoted.map((line, i) => ({
    ...line,
    orderDiscount: shares[i] ?? 0,
    netAmount: line.lineTotal - (shares[i] ?? 0),
    taxAmount: 0,
    grossAmount: line.lineTotal - (shares[i] ?? 0),
    taxes: [],
    taxClassId: null,
  }));
  let tax: CartPricing['tax'] = null;
  let includeTax: boolean;
  let taxProblems: RemoteUserError[] = [];
  let total = subtotal - orderDiscount + (shipping?.amount ?? 0);
  if (state.shippingAddress && lines.length > 0) {
    const request = taxRequestOf(lines, shipping?.amount ?? null);
    const quote =
      speculative && JSON.stringify(request) === JSON.stringify(assumed)
        ? await speculative
        : await accountingTaxQuote(ctx, { currency, address: state.shippingAddress, ...request });
    taxProblems = quote.userErrors;
    const result = quote.result;
    if (result) {
      includeTax = result.pricesIncludeTax;
      lines.forEach((line, i) => {
        const taxed = result.lines.get(String(i));
        if (!taxed) return;
        Object.assign(line, {
          netAmount: taxed.net,
          taxAmount: taxed.tax,
          grossAmount: taxed.gross,
          taxes: taxed.taxes,
          taxClassId: taxed.taxClassId,
        });
      });
      if (shipping && result.shipping) shipping.taxAmount = result.shipping.tax;
      tax = { total: result.taxTotal, lines: result.breakdown };
      total = result.grossTotal;
    } else includeTax = await pricesIncludeTax(ctx);
  } else includeTax = lines.length > 0 ? await pricesIncludeTax(ctx) : false;

  return {
    pricing: {
      subtotal,
      discountTotal: orderDiscount,
      discountId: priced.quote.orderDiscount?.discountId ?? null,
      shipping,
      tax,
      pricesIncludeTax: includeTax,
      total,
      weightGrams,
      warnings,
      pricedAt: new Date().toISOString(),
    },
    lines,
    unpriced: priced.unpriced,
    discountProblem: priced.discountProblem,
    shippingUnavailable,
    taxProblems,
  };
}
