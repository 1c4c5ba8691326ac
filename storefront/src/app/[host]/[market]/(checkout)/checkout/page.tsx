import { randomUUID } from 'node:crypto';
import { CheckoutPage, CheckoutSteps, OrderSummary } from '@meridian/design-system';
import type { Metadata } from 'next';
import NextLink from 'next/link';
import { redirect } from 'next/navigation';
import { AddressStep, PaymentStep, ShippingStep } from '../../../../../components/checkout-forms.tsx';
import { MyAddressesQuery, type SavedAddress, savedAddresses } from '../../../../../lib/addresses.ts';
import { drawerLines, readCart } from '../../../../../lib/cart.ts';
import { COUNTRIES } from '../../../../../lib/checkout.ts';
import type { GatewayCall } from '../../../../../lib/gateway.ts';
import { execute } from '../../../../../lib/graphql-client.ts';
import { maybeMinorUnits, toMinorUnits } from '../../../../../lib/money.ts';
import { storeOf } from '../../../../../lib/page.ts';
import { shopperCall } from '../../../../../lib/shopper.ts';
import type { SiteParams } from '../../../../../lib/site.ts';

export const metadata: Metadata = { title: 'Checkout', robots: { index: false } };

type Step = 'address' | 'shipping' | 'payment';

/** A signed-in customer's address book for the address step; without it (an error) they type the address. */
async function addressBook(call: GatewayCall): Promise<SavedAddress[]> {
  if (!call.accessToken) return [];
  const result = await execute(call, MyAddressesQuery, {});
  return result.error ? [] : savedAddresses(result.data.myAddresses);
}

/** Checkout in three steps (address, shipping, payment), each saved on the cart, so leaving and coming back resumes. */
export default async function Checkout({
  params,
  searchParams,
}: {
  params: Promise<SiteParams>;
  searchParams: Promise<{ step?: string }>;
}) {
  const { tenant } = await storeOf(params);
  const call = await shopperCall();
  const { cart, error } = await readCart(call);
  if (error) throw error;
  if (!cart || cart.lines.length === 0) redirect('/cart');
  if (cart.lines.some((l) => l.variant.available < l.quantity)) redirect('/cart');
  const requested = (await searchParams).step;
  const reachable: Step =
    !cart.email || !cart.shippingAddress ? 'address' : !cart.shippingMethod ? 'shipping' : 'payment';
  const order: Step[] = ['address', 'shipping', 'payment'];
  const step: Step =
    requested && order.includes(requested as Step) && order.indexOf(requested as Step) <= order.indexOf(reachable)
      ? (requested as Step)
      : reachable;
  const lines = drawerLines(cart);
  const address = cart.shippingAddress;
  return (
    <CheckoutPage
      brand={<NextLink href="/">{tenant.name}</NextLink>}
      steps={
        <CheckoutSteps
          current={step}
          steps={[
            { id: 'address', label: 'Address', href: '/checkout?step=address' },
            { id: 'shipping', label: 'Shipping', href: '/checkout?step=shipping' },
            { id: 'payment', label: 'Payment' },
          ]}
        />
      }
      summary={
        <OrderSummary
          lines={lines.map((l) => ({
            id: l.id,
            name: l.name,
            variant: l.variant,
            quantity: l.quantity,
            image: l.image,
            total: l.lineTotal,
          }))}
          subtotal={toMinorUnits(cart.subtotal)}
          discounts={
            toMinorUnits(cart.discountTotal).amount > 0
              ? [{ label: 'Discount', amount: toMinorUnits(cart.discountTotal) }]
              : []
          }
          shipping={maybeMinorUnits(cart.shippingTotal) ?? null}
          tax={maybeMinorUnits(cart.taxTotal)}
          taxIncluded={cart.pricesIncludeTax}
          total={toMinorUnits(cart.total)}
        />
      }
    >
      <h1 className="mds-visually-hidden">Checkout</h1>
      {step === 'address' ? (
        <AddressStep
          countries={COUNTRIES}
          saved={await addressBook(call)}
          signedIn={Boolean(call.accessToken)}
          defaultEmail={cart.email ?? ''}
          defaultAddress={{
            name: address?.name ?? '',
            company: address?.company ?? '',
            line1: address?.line1 ?? '',
            line2: address?.line2 ?? '',
            city: address?.city ?? '',
            region: address?.region ?? '',
            postalCode: address?.postalCode ?? '',
            country: address?.country ?? '',
            phone: address?.phone ?? '',
          }}
        />
      ) : step === 'shipping' ? (
        <ShippingStep
          current={cart.shippingMethod?.methodId ?? null}
          methods={cart.availableShippingMethods.map((m) => ({
            methodId: m.methodId,
            name: m.name,
            carrier: m.carrier ?? null,
            price: toMinorUnits(m.price),
          }))}
        />
      ) : (
        <PaymentStep total={toMinorUnits(cart.total)} expectedTotal={cart.total.amount} idempotencyKey={randomUUID()} />
      )}
    </CheckoutPage>
  );
}
