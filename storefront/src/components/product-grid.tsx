import { type GridProduct, ProductCard } from '@meridian/design-system';

/** A plain grid of product cards (home page sections); the catalog pages use FacetedProductGrid. */
export function ProductGrid({
  products,
  priorityCount = 0,
}: {
  products: readonly GridProduct[];
  priorityCount?: number;
}) {
  return (
    <ul className="sf-grid">
      {products.map(({ id, ...product }, index) => (
        <li key={id}>
          <ProductCard {...product} priority={index < priorityCount} />
        </li>
      ))}
    </ul>
  );
}
