import type { Resolvers } from '@meridian/kit';
import { cartStatuses } from '../db/cart.schema.ts';
import { createCart, type UpdateCartInput, updateCart } from '../model/cart.ts';
import { addCartLines, removeCartLines, updateCartLines } from '../model/cart-lines.ts';
import { mergeCarts } from '../model/cart-merge.ts';
import { availableShippingMethods, findCart, myCart } from '../model/cart-read.ts';
import type { CartLineRow, LoadedCart } from '../model/cart-store.ts';
import { ordersByIds } from '../model/order-read.ts';
import { markVisible } from '../model/payment-attempt.ts';
import { enumValues, maybeMoney, moneyOut, taxLinesOut } from './shared.ts';

type Input<T> = { input: T };
const pricingOf = (cart: LoadedCart) =>
  cart.row.pricing ?? {
    subtotal: 0,
    discountTotal: 0,
    discountId: null,
    shipping: null,
    tax: null,
    pricesIncludeTax: false,
    total: 0,
    weightGrams: 0,
    warnings: [],
    pricedAt: cart.row.updatedAt.toISOString(),
  };

export const cartResolvers: Resolvers = {
  CartStatus: enumValues(cartStatuses),
  Query: {
    cart: (_p, args: { id: string }, ctx) => findCart(ctx, args.id),
    myCart: (_p, _a, ctx) => myCart(ctx),
  },
  Mutation: {
    createCart: (_p, args: Input<Parameters<typeof createCart>[1]>, ctx) => createCart(ctx, args.input),
    addCartLines: (_p, args: Input<Parameters<typeof addCartLines>[1]>, ctx) => addCartLines(ctx, args.input),
    updateCartLines: (_p, args: Input<Parameters<typeof updateCartLines>[1]>, ctx) => updateCartLines(ctx, args.input),
    removeCartLines: (_p, args: Input<Parameters<typeof removeCartLines>[1]>, ctx) => removeCartLines(ctx, args.input),
    updateCart: (_p, args: Input<UpdateCartInput>, ctx) => updateCart(ctx, args.input),
    mergeCarts: (_p, args: Input<{ guestCartId: string }>, ctx) => mergeCarts(ctx, args.input),
  },
  Cart: {
    id: (cart: LoadedCart) => cart.row.id,
    token: (cart: LoadedCart) => cart.token,
    status: (cart: LoadedCart) => cart.row.status,
    currencyCode: (cart: LoadedCart) => cart.row.currency,
    email: (cart: LoadedCart) => cart.row.email,
    customer: (cart: LoadedCart) => (cart.row.customerId ? { id: cart.row.customerId } : null),
    lines: (cart: LoadedCart) => cart.lines.map((line) => ({ ...line, currency: cart.row.currency })),
    discountCode: (cart: LoadedCart) => cart.row.discountCode,
    shippingAddress: (cart: LoadedCart) => cart.row.shippingAddress,
    billingAddress: (cart: LoadedCart) => cart.row.billingAddress,
    shippingMethod: (cart: LoadedCart) => {
      const shipping = pricingOf(cart).shipping;
      return shipping ? { ...shipping, price: moneyOut(shipping.amount, cart.row.currency) } : null;
    },
    availableShippingMethods: async (cart: LoadedCart, _a, ctx) =>
      (await availableShippingMethods(ctx, cart)).map((o) => ({ ...o, price: moneyOut(o.amount, cart.row.currency) })),
    subtotal: (cart: LoadedCart) => moneyOut(pricingOf(cart).subtotal, cart.row.currency),
    discountTotal: (cart: LoadedCart) => moneyOut(pricingOf(cart).discountTotal, cart.row.currency),
    shippingTotal: (cart: LoadedCart) => maybeMoney(pricingOf(cart).shipping?.amount, cart.row.currency),
    taxTotal: (cart: LoadedCart) => maybeMoney(pricingOf(cart).tax?.total, cart.row.currency),
    taxLines: (cart: LoadedCart) => taxLinesOut(pricingOf(cart).tax?.lines ?? [], cart.row.currency),
    pricesIncludeTax: (cart: LoadedCart) => pricingOf(cart).pricesIncludeTax,
    total: (cart: LoadedCart) => moneyOut(pricingOf(cart).total, cart.row.currency),
    totalWeightGrams: (cart: LoadedCart) => pricingOf(cart).weightGrams,
    warnings: (cart: LoadedCart) => pricingOf(cart).warnings,
    order: async (cart: LoadedCart, _a, ctx) => {
      if (!cart.row.orderId) return null;
      // Whoever holds the cart's token may follow it to the order it became (the guest's order page).
      if (cart.token) markVisible(ctx, cart.row.orderId);
      return (await ordersByIds(ctx, [cart.row.orderId])).get(cart.row.orderId) ?? null;
    },
  },
  CartLine: {
    variant: (line: CartLineRow) => ({ id: line.variantId }),
    unitListPrice: (line: LineOut) => maybeMoney(line.unitListPrice, line.currency),
    unitPrice: (line: LineOut) => maybeMoney(line.unitPrice, line.currency),
    lineTotal: (line: LineOut) => maybeMoney(line.lineTotal, line.currency),
  },
};

type LineOut = CartLineRow & { currency: string };
