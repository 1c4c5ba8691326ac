import { parseDecimal, type RequestContext } from '@meridian/kit';
import { shopperGroupOf } from './actor.ts';
import { callService, type RemoteUserError } from './services.ts';

const priceQuoteQuery = `query CommercePriceQuote($input: PriceQuoteInput!) {
  priceQuote(input: $input) {
    quote {
      lines {
        quantity discountId
        unitListPrice { amount } unitPrice { amount } lineTotal { amount }
        variant { id sku title weightGrams product { id title } }
      }
      subtotal { amount }
      orderDiscount { discountId amount { amount } }
    }
    userErrors { field code message }
  }
}`;

interface RemoteQuote {
  priceQuote: {
    quote: {
      lines: {
        quantity: number;
        discountId: string | null;
        unitListPrice: { amount: string };
        unitPrice: { amount: string };
        lineTotal: { amount: string };
        variant: {
          id: string;
          sku: string;
          title: string;
          weightGrams: number | null;
          product: { id: string; title: string };
        };
      }[];
      subtotal: { amount: string };
      orderDiscount: { discountId: string; amount: { amount: string } } | null;
    } | null;
    userErrors: RemoteUserError[];
  };
}

export interface PricedLine {
  variantId: string;
  productId: string;
  sku: string;
  title: string;
  quantity: number;
  unitListPrice: number;
  unitPrice: number;
  lineTotal: number;
  discountId: string | null;
  weightGrams: number;
}

export interface CatalogQuote {
  lines: PricedLine[];
  subtotal: number;
  orderDiscount: { discountId: string; amount: number } | null;
}

/** "Shirt — M", or just "Shirt" when the variant has no title of its own. */
function lineTitle(product: string, variant: string): string {
  return variant && variant !== product && variant !== 'Default' ? `${product} — ${variant}` : product;
}

/**
 * Prices lines with the catalog's pricing engine (never the client's prices). The call carries no
 * permission, so the catalog prices exactly as for the storefront: active products, and the price group
 * of the shopper making this call (from their verified token; guests and staff: public prices).
 * `quote` is null when a line cannot be priced; `userErrors` are the catalog's (line indexes preserved),
 * and a discount code that does not apply is one of them while the quote goes on without it.
 */
export async function catalogPriceQuote(
  ctx: RequestContext,
  input: { currency: string; discountCode: string | null; lines: { variantId: string; quantity: number }[] },
): Promise<{ quote: CatalogQuote | null; userErrors: RemoteUserError[] }> {
  const data = await callService<RemoteQuote>(
    ctx,
    'catalog',
    priceQuoteQuery,
    {
      input: {
        currency: input.currency,
        customerGroup: shopperGroupOf(ctx),
        discountCode: input.discountCode,
        lines: input.lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity })),
      },
    },
    [],
  );
  const { quote, userErrors } = data.priceQuote;
  if (!quote) return { quote: null, userErrors };
  const minor = (amount: string) => parseDecimal(amount, input.currency).amount;
  return {
    quote: {
      lines: quote.lines.map((line) => ({
        variantId: line.variant.id,
        productId: line.variant.product.id,
        sku: line.variant.sku,
        title: lineTitle(line.variant.product.title, line.variant.title),
        quantity: line.quantity,
        unitListPrice: minor(line.unitListPrice.amount),
        unitPrice: minor(line.unitPrice.amount),
        lineTotal: minor(line.lineTotal.amount),
        discountId: line.discountId,
        weightGrams: line.variant.weightGrams ?? 0,
      })),
      subtotal: minor(quote.subtotal.amount),
      orderDiscount: quote.orderDiscount
        ? { discountId: quote.orderDiscount.discountId, amount: minor(quote.orderDiscount.amount.amount) }
        : null,
    },
    userErrors,
  };
}

const redeemMutation = `mutation CommerceRedeemDiscount($input: RedeemDiscountInput!) {
  redeemDiscount(input: $input) { userErrors { field code message } }
}`;

/** Counts one use of a code for an order (the order id is the idempotency key: counted once). */
export async function redeemDiscountCode(ctx: RequestContext, code: string, orderId: string) {
  const data = await callService<{ redeemDiscount: { userErrors: RemoteUserError[] } }>(
    ctx,
    'catalog',
    redeemMutation,
    { input: { code, idempotencyKey: `order:${orderId}`, reference: orderId } },
    ['orders:write'],
  );
  return data.redeemDiscount.userErrors;
}
