'use server';
import { cookies } from 'next/headers';
import { AddMyAddressMutation } from '../lib/addresses.ts';
import { cartHandle, forgetGuestCart, readCart, UpdateCartMutation } from '../lib/cart.ts';
import { ConfirmOrderPaymentMutation, PlaceOrderMutation } from '../lib/checkout.ts';
import { COOKIE, cookieOptions } from '../lib/cookies.ts';
import { execute, failureMessage, type GraphError } from '../lib/graphql-client.ts';
import { isSecureRequest, shopperCall } from '../lib/shopper.ts';

export type FieldErrors = Record<string, string>;
export type CheckoutResult =
  | { ok: true; next?: string }
  | { ok: false; message?: string; fields?: FieldErrors; authenticate?: { orderId: string } };

const UNREACHABLE = 'We could not reach the store. Nothing was charged and your cart is saved: try again in a moment.';

/** A rate-limit refusal says when to retry; anything else is UNREACHABLE. */
const failed = (error: GraphError | undefined) =>
  failureMessage(error, UNREACHABLE, 'Nothing was charged and your cart is saved.');

/** A userError path → the form field it belongs to (`["input","shippingAddress","postalCode"]` → `postalCode`). */
function fieldOf(path: readonly string[] | null | undefined): string {
  const parts = (path ?? []).filter((p) => p !== 'input' && p !== 'shippingAddress' && p !== 'card' && p !== 'payment');
  return parts.at(-1) ?? 'form';
}

function byField(errors: readonly { field?: readonly string[] | null; message: string }[]): FieldErrors {
  const out: FieldErrors = {};
  for (const e of errors) out[fieldOf(e.field)] ??= e.message;
  return out;
}

async function currentCart() {
  const call = await shopperCall();
  const current = await readCart(call);
  return { call, ...current };
}

export interface AddressInput {
  email: string;
  name: string;
  company?: string;
  line1: string;
  line2?: string;
  city: string;
  region?: string;
  postalCode: string;
  country: string;
  phone?: string;
  /** A signed-in customer's "Save to my addresses". */
  saveToAddressBook?: boolean;
}

/** Step 1: the email and shipping address (checked again by commerce: its userErrors go next to the fields). */
export async function saveAddress(input: AddressInput): Promise<CheckoutResult> {
  const fields: FieldErrors = {};
  const email = String(input.email ?? '').trim();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    fields.email = 'Enter an email address, like name@example.com, for the receipt.';
  if (Object.keys(fields).length > 0) return { ok: false, fields };
  const { call, cart, error } = await currentCart();
  if (error) return { ok: false, message: failed(error) };
  if (!cart) return { ok: false, message: 'Your cart is empty.' };
  const opt = (v: string | undefined) => (v?.trim() ? v.trim() : null);
  const shippingAddress = {
    name: input.name.trim(),
    company: opt(input.company),
    line1: input.line1.trim(),
    line2: opt(input.line2),
    city: input.city.trim(),
    region: opt(input.region),
    postalCode: opt(input.postalCode),
    country: input.country,
    phone: opt(input.phone),
  };
  const result = await execute(
    call,
    UpdateCartMutation,
    {
      input: {
        cartId: cartHandle(cart, call),
        email,
        shippingAddress,
      },
    },
    'mutation',
  );
  if (result.error) return { ok: false, message: failed(result.error) };
  const { userErrors } = result.data.updateCart;
  if (userErrors.length > 0) return { ok: false, fields: byField(userErrors) };
  if (input.saveToAddressBook && call.accessToken) {
    // commerce accepted the address; should the address book refuse it, the order still goes on
    await execute(call, AddMyAddressMutation, { input: shippingAddress }, 'mutation').catch(() => undefined);
  }
  return { ok: true, next: '/checkout?step=shipping' };
}

/** Step 2: one of the cart's available shipping methods. */
export async function saveShipping(input: { methodId: string }): Promise<CheckoutResult> {
  if (!input.methodId) return { ok: false, fields: { shippingMethodId: 'Choose how to ship your order.' } };
  const { call, cart, error } = await currentCart();
  if (error) return { ok: false, message: failed(error) };
  if (!cart) return { ok: false, message: 'Your cart is empty.' };
  const result = await execute(
    call,
    UpdateCartMutation,
    { input: { cartId: cartHandle(cart, call), shippingMethodId: input.methodId } },
    'mutation',
  );
  if (result.error) return { ok: false, message: failed(result.error) };
  const { userErrors } = result.data.updateCart;
  if (userErrors.length > 0)
    return { ok: false, fields: { shippingMethodId: userErrors[0]?.message ?? 'Choose another method.' } };
  return { ok: true, next: '/checkout?step=payment' };
}

export interface PaymentInput {
  number: string;
  expiry: string;
  cvc: string;
  idempotencyKey: string;
  expectedTotal: string;
}

async function placed(order: { name: string; email: string; total: { amount: string; currencyCode: string } }) {
  const jar = await cookies();
  jar.set(
    COOKIE.lastOrder,
    JSON.stringify({ name: order.name, email: order.email, total: order.total }),
    cookieOptions(await isSecureRequest(), 60 * 60),
  );
  await forgetGuestCart();
}

function declined(message: string | null | undefined): CheckoutResult {
  return {
    ok: false,
    message: `${(message ?? 'Your card was declined.').replace(/\.?$/, '.')} Nothing was charged and your cart is saved. Try another card.`,
  };
}

/** Step 3: pays with the test provider's card and places the order (one order per idempotency key). */
export async function placeOrder(input: PaymentInput): Promise<CheckoutResult> {
  const number = input.number.replace(/[\s-]/g, '');
  const match = /^(\d{1,2})\s*\/\s*(\d{2}|\d{4})$/.exec(input.expiry.trim());
  const fields: FieldErrors = {};
  if (!/^\d{12,19}$/.test(number)) fields.number = 'Enter the card number, 12 to 19 digits.';
  if (!match) fields.expiry = 'Enter the expiry date as MM/YY.';
  if (!/^\d{3,4}$/.test(input.cvc.trim())) fields.cvc = 'Enter the 3 or 4 digit security code.';
  if (!/^[A-Za-z0-9-]{16,64}$/.test(input.idempotencyKey)) fields.form = 'Reload the page and try again.';
  if (Object.keys(fields).length > 0 || !match) return { ok: false, fields };
  const expMonth = Number(match[1]);
  const expYear = Number(match[2]?.length === 2 ? `20${match[2]}` : match[2]);
  const { call, cart, error } = await currentCart();
  if (error) return { ok: false, message: failed(error) };
  if (!cart) return { ok: false, message: 'Your cart is empty.' };
  const result = await execute(
    call,
    PlaceOrderMutation,
    {
      input: {
        cartId: cartHandle(cart, call),
        idempotencyKey: input.idempotencyKey,
        expectedTotal: input.expectedTotal || null,
        payment: { provider: 'TEST', card: { number, expMonth, expYear, cvc: input.cvc.trim() } },
      },
    },
    'mutation',
  );
  if (result.error) return { ok: false, message: failed(result.error) };
  const { order, payment, userErrors } = result.data.placeOrder;
  const declinedError = userErrors.find((e) => e.code === 'PAYMENT_DECLINED' || e.code === 'PAYMENT_FAILED');
  if (declinedError) return declined(declinedError.message);
  if (userErrors.length > 0) {
    const cardFields = byField(userErrors);
    const priceChanged = userErrors.find((e) => e.code === 'PRICE_CHANGED');
    if (priceChanged)
      return { ok: false, message: 'A price changed since you started: check the new total, then pay again.' };
    const { form, ...rest } = cardFields;
    return { ok: false, ...(form ? { message: form } : {}), fields: rest };
  }
  if (payment?.status === 'FAILED') return declined(payment.failureMessage);
  if (order && payment?.status === 'REQUIRES_ACTION') return { ok: false, authenticate: { orderId: order.id } };
  if (!order) return { ok: false, message: UNREACHABLE };
  await placed(order);
  return { ok: true, next: '/checkout/complete' };
}

/** The test provider's 3-D Secure step, simulated: approve or fail, then the order is paid or cancelled. */
export async function confirmPayment(input: { orderId: string; approve: boolean }): Promise<CheckoutResult> {
  const call = await shopperCall();
  const jar = await cookies();
  const guest = call.accessToken ? null : (jar.get(COOKIE.cart)?.value ?? null);
  const result = await execute(
    call,
    ConfirmOrderPaymentMutation,
    { input: { orderId: input.orderId, cartId: guest, testAuthentication: input.approve ? 'SUCCEED' : 'FAIL' } },
    'mutation',
  );
  if (result.error) return { ok: false, message: failed(result.error) };
  const { order, payment, userErrors } = result.data.confirmOrderPayment;
  if (payment?.status === 'SUCCEEDED' && order) {
    await placed(order);
    return { ok: true, next: '/checkout/complete' };
  }
  return declined(payment?.failureMessage ?? userErrors[0]?.message ?? 'The card issuer did not confirm the payment.');
}
