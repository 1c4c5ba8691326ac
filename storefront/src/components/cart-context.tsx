'use client';
import { CartDrawer, useToast } from '@meridian/design-system';
import { usePathname } from 'next/navigation';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  useTransition,
} from 'react';
import { type CartActionResult, changeQuantity, loadSession, removeLine } from '../actions/cart.ts';
import type { CartView } from '../lib/cart.ts';

interface CartContextValue {
  cart: CartView | null;
  customerName: string | null;
  /** The signed-in shopper's customer group (their prices differ from the page's public ones), else null. */
  customerGroup: string | null;
  /** A server action's answer: shows the new cart (opening the drawer) or its error. */
  apply(result: CartActionResult, options?: { open?: boolean }): void;
  open(): void;
}

const CartContext = createContext<CartContextValue | null>(null);

export function useCart(): CartContextValue {
  const value = useContext(CartContext);
  if (!value) throw new Error('useCart() needs <CartProvider>');
  return value;
}

/**
 * The shopper's cart, name and customer group on cached pages: loaded once the page is interactive (the HTML stays the same for
 * everyone, so it can be cached), then kept from the server actions' answers. The drawer edits the cart in place.
 */
export function CartProvider({ currency, children }: { currency: string; children: ReactNode }) {
  const [cart, setCart] = useState<CartView | null>(null);
  const [customerName, setCustomerName] = useState<string | null>(null);
  const [customerGroup, setCustomerGroup] = useState<string | null>(null);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [updating, startUpdate] = useTransition();
  const toast = useToast();
  const pathname = usePathname();

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the page changes (sign-in, checkout)
  useEffect(() => {
    let live = true;
    // a link in the drawer (Checkout, a product) navigated: the drawer closes behind it
    setDrawerOpen(false);
    loadSession()
      .then((session) => {
        if (!live) return;
        setCart(session.cart);
        setCustomerName(session.name);
        setCustomerGroup(session.customerGroup);
      })
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [pathname]);

  const apply = useCallback(
    (result: CartActionResult, options: { open?: boolean } = {}) => {
      if (result.cart !== undefined) setCart(result.cart);
      if (result.ok) {
        setError(undefined);
        if (options.open) setDrawerOpen(true);
      } else if (drawerOpen) {
        setError(result.message);
      } else {
        toast.show({ tone: 'danger', title: 'Not added', description: result.message });
      }
    },
    [drawerOpen, toast],
  );

  const value = useMemo(
    () => ({ cart, customerName, customerGroup, apply, open: () => setDrawerOpen(true) }),
    [cart, customerName, customerGroup, apply],
  );

  return (
    <CartContext value={value}>
      {children}
      <CartDrawer
        open={drawerOpen}
        onClose={() => {
          setDrawerOpen(false);
          setError(undefined);
        }}
        lines={cart?.lines ?? []}
        subtotal={cart?.subtotal ?? { amount: 0, currency }}
        updating={updating}
        error={error}
        checkoutHref="/checkout"
        onContinueShopping={() => setDrawerOpen(false)}
        onQuantityChange={(lineId, quantity) =>
          startUpdate(async () => {
            const result = await changeQuantity({ lineId, quantity });
            if (result.cart !== undefined) setCart(result.cart);
            setError(result.ok ? undefined : result.message);
          })
        }
        onRemove={(lineId) =>
          startUpdate(async () => {
            const result = await removeLine({ lineId });
            if (result.cart !== undefined) setCart(result.cart);
            setError(result.ok ? undefined : result.message);
          })
        }
      />
    </CartContext>
  );
}
