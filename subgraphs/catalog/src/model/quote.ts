import { type RequestContext, toDecimalString, type UserError } from '@meridian/kit';
import { CatalogError } from '../catalog.errors.ts';
import { categoryPaths, withAncestors } from './category-read.ts';
import { customerGroupOf, queryCurrency, soldCurrencies } from './context.ts';
import { discountUnavailability, orderDiscountFor, type PriceDecision, priceFor, sameCode } from './price-for.ts';
import { listsForVariant, pricingRules } from './pricing-data.ts';
import { loadVisibleVariant } from './product-read.ts';
import { type ProductView, pricesOf, type VariantView } from './product-view.ts';
import { checkCount, Problems } from './validate.ts';

export interface PriceOptions {
  currency?: string | null;
  quantity?: number | null;
  customerGroup?: string | null;
  discountCode?: string | null;
}

/** Once per request: the cache hands out fresh JSON copies, so repeated reads would parse again. */
function perRequest<T>(ctx: RequestContext, key: string, load: () => Promise<T>): Promise<T> {
  const memoKey = `catalog:memo:${key}`;
  let value = ctx.loaders.get(memoKey) as Promise<T> | undefined;
  if (!value) {
    value = load();
    ctx.loaders.set(memoKey, value);
  }
  return value;
}

/**
 * What pricing one product needs, once per request: the tenant's rules, the product's prices (from its
 * view), its categories with ancestors, and the line discounts aimed at it (product or category scope;
 * priceFor would skip the others anyway, so filtering here only saves the work per variant).
 */
function pricingInputs(ctx: RequestContext, product: ProductView) {
  return perRequest(ctx, `pricing:${product.id}`, async () => {
    const [rules, paths] = await Promise.all([
      perRequest(ctx, 'pricing-rules', () => pricingRules(ctx)),
      perRequest(ctx, 'category-paths', () => categoryPaths(ctx)),
    ]);
    const categoryIds = withAncestors(paths, product.categoryIds);
    const categories = new Set(categoryIds);
    const discounts = rules.discounts.filter(
      (d) =>
        (d.scope === 'product' && d.productIds.includes(product.id)) ||
        (d.scope === 'category' && d.categoryIds.some((c) => categories.has(c))),
    );
    return { rules, prices: pricesOf(product), categoryIds, discounts };
  });
}

/** Prices of some of a product's variants for this request (its customer group, now); null where none applies. */
async function priceVariants(
  ctx: RequestContext,
  product: ProductView,
  variants: VariantView[],
  options: PriceOptions,
): Promise<(PriceDecision | null)[]> {
  const currency = queryCurrency(ctx, options.currency);
  const customerGroup = customerGroupOf(ctx, options.customerGroup);
  const { rules, prices, categoryIds, discounts } = await pricingInputs(ctx, product);
  const at = new Date();
  return variants.map((variant) =>
    priceFor({
      variant: { id: variant.id, productId: product.id, categoryIds },
      quantity: options.quantity ?? 1,
      customerGroup,
      currency,
      at,
      priceLists: listsForVariant(rules, prices, variant.id),
      discounts,
      discountCode: options.discountCode ?? null,
    }),
  );
}

/** The price of a variant for this request (its customer group, now), or null when it has none. */
export async function variantPrice(
  ctx: RequestContext,
  product: ProductView,
  variant: VariantView,
  options: PriceOptions,
): Promise<PriceDecision | null> {
  const [decision] = await priceVariants(ctx, product, [variant], options);
  return decision ?? null;
}

/** Lowest and highest unit price over a product's variants (quantity 1). */
export async function productPriceRange(ctx: RequestContext, product: ProductView, options: PriceOptions) {
  const decisions = (await priceVariants(ctx, product, product.variants, { ...options, quantity: 1 })).filter(
    (d): d is PriceDecision => d !== null,
  );
  if (decisions.length === 0) return null;
  const amounts = decisions.map((d) => d.unitPrice);
  const lists = decisions.map((d) => d.unitListPrice);
  return {
    currency: decisions[0]?.currency as string,
    min: Math.min(...amounts),
    max: Math.max(...amounts),
    compareAtMax: Math.max(...lists),
  };
}

export const moneyOut = (amount: number, currency: string) => ({
  amount: toDecimalString({ amount, currency }),
  currencyCode: currency,
});

export interface QuoteInput {
  currency: string;
  customerGroup?: string | null;
  discountCode?: string | null;
  lines: { variantId: string; quantity: number }[];
}

/**
 * A priced cart: each line by priceFor, then the best order discount on the subtotal. Commerce asks for
 * this at checkout; a code that does not apply is reported as a userError and the quote goes on without it.
 */
export async function priceQuote(ctx: RequestContext, input: QuoteInput) {
  const problems = new Problems();
  const currency = input.currency.trim().toUpperCase();
  if (!soldCurrencies(ctx).includes(currency)) {
    problems.add(['currency'], CatalogError.CURRENCY_NOT_SOLD, `This shop does not sell in ${currency}`);
  }
  for (const [i, line] of input.lines.entries())
    checkCount(problems, ['lines', i, 'quantity'], line.quantity, { min: 1 });
  if (input.lines.length === 0 || input.lines.length > 250)
    problems.add(['lines'], CatalogError.INVALID, 'Give 1 to 250 lines');
  if (!problems.ok) return { quote: null, userErrors: problems.list };
  const group = customerGroupOf(ctx, input.customerGroup);
  const at = new Date();
  const rules = await perRequest(ctx, 'pricing-rules', () => pricingRules(ctx));
  const warnings: UserError[] = [];
  let code = input.discountCode?.trim() || null;
  if (code) {
    const discount = rules.discounts.find((d) => sameCode(d.code, code));
    const reason = discount ? discountUnavailability(discount, at, group, currency) : CatalogError.NOT_FOUND;
    if (reason) {
      const w = new Problems();
      w.add(
        ['discountCode'],
        reason,
        reason === 'NOT_FOUND' ? 'No such discount code' : 'This code does not apply now',
      );
      warnings.push(...w.list);
      code = null;
    }
  }
  const lines = [];
  for (const [i, line] of input.lines.entries()) {
    const found = await loadVisibleVariant(ctx, line.variantId);
    const decision = found
      ? await variantPrice(ctx, found.product, found.variant, {
          currency,
          quantity: line.quantity,
          customerGroup: input.customerGroup,
          discountCode: code,
        })
      : null;
    if (!found || !decision) {
      problems.add(
        ['lines', i, 'variantId'],
        found ? CatalogError.NO_PRICE : CatalogError.NOT_FOUND,
        found ? `No price in ${currency}` : 'Variant not found',
      );
      continue;
    }
    lines.push({ variantId: line.variantId, ...decision });
  }
  if (!problems.ok) return { quote: null, userErrors: problems.list };
  const subtotal = lines.reduce((sum, l) => sum + l.lineTotal, 0);
  const order = orderDiscountFor({
    subtotal,
    currency,
    customerGroup: group,
    at,
    discounts: rules.discounts,
    discountCode: code,
  });
  const used = new Set([...lines.map((l) => l.discountId), order?.discountId].filter(Boolean));
  if (code && ![...used].some((id) => sameCode(rules.discounts.find((d) => d.id === id)?.code, code))) {
    const w = new Problems();
    w.add(['discountCode'], CatalogError.DISCOUNT_NOT_APPLICABLE, 'This code does not apply to these items');
    warnings.push(...w.list);
  }
  return {
    quote: { currency, lines, subtotal, orderDiscount: order, total: subtotal - (order?.amount ?? 0) },
    userErrors: warnings,
  };
}
