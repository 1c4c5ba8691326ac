'use client';
import { type ComponentProps, type ReactNode, useId, useState } from 'react';
import { Avatar } from '../../atoms/avatar/avatar.tsx';
import { Icon } from '../../atoms/icon/icon.tsx';
import { IconButton } from '../../atoms/icon-button/icon-button.tsx';
import { useTenantBrand } from '../../theme/theme-provider.tsx';
import { cx } from '../../utils/cx.ts';
import { useLinkComponent } from '../../utils/link-context.tsx';
import './header.css';

export interface NavLink {
  label: string;
  href: string;
  current?: boolean;
}

export type HeaderProps = ComponentProps<'header'> & {
  /** Defaults to the tenant's name from ThemeProvider. */
  storeName?: string;
  /** Defaults to the tenant's logo from ThemeProvider; the store name shows as text without one. */
  logo?: { src: string; alt: string };
  homeHref?: string;
  navigation: readonly NavLink[];
  /** The search form (usually a SearchBox); the header only places it. */
  search?: ReactNode;
  cartCount?: number;
  /** Opens the cart drawer; without it the cart icon links to `cartHref`. */
  onCartClick?: () => void;
  cartHref?: string;
  /** Signed in: the customer's name and account link. Signed out: the sign-in link. */
  account?: { name: string; href: string } | null;
  signInHref?: string;
  /** A line above the header ("Free delivery over €50"). */
  announcement?: ReactNode;
  /** The phone menu starts open (stories). */
  defaultMenuOpen?: boolean;
};

/**
 * The store's header: logo, navigation, search, account and cart. On a phone the navigation folds behind a menu
 * button (a disclosure: aria-expanded + aria-controls); from 48rem it is a row under the logo.
 */
export function Header({
  storeName,
  logo,
  homeHref = '/',
  navigation,
  search,
  cartCount = 0,
  onCartClick,
  cartHref = '/cart',
  account,
  signInHref = '/account/sign-in',
  announcement,
  defaultMenuOpen = false,
  className,
  ...props
}: HeaderProps) {
  const brand = useTenantBrand();
  const RouterLink = useLinkComponent();
  const [menuOpen, setMenuOpen] = useState(defaultMenuOpen);
  const navId = useId();
  const name = storeName ?? brand.name ?? 'Store';
  const mark = logo ?? brand.logo;
  const cartName = `Cart, ${cartCount} ${cartCount === 1 ? 'item' : 'items'}`;

  return (
    <header className={cx('mds-header', className)} data-state={menuOpen ? 'menu-open' : 'menu-closed'} {...props}>
      {announcement ? <p className="mds-header__announcement">{announcement}</p> : null}
      <div className="mds-header__bar">
        <IconButton
          icon={menuOpen ? 'close' : 'menu'}
          label="Menu"
          className="mds-header__menu-button"
          aria-expanded={menuOpen}
          aria-controls={navId}
          onClick={() => setMenuOpen((open) => !open)}
        />
        <RouterLink href={homeHref} className="mds-header__brand">
          {mark ? (
            <img src={mark.src} alt={mark.alt} className="mds-header__logo" height={32} />
          ) : (
            <span className="mds-header__store-name">{name}</span>
          )}
        </RouterLink>
        {search ? <div className="mds-header__search">{search}</div> : null}
        <div className="mds-header__actions">
          {account ? (
            <RouterLink href={account.href} className="mds-header__account">
              <Avatar name={account.name} size="sm" decorative />
              <span className="mds-header__account-name">{account.name}</span>
            </RouterLink>
          ) : (
            <RouterLink href={signInHref} className="mds-header__account">
              <Icon name="user" />
              <span className="mds-header__account-name">Sign in</span>
            </RouterLink>
          )}
          {onCartClick ? (
            <IconButton icon="cart" label="Cart" count={cartCount} onClick={onCartClick} className="mds-header__cart" />
          ) : (
            <RouterLink
              href={cartHref}
              className="mds-button mds-icon-button mds-header__cart"
              data-variant="ghost"
              data-size="md"
              aria-label={cartName}
            >
              <Icon name="cart" />
              {cartCount > 0 ? (
                <span className="mds-icon-button__count" aria-hidden="true">
                  {cartCount > 99 ? '99+' : cartCount}
                </span>
              ) : null}
            </RouterLink>
          )}
        </div>
      </div>
      <nav id={navId} className="mds-header__nav" aria-label="Main">
        <ul className="mds-header__nav-list">
          {navigation.map((link) => (
            <li key={link.href}>
              <RouterLink
                href={link.href}
                className="mds-header__nav-link"
                aria-current={link.current ? 'page' : undefined}
              >
                {link.label}
              </RouterLink>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}
