'use client';
import { formatMoney, type Money, Price, useLocale, VisuallyHidden } from '@meridian/design-system';
import { useEffect, useState } from 'react';
import { loadYourPrices } from '../actions/prices.ts';
import type { PriceView } from '../lib/your-price.ts';
import { useCart } from './cart-context.tsx';

/**
 * The signed-in shopper's own prices for a product's variants, asked once the session says they belong to a customer
 * group (so guests, and customers without a group, cost no request). Undefined until known: the page's public prices
 * show meanwhile.
 */
export function useYourPrices(productId: string, currency: string): Record<string, Money | null> | undefined {
  const { customerGroup } = useCart();
  const [loaded, setLoaded] = useState<{ key: string; prices: Record<string, Money | null> } | null>(null);
  const key = `${customerGroup}:${productId}:${currency}`;
  useEffect(() => {
    if (!customerGroup) return;
    let live = true;
    loadYourPrices({ productId, currency })
      .then((answer) => {
        if (live && answer) setLoaded({ key: `${customerGroup}:${productId}:${currency}`, prices: answer.prices });
      })
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [customerGroup, productId, currency]);
  // prices for another product, currency or group never show against this one
  return customerGroup && loaded?.key === key ? loaded.prices : undefined;
}

/**
 * The chosen variant's price: the public one (maybe on sale), or "Your price" with the public one struck through;
 * screen readers hear both ("Your price $80.00, regular price $100.00").
 */
export function VariantPrice({ view }: { view: PriceView }) {
  const locale = useLocale();
  if (view.kind === 'public') {
    return (
      <p className="sf-purchase__price">
        <Price price={view.price} compareAt={view.compareAt ?? undefined} size="lg" />
      </p>
    );
  }
  return (
    <p className="sf-purchase__price sf-your-price" data-testid="your-price">
      <span className="sf-your-price__label">Your price</span> <Price price={view.price} size="lg" />
      {view.was ? (
        <>
          <VisuallyHidden>, regular price </VisuallyHidden>
          <s className="sf-your-price__was">{formatMoney(view.was, locale)}</s>
        </>
      ) : null}
    </p>
  );
}
