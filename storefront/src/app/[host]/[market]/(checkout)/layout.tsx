import type { ReactNode } from 'react';

/** Checkout has no store navigation (CheckoutPage draws its own brand bar): nothing pulls the shopper out halfway. */
export default function CheckoutLayout({ children }: { children: ReactNode }) {
  return children;
}
