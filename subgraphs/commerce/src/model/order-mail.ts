import { formatMoney, type MailMessage } from '@meridian/kit';
import type { OrderPaid, ShipmentShipped } from '../events.ts';
import { formatAddress } from './address.ts';

const money = (amount: number, currency: string) => formatMoney({ amount, currency });

/** The order confirmation, from the paid event's payload (everything it needs is in there). */
export function confirmationMail(order: OrderPaid): MailMessage {
  const c = order.currency;
  const lines = order.lines.map((l) => `  ${l.quantity} × ${l.title} (${l.sku})  ${money(l.grossAmount, c)}`);
  const totals = [
    `Subtotal: ${money(order.totals.subtotal, c)}`,
    ...(order.totals.discount > 0 ? [`Discount: −${money(order.totals.discount, c)}`] : []),
    `Shipping (${order.shipping.name}): ${money(order.shipping.amount, c)}`,
    `${order.pricesIncludeTax ? 'Including tax' : 'Tax'}: ${money(order.totals.tax, c)}`,
    `Total: ${money(order.totals.total, c)}`,
  ];
  return {
    to: order.customer.email,
    subject: `Order #${order.number} confirmed`,
    text: [
      `Thank you for your order #${order.number}.`,
      '',
      ...lines,
      '',
      ...totals,
      '',
      'Shipping to:',
      formatAddress(order.shippingAddress),
    ].join('\n'),
  };
}

export function shippingMail(shipment: ShipmentShipped): MailMessage {
  return {
    to: shipment.email,
    subject: `Order #${shipment.number} has shipped`,
    text: [
      `Your order #${shipment.number} is on its way${shipment.carrier ? ` with ${shipment.carrier}` : ''}.`,
      ...(shipment.trackingNumber ? [`Tracking number: ${shipment.trackingNumber}`] : []),
      ...(shipment.trackingUrl ? [`Track it: ${shipment.trackingUrl}`] : []),
      '',
      ...shipment.lines.map((l) => `  ${l.quantity} × ${l.title} (${l.sku})`),
    ].join('\n'),
  };
}
