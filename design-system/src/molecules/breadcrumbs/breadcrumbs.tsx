'use client';
import type { ComponentProps } from 'react';
import { cx } from '../../utils/cx.ts';
import { useLinkComponent } from '../../utils/link-context.tsx';
import './breadcrumbs.css';

export interface Crumb {
  label: string;
  /** Absent on the last crumb: the current page. */
  href?: string;
}

export type BreadcrumbsProps = ComponentProps<'nav'> & {
  items: readonly Crumb[];
};

/** Where the page sits: a list of links, the last one the current page (aria-current). Separators are CSS. */
export function Breadcrumbs({ items, className, 'aria-label': label = 'Breadcrumb', ...props }: BreadcrumbsProps) {
  const RouterLink = useLinkComponent();
  if (items.length === 0) return null;
  return (
    <nav className={cx('mds-breadcrumbs', className)} aria-label={label} {...props}>
      <ol className="mds-breadcrumbs__list">
        {items.map((item, index) => {
          const last = index === items.length - 1;
          return (
            <li key={`${item.label}-${item.href ?? ''}`} className="mds-breadcrumbs__item">
              {last || !item.href ? (
                <span aria-current={last ? 'page' : undefined} className="mds-breadcrumbs__current">
                  {item.label}
                </span>
              ) : (
                <RouterLink href={item.href} className="mds-breadcrumbs__link">
                  {item.label}
                </RouterLink>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
