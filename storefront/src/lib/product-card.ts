import type { GridProduct } from '@meridian/design-system';
import type { ProductCardFieldsFragment } from '../__generated__/graphql.ts';
import { toMinorUnits } from './money.ts';

/** A catalog product → the design system's ProductCard props. */
export function toGridProduct(product: ProductCardFieldsFragment): GridProduct | null {
  const range = product.priceRange;
  if (!range) return null; // not sold in this currency: not shown
  const min = toMinorUnits(range.min);
  const max = toMinorUnits(range.max);
  const compareAt = toMinorUnits(range.compareAtMax);
  return {
    id: product.id,
    name: product.title,
    href: `/p/${product.slug}`,
    price: min,
    ...(compareAt.amount > max.amount ? { compareAt } : {}),
    fromPrice: max.amount > min.amount,
    ...(product.featuredImage ? { image: { src: product.featuredImage.url, alt: product.featuredImage.alt } } : {}),
    availability: !product.inStock
      ? 'out-of-stock'
      : product.available > 0 && product.available <= 5
        ? 'low-stock'
        : 'in-stock',
  };
}

export function toGridProducts(products: readonly ProductCardFieldsFragment[]): GridProduct[] {
  return products.map(toGridProduct).filter((p): p is GridProduct => p !== null);
}
