'use client';
import { LinkProvider, LocaleProvider, type TenantTheme, ThemeProvider, ToastProvider } from '@meridian/design-system';
import NextLink from 'next/link';
import type { ReactNode } from 'react';
import { CartProvider } from './cart-context.tsx';

/** The client-side roots of every store page: theme, router links, locale, toasts and the cart drawer's state. */
export function Providers({
  theme,
  locale,
  currency,
  children,
}: {
  theme: TenantTheme;
  locale: string;
  /** The store's default currency, for an empty cart's subtotal. */
  currency: string;
  children: ReactNode;
}) {
  return (
    <ThemeProvider theme={theme} mode="light">
      <LinkProvider component={NextLink}>
        <LocaleProvider locale={locale}>
          <ToastProvider>
            <CartProvider currency={currency}>{children}</CartProvider>
          </ToastProvider>
        </LocaleProvider>
      </LinkProvider>
    </ThemeProvider>
  );
}
