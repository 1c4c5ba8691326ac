import { parseDecimal, type RequestContext, toDecimalString } from '@meridian/kit';
import type { Address, AppliedTax } from '../db/types.ts';
import { callService, type RemoteUserError } from './services.ts';

const taxFields = 'rateId name rate taxableAmount { amount } taxAmount { amount }';

const taxQuoteQuery = `query CommerceTaxQuote($input: TaxQuoteInput!) {
  taxQuote(input: $input) {
    quote {
      pricesIncludeTax
      lines { key taxClassId netAmount { amount } taxAmount { amount } grossAmount { amount } taxes { ${taxFields} } }
      shipping { netAmount { amount } taxAmount { amount } grossAmount { amount } taxes { ${taxFields} } }
      breakdown { ${taxFields} }
      taxTotal { amount }
      grossTotal { amount }
    }
    userErrors { field code message }
  }
}`;

type RemoteTax = {
  rateId: string;
  name: string;
  rate: string;
  taxableAmount: { amount: string };
  taxAmount: { amount: string };
};
type RemoteAmounts = {
  netAmount: { amount: string };
  taxAmount: { amount: string };
  grossAmount: { amount: string };
  taxes: RemoteTax[];
};

interface RemoteTaxQuote {
  taxQuote: {
    quote: {
      pricesIncludeTax: boolean;
      lines: (RemoteAmounts & { key: string; taxClassId: string })[];
      shipping: RemoteAmounts | null;
      breakdown: RemoteTax[];
      taxTotal: { amount: string };
      grossTotal: { amount: string };
    } | null;
    userErrors: RemoteUserError[];
  };
}

export interface TaxedAmounts {
  net: number;
  tax: number;
  gross: number;
  taxes: AppliedTax[];
}

export interface TaxResult {
  pricesIncludeTax: boolean;
  lines: Map<string, TaxedAmounts & { taxClassId: string }>;
  shipping: TaxedAmounts | null;
  breakdown: AppliedTax[];
  taxTotal: number;
  grossTotal: number;
}

export interface TaxLineInput {
  key: string;
  productId: string | null;
  unitAmount: number;
  quantity: number;
  discount: number;
}

/**
 * The taxes of a cart from accounting's engine (ONE calculation, documented in docs/accounting/tax.md):
 * rounded half-even per line and rate, in the tenant's pricing mode (prices with or without tax).
 */
export async function accountingTaxQuote(
  ctx: RequestContext,
  input: { currency: string; address: Address; lines: TaxLineInput[]; shipping: number | null },
): Promise<{ result: TaxResult | null; userErrors: RemoteUserError[] }> {
  const { currency } = input;
  const decimal = (amount: number) => toDecimalString({ amount, currency });
  const data = await callService<RemoteTaxQuote>(
    ctx,
    'accounting',
    taxQuoteQuery,
    {
      input: {
        currency,
        address: {
          country: input.address.country,
          region: input.address.region,
          postalCode: input.address.postalCode,
        },
        lines: input.lines.map((line) => ({
          key: line.key,
          unitAmount: decimal(line.unitAmount),
          quantity: line.quantity,
          ...(line.discount > 0 ? { discount: decimal(line.discount) } : {}),
          ...(line.productId ? { productId: line.productId } : {}),
        })),
        ...(input.shipping !== null ? { shipping: decimal(input.shipping) } : {}),
      },
    },
    [],
  );
  const { quote, userErrors } = data.taxQuote;
  if (!quote) return { result: null, userErrors };
  const minor = (value: { amount: string }) => parseDecimal(value.amount, currency).amount;
  const taxesOf = (taxes: RemoteTax[]): AppliedTax[] =>
    taxes.map((t) => ({
      rateId: t.rateId,
      name: t.name,
      rate: t.rate,
      taxable: minor(t.taxableAmount),
      amount: minor(t.taxAmount),
    }));
  const amountsOf = (a: RemoteAmounts): TaxedAmounts => ({
    net: minor(a.netAmount),
    tax: minor(a.taxAmount),
    gross: minor(a.grossAmount),
    taxes: taxesOf(a.taxes),
  });
  return {
    result: {
      pricesIncludeTax: quote.pricesIncludeTax,
      lines: new Map(quote.lines.map((l) => [l.key, { ...amountsOf(l), taxClassId: l.taxClassId }])),
      shipping: quote.shipping ? amountsOf(quote.shipping) : null,
      breakdown: taxesOf(quote.breakdown),
      taxTotal: minor(quote.taxTotal),
      grossTotal: minor(quote.grossTotal),
    },
    userErrors,
  };
}

const taxModeQuery = '{ taxSettings { pricesIncludeTax } }';

/**
 * Whether catalog prices include tax (the tenant's accounting setting), for carts without an address yet.
 * Cached per tenant; accounting's `tax-settings.changed` event clears it (see subscribers.ts).
 */
export function pricesIncludeTax(ctx: RequestContext): Promise<boolean> {
  return ctx.cache.getOrLoad(
    taxModeCacheKey,
    async () => {
      const data = await callService<{ taxSettings: { pricesIncludeTax: boolean } }>(
        ctx,
        'accounting',
        taxModeQuery,
        {},
        ['accounting:read'],
      );
      return data.taxSettings.pricesIncludeTax;
    },
    { ttlSeconds: 300 },
  );
}

export const taxModeCacheKey = 'commerce:prices-include-tax';
