import type { Resolvers } from '@meridian/kit';
import type { AppliedTax, TaxCalculation } from '../model/tax-calculation.ts';
import { quoteTax, type TaxQuoteRequest } from '../model/tax-quote.ts';
import { moneyOut } from './shared.ts';

/** The model's calculation in the graph's shape (Money as exact decimal strings). */
function quoteOut(quote: TaxCalculation) {
  const m = (amount: number) => moneyOut(amount, quote.currency);
  const taxOut = (t: AppliedTax) => ({ ...t, taxableAmount: m(t.taxableAmount), taxAmount: m(t.taxAmount) });
  const amounts = (t: { netAmount: number; taxAmount: number; grossAmount: number; taxes: AppliedTax[] }) => ({
    netAmount: m(t.netAmount),
    taxAmount: m(t.taxAmount),
    grossAmount: m(t.grossAmount),
    taxes: t.taxes.map(taxOut),
  });
  return {
    currencyCode: quote.currency,
    pricesIncludeTax: quote.pricesIncludeTax,
    at: quote.at,
    zone: quote.zone,
    lines: quote.lines.map((l) => ({
      key: l.key,
      taxClassId: l.taxClassId,
      quantity: l.quantity,
      amount: m(l.amount),
      ...amounts(l),
    })),
    shipping: quote.shipping ? { amount: m(quote.shipping.amount), ...amounts(quote.shipping) } : null,
    breakdown: quote.breakdown.map(taxOut),
    netTotal: m(quote.netTotal),
    taxTotal: m(quote.taxTotal),
    grossTotal: m(quote.grossTotal),
  };
}

async function answer(promise: ReturnType<typeof quoteTax>) {
  const { quote, userErrors } = await promise;
  return { quote: quote ? quoteOut(quote) : null, userErrors };
}

export const taxQuoteResolvers: Resolvers = {
  Query: {
    // The storefront's question: now, in the tenant's pricing mode.
    taxQuote: (_p, args: { input: TaxQuoteRequest }, ctx) =>
      answer(quoteTax(ctx, { ...args.input, pricesIncludeTax: null, at: null })),
    calculateTax: (_p, args: { input: TaxQuoteRequest }, ctx) => answer(quoteTax(ctx, args.input)),
  },
};
