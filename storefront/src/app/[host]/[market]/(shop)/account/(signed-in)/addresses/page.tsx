import { EmptyState, Text } from '@meridian/design-system';
import type { Metadata } from 'next';
import { MyOrdersQuery } from '../../../../../../../lib/account.ts';
import { executeOrThrow } from '../../../../../../../lib/graphql-client.ts';
import { shopperCall } from '../../../../../../../lib/shopper.ts';

export const metadata: Metadata = { title: 'Addresses', robots: { index: false } };

/**
 * The addresses the customer has shipped to, from their orders (the graph has no address book yet; checkout fills in
 * the cart's last address).
 */
export default async function AddressesPage() {
  const call = await shopperCall();
  const data = await executeOrThrow(call, MyOrdersQuery, { first: 50 });
  const seen = new Map<string, NonNullable<(typeof data.myOrders.edges)[number]['node']['shippingAddress']>>();
  for (const { node } of data.myOrders.edges) {
    const a = node.shippingAddress;
    const key = [a.name, a.line1, a.line2, a.postalCode, a.city, a.country].join('|').toLowerCase();
    if (!seen.has(key)) seen.set(key, a);
  }
  if (seen.size === 0) {
    return (
      <EmptyState
        icon="home"
        title="No addresses yet"
        description="The addresses you ship to appear here after your first order."
      />
    );
  }
  return (
    <div className="sf-addresses">
      <Text>Addresses you have shipped to.</Text>
      <ul>
        {[...seen.entries()].map(([key, a]) => (
          <li key={key}>
            <address>
              {[
                a.name,
                a.company,
                a.line1,
                a.line2,
                [a.postalCode, a.city].filter(Boolean).join(' '),
                a.region,
                a.country,
                a.phone,
              ]
                .filter(Boolean)
                .map((line) => (
                  <span key={line}>
                    {line}
                    <br />
                  </span>
                ))}
            </address>
          </li>
        ))}
      </ul>
    </div>
  );
}
