'use client';
import { SideNav } from '@meridian/design-system';
import { usePathname } from 'next/navigation';

const items = [
  { id: 'orders', label: 'Orders', href: '/account/orders', icon: 'package' as const },
  { id: 'addresses', label: 'Addresses', href: '/account/addresses', icon: 'home' as const },
  { id: 'profile', label: 'Profile', href: '/account/profile', icon: 'user' as const },
];

function current(pathname: string) {
  return items.find((item) => pathname.startsWith(item.href)) ?? items[0];
}

/** The account's sections, with the current one marked. */
export function AccountNav() {
  const pathname = usePathname();
  const active = current(pathname);
  return (
    <SideNav
      aria-label="Account"
      sections={[{ id: 'account', items: items.map((item) => ({ ...item, current: item.id === active?.id })) }]}
    />
  );
}

/** The section's title for the page heading. */
export function AccountTitle() {
  const pathname = usePathname();
  if (/^\/account\/orders\/.+/.test(pathname)) return <>Order details</>;
  return <>{current(pathname)?.label}</>;
}
