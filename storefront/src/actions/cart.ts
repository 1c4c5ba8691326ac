'use server';
import {
  AddCartLinesMutation,
  type Cart,
  type CartView,
  CreateCartMutation,
  cartHandle,
  cartView,
  RemoveCartLinesMutation,
  readCart,
  rememberGuestCart,
  UpdateCartLinesMutation,
} from '../lib/cart.ts';
import { execute, failureMessage, type GraphError } from '../lib/graphql-client.ts';
import { shopperCall } from '../lib/shopper.ts';

export type CartActionResult =
  | { ok: true; cart: CartView | null }
  | { ok: false; message: string; cart?: CartView | null };

const UNREACHABLE = 'We could not reach the store. Your cart is unchanged: try again in a moment.';

/** A rate-limit refusal says when to retry; anything else is UNREACHABLE. */
const failed = (error: GraphError | undefined) => failureMessage(error, UNREACHABLE, 'Your cart is unchanged.');

function failure(errors: readonly { code: string; message: string }[]): string {
  const first = errors[0];
  if (!first) return 'That did not work. Your cart is unchanged.';
  if (first.code === 'OUT_OF_STOCK') return `${first.message.replace(/\.$/, '')}. Nothing was added.`;
  return first.message;
}

/** Adds a variant (creating the cart on first use). The server checks stock and price; the page only asked. */
export async function addToCart(input: {
  variantId: string;
  quantity: number;
  currency?: string | null;
}): Promise<CartActionResult> {
  const quantity = Math.trunc(input.quantity);
  if (!/^var_[0-9A-Za-z]{26}$/.test(input.variantId) || !(quantity >= 1 && quantity <= 999)) {
    return { ok: false, message: 'Choose an option and a quantity from 1 to 999.' };
  }
  const call = await shopperCall();
  const current = await readCart(call);
  if (current.error) return { ok: false, message: failed(current.error) };
  const lines = [{ variantId: input.variantId, quantity }];
  let cart: Cart | null | undefined;
  let errors: readonly { code: string; message: string }[] = [];
  if (current.cart) {
    const result = await execute(
      call,
      AddCartLinesMutation,
      { input: { cartId: cartHandle(current.cart, call), lines } },
      'mutation',
    );
    if (result.error) return { ok: false, message: failed(result.error), cart: cartView(current.cart) };
    ({ cart, userErrors: errors } = result.data.addCartLines);
  } else {
    const currencyCode = input.currency && /^[A-Z]{3}$/.test(input.currency) ? input.currency : null;
    const result = await execute(call, CreateCartMutation, { input: { lines, currencyCode } }, 'mutation');
    if (result.error) return { ok: false, message: failed(result.error) };
    ({ cart, userErrors: errors } = result.data.createCart);
    if (cart) await rememberGuestCart(cart, call);
  }
  if (!cart || errors.length > 0) return { ok: false, message: failure(errors), cart: cartView(current.cart) };
  return { ok: true, cart: cartView(cart) };
}

export async function changeQuantity(input: { lineId: string; quantity: number }): Promise<CartActionResult> {
  const call = await shopperCall();
  const current = await readCart(call, { mergeGuest: false });
  if (current.error) return { ok: false, message: failed(current.error) };
  if (!current.cart) return { ok: true, cart: null };
  const quantity = Math.max(1, Math.min(9999, Math.trunc(input.quantity)));
  const result = await execute(
    call,
    UpdateCartLinesMutation,
    { input: { cartId: cartHandle(current.cart, call), lines: [{ id: input.lineId, quantity }] } },
    'mutation',
  );
  if (result.error) return { ok: false, message: failed(result.error), cart: cartView(current.cart) };
  const { cart, userErrors } = result.data.updateCartLines;
  if (!cart || userErrors.length > 0) return { ok: false, message: failure(userErrors), cart: cartView(current.cart) };
  return { ok: true, cart: cartView(cart) };
}

export async function removeLine(input: { lineId: string }): Promise<CartActionResult> {
  const call = await shopperCall();
  const current = await readCart(call, { mergeGuest: false });
  if (current.error) return { ok: false, message: failed(current.error) };
  if (!current.cart) return { ok: true, cart: null };
  const result = await execute(
    call,
    RemoveCartLinesMutation,
    { input: { cartId: cartHandle(current.cart, call), lineIds: [input.lineId] } },
    'mutation',
  );
  if (result.error) return { ok: false, message: failed(result.error), cart: cartView(current.cart) };
  const { cart, userErrors } = result.data.removeCartLines;
  if (!cart || userErrors.length > 0) return { ok: false, message: failure(userErrors), cart: cartView(current.cart) };
  return { ok: true, cart: cartView(cart) };
}

/**
 * The cached pages' view of the shopper, read once a page has loaded: their name and cart for the header, and their
 * customer group (product pages then ask for the group's prices; null asks nothing).
 */
export async function loadSession(): Promise<{
  name: string | null;
  customerGroup: string | null;
  cart: CartView | null;
}> {
  const call = await shopperCall();
  const [{ cart }, me] = await Promise.all([readCart(call), call.accessToken ? readMe(call) : Promise.resolve(null)]);
  return { name: me?.name ?? null, customerGroup: me?.customerGroup ?? null, cart: cartView(cart) };
}

async function readMe(
  call: Awaited<ReturnType<typeof shopperCall>>,
): Promise<{ name: string; customerGroup: string | null } | null> {
  const { MeNameQuery } = await import('../lib/account.ts');
  const result = await execute(call, MeNameQuery, {});
  const me = result.data?.me;
  return me ? { name: me.name, customerGroup: me.customerGroup ?? null } : null;
}
