import type { ComponentProps, ReactNode } from 'react';
import { Heading } from '../../atoms/heading/heading.tsx';
import { Breadcrumbs, type Crumb } from '../../molecules/breadcrumbs/breadcrumbs.tsx';
import { cx } from '../../utils/cx.ts';
import './catalog-page.css';

export type CatalogPageProps = Omit<ComponentProps<'div'>, 'title'> & {
  title: ReactNode;
  breadcrumbs?: readonly Crumb[];
  /** The category's introduction, or "Results for “…”" on search. */
  description?: ReactNode;
  /** Sub-categories or featured collections, above the results. */
  highlights?: ReactNode;
  /** Usually a FacetedProductGrid. */
  children: ReactNode;
};

/** A category, collection or search result page: where you are, what this is, then the results. */
export function CatalogPage({
  title,
  breadcrumbs,
  description,
  highlights,
  className,
  children,
  ...props
}: CatalogPageProps) {
  return (
    <div className={cx('mds-catalog-page', className)} {...props}>
      {breadcrumbs ? <Breadcrumbs items={breadcrumbs} /> : null}
      <header className="mds-catalog-page__intro">
        <Heading level={1} size="2xl">
          {title}
        </Heading>
        {description ? <div className="mds-catalog-page__description">{description}</div> : null}
      </header>
      {highlights}
      {children}
    </div>
  );
}
