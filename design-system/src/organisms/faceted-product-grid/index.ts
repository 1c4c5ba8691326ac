export { FacetedProductGrid, type FacetedProductGridProps, type GridProduct } from './faceted-product-grid.tsx';
export { activeFilters, type Facet, type FacetOption, type FacetSelection, toggleFacetValue } from './facets.ts';
