'use client';
import { type ComponentProps, type ReactNode, useId, useState } from 'react';
import { Button } from '../../atoms/button/button.tsx';
import { Checkbox } from '../../atoms/checkbox/checkbox.tsx';
import { Icon } from '../../atoms/icon/icon.tsx';
import { Select, type SelectOption } from '../../atoms/select/select.tsx';
import { Dialog } from '../../molecules/dialog/dialog.tsx';
import { EmptyState } from '../../molecules/empty-state/empty-state.tsx';
import { Pagination } from '../../molecules/pagination/pagination.tsx';
import { ProductCard, type ProductCardProps, ProductCardSkeleton } from '../../molecules/product-card/product-card.tsx';
import { cx } from '../../utils/cx.ts';
import { useLinkComponent } from '../../utils/link-context.tsx';
import { useLocale } from '../../utils/locale-context.tsx';
import { formatNumber } from '../../utils/money.ts';
import { activeFilters, type Facet, type FacetSelection, toggleFacetValue } from './facets.ts';
import './faceted-product-grid.css';

export type GridProduct = Omit<ProductCardProps, 'onAddToCart' | 'headingLevel' | 'priority'> & { id: string };

export type FacetedProductGridProps = Omit<ComponentProps<'section'>, 'onChange'> & {
  products: readonly GridProduct[];
  totalCount: number;
  facets: readonly Facet[];
  selection: FacetSelection;
  onSelectionChange: (selection: FacetSelection) => void;
  sort: string;
  sortOptions: readonly SelectOption[];
  onSortChange: (sort: string) => void;
  page: number;
  pageCount: number;
  hrefForPage?: (page: number) => string;
  onPageChange?: (page: number) => void;
  /** New results are on their way: the grid keeps its shape and says it is busy. */
  loading?: boolean;
  onAddToCart?: (productId: string) => void;
  /**
   * The grid's items (`li` elements with ProductCards) rendered by the caller, shown instead of cards made from
   * `products` (which still decides the empty state and the skeletons' count). A server component renders them,
   * so the browser hydrates the facets and controls but not 24 cards. `onAddToCart` is the caller's to wire
   * into its items then.
   */
  items?: ReactNode;
  /** What to offer when nothing matches; "Clear filters" by default when filters are set. */
  emptyAction?: ReactNode;
};

/**
 * A category or search result page's body: facets (a side column, or a sheet on a phone), active filter chips,
 * sort, the product grid and pagination. Controlled: the app owns selection, sort and page (in the URL) and fetches.
 */
export function FacetedProductGrid({
  products,
  totalCount,
  facets,
  selection,
  onSelectionChange,
  sort,
  sortOptions,
  onSortChange,
  page,
  pageCount,
  hrefForPage,
  onPageChange,
  loading = false,
  onAddToCart,
  items,
  emptyAction,
  className,
  ...props
}: FacetedProductGridProps) {
  const locale = useLocale();
  const linkAs = useLinkComponent();
  const [sheetOpen, setSheetOpen] = useState(false);
  const id = useId();
  const active = activeFilters(facets, selection);
  const clearAll = () => onSelectionChange({});
  const countText = `${formatNumber(totalCount, locale)} ${totalCount === 1 ? 'product' : 'products'}`;

  const facetList = (
    <FacetList
      facets={facets}
      selection={selection}
      onToggle={(facetId, value) => onSelectionChange(toggleFacetValue(selection, facetId, value))}
    />
  );

  return (
    <section
      className={cx('mds-catalog', className)}
      data-state={loading ? 'loading' : products.length === 0 ? 'empty' : 'ready'}
      aria-labelledby={`${id}-count`}
      {...props}
    >
      {/* hidden h2s keep the outline whole (page h1 → h2 → product h3) for screen reader heading navigation */}
      <aside className="mds-catalog__facets" aria-labelledby={`${id}-filters`}>
        <h2 id={`${id}-filters`} className="mds-visually-hidden">
          Filters
        </h2>
        {facetList}
      </aside>
      <div className="mds-catalog__results">
        <div className="mds-catalog__toolbar">
          {/* polite: the new count is read after each filter change without stealing focus */}
          <p id={`${id}-count`} className="mds-catalog__count" role="status">
            {loading ? 'Updating results…' : countText}
          </p>
          <Button
            variant="secondary"
            size="sm"
            startIcon="filter"
            className="mds-catalog__filter-button"
            onClick={() => setSheetOpen(true)}
          >
            Filters{active.length > 0 ? ` (${active.length})` : ''}
          </Button>
          <div className="mds-catalog__sort">
            <label htmlFor={`${id}-sort`} className="mds-catalog__sort-label">
              Sort by
            </label>
            <Select
              id={`${id}-sort`}
              size="sm"
              value={sort}
              options={sortOptions}
              onChange={(event) => onSortChange(event.currentTarget.value)}
            />
          </div>
        </div>
        {active.length > 0 ? (
          <ul className="mds-catalog__chips" aria-label="Active filters">
            {active.map((filter) => (
              <li key={`${filter.facetId}:${filter.value}`}>
                <button
                  type="button"
                  className="mds-catalog__chip"
                  onClick={() => onSelectionChange(toggleFacetValue(selection, filter.facetId, filter.value))}
                >
                  <span className="mds-visually-hidden">Remove filter </span>
                  {filter.facetLabel}: {filter.label}
                  <Icon name="close" size="sm" />
                </button>
              </li>
            ))}
            <li>
              <Button variant="ghost" size="sm" onClick={clearAll}>
                Clear all
              </Button>
            </li>
          </ul>
        ) : null}
        <h2 className="mds-visually-hidden">Products</h2>
        {products.length === 0 && !loading ? (
          <EmptyState
            headingLevel={3}
            title="No products match these filters"
            description="Try removing a filter or searching for something broader."
            action={
              emptyAction ??
              (active.length > 0 ? (
                <Button variant="secondary" onClick={clearAll}>
                  Clear filters
                </Button>
              ) : null)
            }
          />
        ) : (
          <ul className="mds-catalog__grid" aria-busy={loading || undefined}>
            {loading
              ? Array.from({ length: Math.max(products.length, 8) }, (_, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: identical placeholders
                  <li key={index}>
                    <ProductCardSkeleton />
                  </li>
                ))
              : (items ??
                products.map(({ id: productId, ...product }, index) => (
                  <li key={productId}>
                    <ProductCard
                      {...product}
                      locale={locale}
                      linkAs={linkAs}
                      priority={index < 4}
                      onAddToCart={onAddToCart ? () => onAddToCart(productId) : undefined}
                    />
                  </li>
                )))}
          </ul>
        )}
        <Pagination
          page={page}
          pageCount={pageCount}
          hrefFor={hrefForPage}
          onPageChange={onPageChange}
          className="mds-catalog__pagination"
        />
      </div>
      <Dialog
        open={sheetOpen}
        onClose={() => setSheetOpen(false)}
        placement="end"
        title="Filters"
        footer={
          <>
            <Button variant="ghost" onClick={clearAll} disabled={active.length === 0}>
              Clear all
            </Button>
            <Button onClick={() => setSheetOpen(false)}>Show {countText}</Button>
          </>
        }
      >
        {facetList}
      </Dialog>
    </section>
  );
}

function FacetList({
  facets,
  selection,
  onToggle,
}: {
  facets: readonly Facet[];
  selection: FacetSelection;
  onToggle: (facetId: string, value: string) => void;
}) {
  return (
    <div className="mds-facets">
      {facets.map((facet) => {
        const chosen = selection[facet.id] ?? [];
        return (
          <details key={facet.id} className="mds-facets__group" open>
            <summary className="mds-facets__summary">
              {facet.label}
              {chosen.length > 0 ? <span className="mds-facets__chosen"> ({chosen.length} selected)</span> : null}
            </summary>
            <fieldset className="mds-facets__options">
              <legend className="mds-visually-hidden">{facet.label}</legend>
              {facet.options.map((option) => {
                const checked = chosen.includes(option.value);
                return (
                  <Checkbox
                    key={option.value}
                    label={
                      <>
                        {option.label}
                        {option.count !== undefined ? (
                          <>
                            {' '}
                            <span className="mds-facets__count">({option.count})</span>
                          </>
                        ) : null}
                      </>
                    }
                    checked={checked}
                    disabled={!checked && option.count === 0}
                    onChange={() => onToggle(facet.id, option.value)}
                  />
                );
              })}
            </fieldset>
          </details>
        );
      })}
    </div>
  );
}
