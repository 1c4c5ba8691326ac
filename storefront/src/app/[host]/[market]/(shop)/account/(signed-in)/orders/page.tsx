import { Badge, EmptyState, Price } from '@meridian/design-system';
import type { Metadata } from 'next';
import NextLink from 'next/link';
import { FormattedDate } from '../../../../../../../components/formatted-date.tsx';
import { MyOrdersQuery } from '../../../../../../../lib/account.ts';
import { executeOrThrow } from '../../../../../../../lib/graphql-client.ts';
import { toMinorUnits } from '../../../../../../../lib/money.ts';
import { statusLabel, statusTone } from '../../../../../../../lib/orders.ts';
import { shopperCall } from '../../../../../../../lib/shopper.ts';

export const metadata: Metadata = { title: 'Your orders', robots: { index: false } };

/** The customer's orders, newest first. */
export default async function OrdersPage() {
  const call = await shopperCall();
  const data = await executeOrThrow(call, MyOrdersQuery, { first: 50 });
  const orders = data.myOrders.edges.map((e) => e.node);
  if (orders.length === 0) {
    return (
      <EmptyState
        icon="package"
        title="No orders yet"
        description="When you buy something, you can follow it here."
        action={
          <NextLink href="/search" className="mds-button" data-variant="primary" data-size="md">
            Start shopping
          </NextLink>
        }
      />
    );
  }
  return (
    <table className="sf-table">
      <caption className="mds-visually-hidden">Your orders</caption>
      <thead>
        <tr>
          <th scope="col">Order</th>
          <th scope="col">Placed</th>
          <th scope="col">Status</th>
          <th scope="col">Items</th>
          <th scope="col" className="sf-table__end">
            Total
          </th>
        </tr>
      </thead>
      <tbody>
        {orders.map((order) => (
          <tr key={order.id}>
            <th scope="row">
              <NextLink href={`/account/orders/${order.id}`}>{order.name}</NextLink>
            </th>
            <td>
              <FormattedDate iso={order.placedAt} />
            </td>
            <td>
              <Badge tone={statusTone(order.status)}>{statusLabel(order.status)}</Badge>
            </td>
            <td>{order.lines.reduce((n, l) => n + l.quantity, 0)}</td>
            <td className="sf-table__end">
              <Price price={toMinorUnits(order.total)} size="sm" />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
