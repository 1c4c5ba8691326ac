import type { ComponentProps, ReactNode } from 'react';
import { Heading } from '../../atoms/heading/heading.tsx';
import { Breadcrumbs, type Crumb } from '../../molecules/breadcrumbs/breadcrumbs.tsx';
import { cx } from '../../utils/cx.ts';
import './product-page.css';

export type ProductPageProps = Omit<ComponentProps<'article'>, 'title'> & {
  title: ReactNode;
  breadcrumbs?: readonly Crumb[];
  vendor?: ReactNode;
  /** Usually a ProductGallery. */
  gallery: ReactNode;
  /** The Price for the chosen variant and the shopper's group and currency. */
  price: ReactNode;
  /** Variant choices (RadioGroups), quantity, availability, add to cart: the buying form. */
  purchase: ReactNode;
  summary?: ReactNode;
  /** Description, specifications, reviews (Tabs). */
  details?: ReactNode;
  /** Related products, below everything. */
  related?: ReactNode;
};

/**
 * A product: the gallery beside the buying column on wide screens, stacked on a phone with the title first, so
 * the largest paint (the main image) and the price are both above the fold.
 */
export function ProductPage({
  title,
  breadcrumbs,
  vendor,
  gallery,
  price,
  purchase,
  summary,
  details,
  related,
  className,
  ...props
}: ProductPageProps) {
  return (
    <article className={cx('mds-product-page', className)} {...props}>
      <div className="mds-product-page__grid">
        {breadcrumbs ? <Breadcrumbs items={breadcrumbs} className="mds-product-page__crumbs" /> : null}
        <div className="mds-product-page__gallery">{gallery}</div>
        <div className="mds-product-page__buy">
          {vendor ? <p className="mds-product-page__vendor">{vendor}</p> : null}
          <Heading level={1} size="2xl">
            {title}
          </Heading>
          <div className="mds-product-page__price">{price}</div>
          {summary ? <div className="mds-product-page__summary">{summary}</div> : null}
          {purchase}
        </div>
        {details ? <div className="mds-product-page__details">{details}</div> : null}
        {related ? <div className="mds-product-page__related">{related}</div> : null}
      </div>
    </article>
  );
}
