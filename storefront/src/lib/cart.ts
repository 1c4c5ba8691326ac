import 'server-only';
import type { CartLine as DrawerLine } from '@meridian/design-system';
import { cookies } from 'next/headers';
import { graphql } from '../__generated__/gql.ts';
import type { CartFieldsFragment } from '../__generated__/graphql.ts';
import { CART_COOKIE_MAX_AGE, COOKIE, cookieOptions } from './cookies.ts';
import type { GatewayCall } from './gateway.ts';
import { execute, type GraphError } from './graphql-client.ts';
import { maybeMinorUnits, toMinorUnits } from './money.ts';
import { isSecureRequest } from './shopper.ts';

export const CartFields = graphql(`
  fragment CartFields on Cart {
    id
    token
    status
    currencyCode
    email
    discountCode
    lines {
      id
      sku
      title
      quantity
      unitPrice {
        amount
        currencyCode
      }
      unitListPrice {
        amount
        currencyCode
      }
      lineTotal {
        amount
        currencyCode
      }
      variant {
        id
        title
        available
        product {
          title
          slug
          featuredImage {
            url
            alt
          }
        }
      }
    }
    shippingAddress {
      name
      company
      line1
      line2
      city
      region
      postalCode
      country
      phone
    }
    shippingMethod {
      methodId
      name
      carrier
      price {
        amount
        currencyCode
      }
    }
    availableShippingMethods {
      methodId
      name
      carrier
      price {
        amount
        currencyCode
      }
    }
    subtotal {
      amount
      currencyCode
    }
    discountTotal {
      amount
      currencyCode
    }
    shippingTotal {
      amount
      currencyCode
    }
    taxTotal {
      amount
      currencyCode
    }
    pricesIncludeTax
    total {
      amount
      currencyCode
    }
    warnings {
      field
      code
      message
    }
  }
`);

const CartQuery = graphql(`
  query Cart($id: ID!) {
    cart(id: $id) {
      ...CartFields
    }
  }
`);

const MyCartQuery = graphql(`
  query MyCart {
    myCart {
      ...CartFields
    }
  }
`);

export const CreateCartMutation = graphql(`
  mutation CreateCart($input: CreateCartInput!) {
    createCart(input: $input) {
      cart {
        ...CartFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const AddCartLinesMutation = graphql(`
  mutation AddCartLines($input: AddCartLinesInput!) {
    addCartLines(input: $input) {
      cart {
        ...CartFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const UpdateCartLinesMutation = graphql(`
  mutation UpdateCartLines($input: UpdateCartLinesInput!) {
    updateCartLines(input: $input) {
      cart {
        ...CartFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const RemoveCartLinesMutation = graphql(`
  mutation RemoveCartLines($input: RemoveCartLinesInput!) {
    removeCartLines(input: $input) {
      cart {
        ...CartFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const UpdateCartMutation = graphql(`
  mutation UpdateCart($input: UpdateCartInput!) {
    updateCart(input: $input) {
      cart {
        ...CartFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

const MergeCartsMutation = graphql(`
  mutation MergeCarts($input: MergeCartsInput!) {
    mergeCarts(input: $input) {
      cart {
        ...CartFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export type Cart = CartFieldsFragment;

/** The cart a request works on, and the handle to pass as `cartId`: the guest's token, or the customer's cart id. */
export interface CurrentCart {
  cart: Cart | null;
  /** Set when the graph could not be reached: the page says so, and nothing about the cart is assumed. */
  error?: GraphError;
}

export function cartHandle(cart: Cart, call: GatewayCall): string {
  return call.accessToken ? cart.id : (cart.token ?? cart.id);
}

/**
 * Reads the shopper's cart. A signed-in customer with a guest cart cookie gets it merged first (sign-in merges too;
 * this catches a merge that failed then, so a network hiccup never loses the guest's lines). The guest cookie is
 * dropped only once the merge succeeded or the guest cart is gone.
 */
export async function readCart(call: GatewayCall, options: { mergeGuest?: boolean } = {}): Promise<CurrentCart> {
  const jar = await cookies();
  const guest = jar.get(COOKIE.cart)?.value;
  if (call.accessToken) {
    if (guest && options.mergeGuest !== false) {
      const merged = await mergeGuestCart(call, guest);
      if (merged.cart) return merged;
    }
    const result = await execute(call, MyCartQuery, {});
    if (result.error) return { cart: null, error: result.error };
    return { cart: result.data.myCart ?? null };
  }
  if (!guest) return { cart: null };
  const result = await execute(call, CartQuery, { id: guest });
  if (result.error) {
    if (result.error.codes.includes('NOT_FOUND')) return { cart: null };
    return { cart: null, error: result.error };
  }
  const cart = result.data.cart ?? null;
  return { cart: cart && cart.status === 'OPEN' ? cart : null };
}

/** mergeCarts for a guest handle; forgets the handle when it merged or no longer exists. */
export async function mergeGuestCart(call: GatewayCall, guest: string): Promise<CurrentCart> {
  const result = await execute(call, MergeCartsMutation, { input: { guestCartId: guest } }, 'mutation');
  if (result.error) return { cart: null, error: result.error };
  const { cart, userErrors } = result.data.mergeCarts;
  if (cart || userErrors.some((e) => ['NOT_FOUND', 'CART_CLOSED'].includes(e.code))) await forgetGuestCart();
  return { cart: cart ?? null };
}

export async function rememberGuestCart(cart: Cart, call: GatewayCall): Promise<void> {
  if (call.accessToken || !cart.token) return;
  const jar = await cookies();
  jar.set(COOKIE.cart, cart.token, cookieOptions(await isSecureRequest(), CART_COOKIE_MAX_AGE));
}

export async function forgetGuestCart(): Promise<void> {
  const jar = await cookies();
  if (jar.get(COOKIE.cart)) jar.set(COOKIE.cart, '', cookieOptions(await isSecureRequest(), 0));
}

export function itemCount(cart: Cart | null): number {
  return cart?.lines.reduce((sum, line) => sum + line.quantity, 0) ?? 0;
}

/** A cart's lines as the design system's CartDrawer and OrderSummary take them. */
export function drawerLines(cart: Cart): DrawerLine[] {
  return cart.lines.map((line) => {
    const product = line.variant.product;
    const unit = line.unitPrice ?? line.unitListPrice ?? { amount: '0', currencyCode: cart.currencyCode };
    return {
      id: line.id,
      name: product.title,
      href: `/p/${product.slug}`,
      variant: line.variant.title === product.title ? undefined : line.variant.title,
      ...(product.featuredImage ? { image: { src: product.featuredImage.url, alt: product.featuredImage.alt } } : {}),
      unitPrice: toMinorUnits(unit),
      quantity: line.quantity,
      maxQuantity: Math.max(line.quantity, line.variant.available),
      lineTotal: maybeMinorUnits(line.lineTotal) ?? toMinorUnits(unit),
      ...(line.variant.available < line.quantity
        ? {
            notice:
              line.variant.available === 0
                ? 'Out of stock: remove it to check out.'
                : `Only ${line.variant.available} left.`,
          }
        : {}),
    };
  });
}

/** The plain summary the header's cart button and the drawer need, safe to send to the browser. */
export interface CartView {
  count: number;
  lines: DrawerLine[];
  subtotal: { amount: number; currency: string };
  warnings: string[];
}

export function cartView(cart: Cart | null): CartView | null {
  if (!cart) return null;
  return {
    count: itemCount(cart),
    lines: drawerLines(cart),
    subtotal: toMinorUnits(cart.subtotal),
    warnings: cart.warnings.map((w) => w.message),
  };
}
