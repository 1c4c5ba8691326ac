import { type Resolvers, toConnection } from '@meridian/kit';
import { discountKinds, discountScopes } from '../db/schema.ts';
import { loadCategories } from '../model/category-read.ts';
import { createDiscount, type DiscountRow, findDiscount, listDiscounts, updateDiscount } from '../model/discount.ts';
import { redeemDiscount } from '../model/discount-redeem.ts';
import {
  createPriceList,
  findPriceList,
  listPriceLists,
  type PriceListRow,
  setVariantPrices,
  updatePriceList,
} from '../model/price-list.ts';
import { loadVisibleProducts, loadVisibleVariant } from '../model/product-read.ts';
import { moneyOut, priceQuote } from '../model/quote.ts';
import { enumValues } from './shared.ts';

/** Small tenant-wide lists, paged in memory by id. */
function pageOf<T extends { id: string }>(rows: T[], args: { first?: number; after?: string }) {
  const first = Math.min(Math.max(args.first ?? 50, 1), 250);
  const start = args.after ? rows.findIndex((r) => r.id === args.after) + 1 : 0;
  const slice = rows.slice(start, start + first);
  return toConnection(slice, { hasNextPage: start + first < rows.length, cursorOf: (r) => r.id });
}

export const pricingResolvers: Resolvers = {
  DiscountKind: enumValues(discountKinds),
  DiscountScope: enumValues(discountScopes),
  Query: {
    priceLists: async (_p, args: { currency?: string; first?: number; after?: string }, ctx) =>
      pageOf(await listPriceLists(ctx, args.currency), args),
    priceList: (_p, args: { id: string }, ctx) => findPriceList(ctx, args.id),
    discounts: async (_p, args: { first?: number; after?: string }, ctx) => pageOf(await listDiscounts(ctx), args),
    discount: (_p, args: { id: string }, ctx) => findDiscount(ctx, args.id),
    priceQuote: async (_p, args: { input: Parameters<typeof priceQuote>[1] }, ctx) => {
      const { quote, userErrors } = await priceQuote(ctx, args.input);
      if (!quote) return { quote: null, userErrors };
      const m = (amount: number) => moneyOut(amount, quote.currency);
      return {
        userErrors,
        quote: {
          currencyCode: quote.currency,
          subtotal: m(quote.subtotal),
          total: m(quote.total),
          orderDiscount: quote.orderDiscount
            ? { discountId: quote.orderDiscount.discountId, amount: m(quote.orderDiscount.amount) }
            : null,
          lines: quote.lines.map((l) => ({
            variantId: l.variantId,
            quantity: l.quantity,
            unitListPrice: m(l.unitListPrice),
            unitPrice: m(l.unitPrice),
            lineTotal: m(l.lineTotal),
            discountId: l.discountId,
          })),
        },
      };
    },
  },
  Mutation: {
    createPriceList: (_p, args: { input: Record<string, unknown> & { currencyCode: string } }, ctx) =>
      createPriceList(ctx, { ...args.input, currency: args.input.currencyCode }),
    updatePriceList: (_p, args: { input: Parameters<typeof updatePriceList>[1] }, ctx) =>
      updatePriceList(ctx, args.input),
    setVariantPrices: async (
      _p,
      args: { input: Parameters<typeof setVariantPrices>[1] & { currencyCode?: string } },
      ctx,
    ) => {
      const result = await setVariantPrices(ctx, { ...args.input, currency: args.input.currencyCode ?? null });
      const found = result.variantId ? await loadVisibleVariant(ctx, result.variantId) : null;
      return { variant: found?.variant ?? null, userErrors: result.userErrors };
    },
    createDiscount: (_p, args: { input: Parameters<typeof createDiscount>[1] }, ctx) => createDiscount(ctx, args.input),
    updateDiscount: (_p, args: { input: Parameters<typeof updateDiscount>[1] }, ctx) => updateDiscount(ctx, args.input),
    redeemDiscount: (_p, args: { input: Parameters<typeof redeemDiscount>[1] }, ctx) => redeemDiscount(ctx, args.input),
  },
  PriceList: {
    __resolveReference: (ref: { id: string }, ctx) => findPriceList(ctx, ref.id).catch(() => null),
    currencyCode: (l: PriceListRow) => l.currency,
  },
  Discount: {
    __resolveReference: (ref: { id: string }, ctx) => findDiscount(ctx, ref.id).catch(() => null),
    percentage: (d: DiscountRow) => (d.percentBasisPoints === null ? null : String(d.percentBasisPoints / 100)),
    amount: (d: DiscountRow) => (d.amount === null || !d.currency ? null : moneyOut(d.amount, d.currency)),
    products: async (d: DiscountRow & { productIds?: string[] }, _a, ctx) => {
      const ids = d.productIds ?? (await findDiscount(ctx, d.id)).productIds;
      return [...(await loadVisibleProducts(ctx, ids)).values()];
    },
    categories: async (d: DiscountRow & { categoryIds?: string[] }, _a, ctx) =>
      loadCategories(ctx, d.categoryIds ?? (await findDiscount(ctx, d.id)).categoryIds),
  },
  PriceQuoteLine: {
    variant: async (line: { variantId: string }, _a, ctx) => (await loadVisibleVariant(ctx, line.variantId))?.variant,
  },
};
