import { Badge, OrderSummary, Text } from '@meridian/design-system';
import type { Metadata } from 'next';
import NextLink from 'next/link';
import { notFound } from 'next/navigation';
import { FormattedDate } from '../../../../../../../../components/formatted-date.tsx';
import { OrderQuery } from '../../../../../../../../lib/account.ts';
import { execute } from '../../../../../../../../lib/graphql-client.ts';
import { maybeMinorUnits, toMinorUnits } from '../../../../../../../../lib/money.ts';
import { statusLabel, statusTone } from '../../../../../../../../lib/orders.ts';
import { shopperCall } from '../../../../../../../../lib/shopper.ts';

export const metadata: Metadata = { title: 'Order details', robots: { index: false } };

/** One of the customer's orders: what, where to, how it was paid, its status. Another customer's order is a 404. */
export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^ord_[0-9A-Za-z]{26}$/.test(id)) notFound();
  const call = await shopperCall();
  const result = await execute(call, OrderQuery, { id });
  if (result.error) {
    if (result.error.codes.some((c) => c === 'NOT_FOUND' || c === 'FORBIDDEN')) notFound();
    throw result.error;
  }
  const order = result.data.order;
  if (!order) notFound();
  const a = order.shippingAddress;
  const payment = order.payments.find((p) => p.status === 'SUCCEEDED') ?? order.payments[0];
  return (
    <div className="sf-order" data-testid="order-detail">
      <p>
        <NextLink href="/account/orders">All orders</NextLink>
      </p>
      <h2 className="sf-order__title">
        Order {order.name} <Badge tone={statusTone(order.status)}>{statusLabel(order.status)}</Badge>
      </h2>
      <Text>
        Placed <FormattedDate iso={order.placedAt} />
      </Text>
      <div className="sf-order__grid">
        <OrderSummary
          title="Items"
          lines={order.lines.map((l) => ({
            id: l.id,
            name: l.variant.product.title,
            variant: l.variant.title === l.variant.product.title ? undefined : l.variant.title,
            quantity: l.quantity,
            ...(l.variant.product.featuredImage
              ? { image: { src: l.variant.product.featuredImage.url, alt: '' } }
              : {}),
            total: toMinorUnits(l.grossAmount),
          }))}
          subtotal={toMinorUnits(order.subtotal)}
          discounts={
            toMinorUnits(order.discountTotal).amount > 0
              ? [{ label: 'Discount', amount: toMinorUnits(order.discountTotal) }]
              : []
          }
          shipping={toMinorUnits(order.shippingTotal)}
          tax={maybeMinorUnits(order.taxTotal)}
          taxIncluded={order.pricesIncludeTax}
          total={toMinorUnits(order.total)}
        />
        <div className="sf-order__facts">
          <h3>Shipping to</h3>
          <address>
            {[
              a.name,
              a.company,
              a.line1,
              a.line2,
              [a.postalCode, a.city].filter(Boolean).join(' '),
              a.region,
              a.country,
            ]
              .filter(Boolean)
              .map((line) => (
                <span key={line}>
                  {line}
                  <br />
                </span>
              ))}
          </address>
          <h3>Shipping method</h3>
          <p>{[order.shippingMethod.name, order.shippingMethod.carrier].filter(Boolean).join(' · ')}</p>
          {payment ? (
            <>
              <h3>Payment</h3>
              <p>
                {payment.cardBrand ? `${payment.cardBrand.toUpperCase()} ending ${payment.cardLast4}` : 'Card'} ·{' '}
                {payment.status.toLowerCase()}
              </p>
            </>
          ) : null}
        </div>
      </div>
    </div>
  );
}
