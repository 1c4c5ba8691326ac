import { Alert, EmptyState, Heading, OrderSummary } from '@meridian/design-system';
import type { Metadata } from 'next';
import NextLink from 'next/link';
import { CartLines } from '../../../../../components/cart-lines.tsx';
import { drawerLines, readCart } from '../../../../../lib/cart.ts';
import { maybeMinorUnits, toMinorUnits } from '../../../../../lib/money.ts';
import { storeOf } from '../../../../../lib/page.ts';
import { shopperCall } from '../../../../../lib/shopper.ts';
import type { SiteParams } from '../../../../../lib/site.ts';

export const metadata: Metadata = { title: 'Your cart', robots: { index: false } };

/** The cart (guest or signed in; a guest cart joins the customer's at sign-in), with its totals and the way to checkout. */
export default async function CartPage({ params }: { params: Promise<SiteParams> }) {
  await storeOf(params);
  const call = await shopperCall();
  const { cart, error } = await readCart(call);
  if (error) {
    return (
      <div className="sf-page sf-narrow">
        <Heading level={1}>Your cart</Heading>
        <Alert tone="danger" title="We could not load your cart">
          The store did not answer. Your cart is saved: reload the page in a moment.
        </Alert>
      </div>
    );
  }
  if (!cart || cart.lines.length === 0) {
    return (
      <div className="sf-page sf-narrow">
        <h1 className="mds-visually-hidden">Your cart is empty</h1>
        <EmptyState
          icon="cart"
          headingLevel={2}
          title="Your cart is empty"
          description="Anything you add will be kept here, even if you leave."
          action={
            <NextLink href="/search" className="mds-button" data-variant="primary" data-size="md">
              Start shopping
            </NextLink>
          }
        />
      </div>
    );
  }
  const lines = drawerLines(cart);
  const blocked = lines.some((l) => l.notice?.startsWith('Out of stock'));
  return (
    <div className="sf-page sf-cart">
      <Heading level={1}>Your cart</Heading>
      {cart.warnings.length > 0 ? (
        <Alert tone="warning" title="Please check your cart">
          <ul>
            {cart.warnings.map((w) => (
              <li key={`${w.code}-${w.message}`}>{w.message}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
      <div className="sf-cart__grid">
        <CartLines lines={lines} />
        <div className="sf-cart__summary">
          <OrderSummary
            lines={[]}
            subtotal={toMinorUnits(cart.subtotal)}
            discounts={
              toMinorUnits(cart.discountTotal).amount > 0
                ? [
                    {
                      label: cart.discountCode ? `Discount (${cart.discountCode})` : 'Discount',
                      amount: toMinorUnits(cart.discountTotal),
                    },
                  ]
                : []
            }
            shipping={maybeMinorUnits(cart.shippingTotal) ?? null}
            tax={maybeMinorUnits(cart.taxTotal)}
            taxIncluded={cart.pricesIncludeTax}
            total={toMinorUnits(cart.total)}
          />
          {blocked ? (
            <p className="sf-cart__blocked">Remove the items that are out of stock to check out.</p>
          ) : (
            <NextLink href="/checkout" className="mds-button" data-variant="primary" data-size="lg" data-full-width="">
              Checkout
            </NextLink>
          )}
        </div>
      </div>
    </div>
  );
}
