import { defineEvent } from '@meridian/kit';
import type { Address, AppliedTax } from './db/types.ts';

/**
 * Events commerce publishes, in the transaction of the change they describe. The type strings and payload
 * shapes are the contract for accounting (invoices, payments, tax) and CRM (purchases on the contact):
 * money in integer minor units of `currency`, dates as ISO strings.
 */

export interface OrderLinePayload {
  lineId: string;
  variantId: string;
  productId: string | null;
  sku: string;
  title: string;
  quantity: number;
  /** Unit price before any discount. */
  unitListPrice: number;
  /** Unit price after the catalog's line discount. */
  unitPrice: number;
  /** Line discount + this line's share of the order discount. */
  discount: number;
  netAmount: number;
  taxAmount: number;
  grossAmount: number;
  taxClassId: string | null;
  taxes: AppliedTax[];
}

export interface OrderPayload {
  orderId: string;
  number: number;
  status: string;
  customer: { id: string | null; email: string };
  currency: string;
  /** Catalog prices include tax (lines' grossAmount = what was charged for them). */
  pricesIncludeTax: boolean;
  lines: OrderLinePayload[];
  shipping: { methodId: string; name: string; carrier: string | null; amount: number; taxAmount: number };
  /** `order`: the order discount (a code or automatic); `line`: the catalog's price reduction on one line. */
  discounts: {
    scope: 'order' | 'line';
    code: string | null;
    discountId: string | null;
    lineId?: string;
    amount: number;
  }[];
  /** Per tax rate over lines and shipping; adds up to totals.tax. */
  taxes: AppliedTax[];
  /**
   * subtotal: the lines at their unit prices (after line discounts); discount: the order discount;
   * total = subtotal − discount + shipping (+ tax when prices exclude it) = what was charged.
   */
  totals: { subtotal: number; discount: number; shipping: number; tax: number; total: number; refunded: number };
  shippingAddress: Address;
  billingAddress: Address | null;
  placedAt: string;
}

export interface OrderPaid extends OrderPayload {
  payment: { paymentId: string; provider: string; providerRef: string | null; amount: number; paidAt: string };
}

export interface OrderFulfilled extends OrderPayload {
  shipment: {
    shipmentId: string;
    carrier: string | null;
    trackingNumber: string | null;
    lines: { lineId: string; variantId: string; sku: string; quantity: number }[];
  };
  /** Every unit of the order is now in a shipment. */
  complete: boolean;
}

export interface OrderCancelled extends OrderPayload {
  reason: string;
  /** What happened to the stock: given back from the reservation, put back on hand, or nothing held. */
  stock: 'released' | 'restocked' | 'none';
}

export interface OrderRefunded extends OrderPayload {
  refund: {
    refundId: string;
    paymentId: string;
    amount: number;
    shippingAmount: number;
    reason: string | null;
    returnId: string | null;
    lines: { lineId: string; variantId: string; sku: string; quantity: number; amount: number; taxAmount: number }[];
  };
}

export interface ShipmentShipped {
  orderId: string;
  number: number;
  email: string;
  shipmentId: string;
  carrier: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  lines: { sku: string; title: string; quantity: number }[];
}

export const orderPlaced = defineEvent<OrderPayload>('commerce.order.placed');
export const orderPaid = defineEvent<OrderPaid>('commerce.order.paid');
export const orderFulfilled = defineEvent<OrderFulfilled>('commerce.order.fulfilled');
export const orderCancelled = defineEvent<OrderCancelled>('commerce.order.cancelled');
export const orderRefunded = defineEvent<OrderRefunded>('commerce.order.refunded');
export const shipmentShipped = defineEvent<ShipmentShipped>('commerce.shipment.shipped');

/** Accounting's event (its descriptor mirrors this): the pricing mode commerce caches changed. */
export interface TaxSettingsChanged {
  pricesIncludeTax: boolean;
}

export const taxSettingsChanged = defineEvent<TaxSettingsChanged>('accounting.tax-settings.changed');
