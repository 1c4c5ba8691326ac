import { type GridProduct, ProductCard } from '@meridian/design-system';
import NextLink from 'next/link';

/**
 * Product cards as grid items, rendered on the server: the cards take the locale and the router link as props
 * instead of from client context, so a page of products adds no hydration work in the shopper's browser.
 */
export function ProductCardItems({
  products,
  locale,
  priorityCount = 0,
}: {
  products: readonly GridProduct[];
  locale: string;
  /** The first cards load their images eagerly (above the fold, for a fast largest paint). */
  priorityCount?: number;
}) {
  return products.map(({ id, ...product }, index) => (
    <li key={id}>
      <ProductCard {...product} locale={locale} linkAs={NextLink} priority={index < priorityCount} />
    </li>
  ));
}

/** A plain grid of product cards (home page sections); the catalog pages use FacetedProductGrid. */
export function ProductGrid(props: { products: readonly GridProduct[]; locale: string; priorityCount?: number }) {
  return (
    <ul className="sf-grid">
      <ProductCardItems {...props} />
    </ul>
  );
}
