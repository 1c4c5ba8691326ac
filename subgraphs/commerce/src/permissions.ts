import { allow, and, can, hasTenant, or, type RequestContext, type RuleMap, rule } from '@meridian/kit';
import { shopperIdOf } from './model/actor.ts';
import { maySee } from './model/order-read.ts';
import type { OrderRow } from './model/order-store.ts';

const inTenant = (...rules: Parameters<typeof and>) => and(hasTenant, ...rules);
/** Staff who read orders (every role that handles them). */
const staffRead = or(can('orders:read'), can('orders:write'), can('orders:refund'));
const staffWrite = inTenant(can('orders:write'));
const shippingReader = or(staffRead, can('settings:read'), can('settings:write'));
const isUser = rule('isUser', (_p, _a, ctx) => ctx.actor.kind === 'user' && Boolean(shopperIdOf(ctx)), {
  perRequest: true,
});

/** An order is shown to staff, to its customer, and to the guest whose request placed it (or holds its cart). */
const orderVisible = rule('orderVisible', (parent, _a, ctx: RequestContext) => maySee(ctx, parent as OrderRow));
const ownReturn = rule('ownReturn', (parent, _a, ctx: RequestContext) => {
  const shopper = shopperIdOf(ctx);
  return Boolean(shopper) && (parent as { customerId?: string | null }).customerId === shopper;
});

/**
 * Deny by default: every field reachable here is listed. Shopper operations need only a tenant (the
 * storefront host): the models check that the cart is the caller's (its token, or its owner) and that
 * an order is theirs, and answer NOT_FOUND otherwise. Staff operations carry their permission here.
 */
export const commercePermissions: RuleMap = {
  Query: {
    cart: hasTenant,
    myCart: hasTenant,
    order: hasTenant,
    myOrders: hasTenant,
    orders: inTenant(staffRead),
    returns: inTenant(staffRead),
    shippingZones: inTenant(shippingReader),
    shippingZone: inTenant(shippingReader),
    paymentSettings: inTenant(or(can('settings:read'), can('settings:write'))),
  },
  Mutation: {
    createCart: hasTenant,
    addCartLines: hasTenant,
    updateCartLines: hasTenant,
    removeCartLines: hasTenant,
    updateCart: hasTenant,
    mergeCarts: inTenant(isUser),
    placeOrder: hasTenant,
    confirmOrderPayment: hasTenant,
    // The provider's signature is the authentication; the model refuses anything unsigned.
    processPaymentWebhook: hasTenant,
    reconcilePayments: staffWrite,
    cancelOrder: staffWrite,
    addOrderNote: staffWrite,
    fulfillOrder: staffWrite,
    markShipmentShipped: staffWrite,
    markShipmentDelivered: staffWrite,
    refundOrder: inTenant(can('orders:refund')),
    // Customers return their own orders (the model checks), staff any.
    createReturn: hasTenant,
    approveReturn: staffWrite,
    rejectReturn: staffWrite,
    receiveReturn: staffWrite,
    createShippingZone: inTenant(can('settings:write')),
    updateShippingZone: inTenant(can('settings:write')),
    deleteShippingZone: inTenant(can('settings:write')),
    createShippingMethod: inTenant(can('settings:write')),
    updateShippingMethod: inTenant(can('settings:write')),
    deleteShippingMethod: inTenant(can('settings:write')),
    updateStripeSettings: inTenant(can('settings:write')),
  },
  // Reachable through `_entities` too, so the types carry their own rules.
  Order: or(staffRead, orderVisible),
  Return: or(staffRead, ownReturn),
  ShippingZone: shippingReader,
  // Reachable only through the guarded fields and types above.
  Cart: allow,
  CartLine: allow,
  ShippingOption: allow,
  Payment: allow,
  PaymentNextAction: allow,
  OrderLine: allow,
  OrderEvent: allow,
  OrderEventConnection: allow,
  OrderEventEdge: allow,
  OrderConnection: allow,
  OrderEdge: allow,
  Shipment: allow,
  ShipmentLine: allow,
  Refund: allow,
  ReturnLine: allow,
  ReturnConnection: allow,
  ReturnEdge: allow,
  ShippingMethod: allow,
  ShippingRate: allow,
  ShippingZoneConnection: allow,
  ShippingZoneEdge: allow,
  PaymentSettings: allow,
  StripePaymentSettings: allow,
  MailingAddress: allow,
  TaxLine: allow,
  Money: allow,
  PageInfo: allow,
  UserError: allow,
  ProductVariant: allow,
  User: allow,
  // Payloads: the mutation's own rule decided; what they carry is guarded by its type.
  CartPayload: allow,
  PlaceOrderPayload: allow,
  ProcessPaymentWebhookPayload: allow,
  ReconcilePaymentsPayload: allow,
  ReconciledPayment: allow,
  OrderPayload: allow,
  FulfillOrderPayload: allow,
  ShipmentPayload: allow,
  RefundPayload: allow,
  ReturnPayload: allow,
  ReceiveReturnPayload: allow,
  ShippingZonePayload: allow,
  ShippingMethodPayload: allow,
  DeleteShippingPayload: allow,
  PaymentSettingsPayload: allow,
};
