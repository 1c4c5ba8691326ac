/**
 * Shapes commerce keeps in jsonb columns (snapshots taken at a moment: a cart's last pricing, an order's
 * addresses and taxes). Money is integer minor units in the row's currency.
 */

import type { Address } from '@meridian/kit';

/** A checked address as the kit's address rules leave it (the same shape in carts, orders and events). */
export type { Address };

/** One tax rate applied to an amount (from accounting's quote). */
export interface AppliedTax {
  rateId: string;
  name: string;
  /** Percent, "20.000". */
  rate: string;
  taxable: number;
  amount: number;
}

export interface ChosenShipping {
  methodId: string;
  name: string;
  carrier: string | null;
  amount: number;
  taxAmount: number;
}

export interface CartWarning {
  field: string[] | null;
  code: string;
  message: string;
}

/** What the cart looked like the last time it was priced (on every change). */
export interface CartPricing {
  subtotal: number;
  /** The order-level discount (line discounts are already in the line prices). */
  discountTotal: number;
  discountId: string | null;
  shipping: ChosenShipping | null;
  /** Null until a shipping address says where the goods go. */
  tax: { total: number; lines: AppliedTax[] } | null;
  pricesIncludeTax: boolean;
  total: number;
  weightGrams: number;
  /** Why a discount code does not apply, a line lost its price, ... */
  warnings: CartWarning[];
  pricedAt: string;
}

export interface DraftLine {
  variantId: string;
  productId: string | null;
  sku: string;
  title: string;
  quantity: number;
  unitListPrice: number;
  unitPrice: number;
  /** The catalog's line discount: (list − unit) × quantity. */
  lineDiscount: number;
  /** This line's share of the order discount. */
  orderDiscount: number;
  netAmount: number;
  taxAmount: number;
  grossAmount: number;
  taxes: AppliedTax[];
  taxClassId: string | null;
  weightGrams: number;
}

/** Stock the reservation took, per line: where to restock a cancelled or returned unit. */
export interface StockAllocation {
  variantId: string;
  warehouseId: string;
  quantity: number;
}

/** Everything an order is made of, fixed when the payment starts (the reconciler builds the order from it). */
export interface OrderDraft {
  cartId: string;
  customerId: string | null;
  email: string;
  currency: string;
  pricesIncludeTax: boolean;
  discountCode: string | null;
  discountId: string | null;
  subtotal: number;
  discountTotal: number;
  shippingTotal: number;
  taxTotal: number;
  total: number;
  shippingAddress: Address;
  billingAddress: Address | null;
  shipping: ChosenShipping;
  taxLines: AppliedTax[];
  lines: DraftLine[];
  reservationId: string;
  allocation: StockAllocation[];
}

export interface NextAction {
  type: 'authenticate';
  /** Stripe: the PaymentIntent's client secret, for Stripe.js to run 3-D Secure. */
  clientSecret: string | null;
  redirectUrl: string | null;
}

export interface QuantityLine {
  lineId: string;
  quantity: number;
}
