import { Alert, CheckoutPage, Heading, Price, Text } from '@meridian/design-system';
import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import NextLink from 'next/link';
import { COOKIE } from '../../../../../../lib/cookies.ts';
import { toMinorUnits } from '../../../../../../lib/money.ts';
import { storeOf } from '../../../../../../lib/page.ts';
import type { SiteParams } from '../../../../../../lib/site.ts';

export const metadata: Metadata = { title: 'Thank you', robots: { index: false } };

/** The order confirmation: from a short-lived cookie, since a guest cannot read the order back from the graph. */
export default async function CheckoutComplete({ params }: { params: Promise<SiteParams> }) {
  const { tenant } = await storeOf(params);
  const raw = (await cookies()).get(COOKIE.lastOrder)?.value;
  let order: { name: string; email: string; total: { amount: string; currencyCode: string } } | null = null;
  try {
    order = raw ? JSON.parse(raw) : null;
  } catch {
    order = null;
  }
  return (
    <CheckoutPage brand={<NextLink href="/">{tenant.name}</NextLink>} steps={null} summary={null}>
      {order ? (
        <div className="sf-complete" data-testid="order-confirmation">
          <Heading level={1}>Thank you for your order</Heading>
          <Alert tone="success" title={`Order ${order.name} is confirmed`}>
            We sent the receipt to {order.email}. You paid <Price price={toMinorUnits(order.total)} />.
          </Alert>
          <Text>
            <NextLink href="/account/orders">See your orders</NextLink> ·{' '}
            <NextLink href="/">Continue shopping</NextLink>
          </Text>
        </div>
      ) : (
        <div className="sf-complete">
          <Heading level={1}>No recent order</Heading>
          <Text>
            <NextLink href="/">Continue shopping</NextLink>
          </Text>
        </div>
      )}
    </CheckoutPage>
  );
}
