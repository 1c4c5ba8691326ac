'use client';
import { Header, type NavLink, SearchBox } from '@meridian/design-system';
import { usePathname } from 'next/navigation';
import { useCart } from './cart-context.tsx';

/** The store's header with the shopper's name and cart count, which arrive after the (cached) page has loaded. */
export function SiteHeader({ storeName, navigation }: { storeName: string; navigation: readonly NavLink[] }) {
  const { cart, customerName, open } = useCart();
  const pathname = usePathname();
  return (
    <Header
      storeName={storeName}
      navigation={navigation.map((link) => ({ ...link, current: pathname === link.href }))}
      search={<SearchBox action="/search" label="Search products" />}
      cartCount={cart?.count ?? 0}
      onCartClick={open}
      account={customerName ? { name: customerName, href: '/account' } : null}
      signInHref="/account/sign-in"
    />
  );
}
