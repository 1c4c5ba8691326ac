'use client';
import type { ComponentProps, ReactNode } from 'react';
import { Icon } from '../../atoms/icon/icon.tsx';
import { cx } from '../../utils/cx.ts';
import { useLinkComponent } from '../../utils/link-context.tsx';
import { paginationItems } from './pagination-items.ts';
import './pagination.css';

export type PaginationProps = Omit<ComponentProps<'nav'>, 'onChange'> & {
  page: number;
  pageCount: number;
  /** Pages as links (crawlable, work without JS): the storefront's choice. */
  hrefFor?: (page: number) => string;
  /** Pages as buttons: for client-side tables. Used when `hrefFor` is absent. */
  onPageChange?: (page: number) => void;
  siblings?: number;
};

export function Pagination({
  page,
  pageCount,
  hrefFor,
  onPageChange,
  siblings = 1,
  className,
  'aria-label': label = 'Pagination',
  ...props
}: PaginationProps) {
  const RouterLink = useLinkComponent();
  if (pageCount <= 1) return null;

  const target = (
    to: number,
    content: ReactNode,
    extra: { label?: string; current?: boolean; disabled?: boolean; rel?: string },
  ) => {
    const common = {
      className: 'mds-pagination__item',
      'aria-label': extra.label,
      'aria-current': extra.current ? ('page' as const) : undefined,
      'data-state': extra.current ? 'current' : extra.disabled ? 'disabled' : undefined,
    };
    if (extra.disabled) {
      // a link with nowhere to go is not a link: shown, but not focusable
      return (
        <span {...common} aria-disabled="true">
          {content}
        </span>
      );
    }
    if (hrefFor) {
      return (
        <RouterLink href={hrefFor(to)} rel={extra.rel} {...common}>
          {content}
        </RouterLink>
      );
    }
    return (
      <button type="button" onClick={() => onPageChange?.(to)} {...common}>
        {content}
      </button>
    );
  };

  return (
    <nav className={cx('mds-pagination', className)} aria-label={label} {...props}>
      <ul className="mds-pagination__list">
        <li>
          {target(
            page - 1,
            <>
              <Icon name="chevron-left" size="sm" />
              <span className="mds-pagination__step-text">Previous</span>
            </>,
            { label: 'Previous page', disabled: page <= 1, rel: 'prev' },
          )}
        </li>
        {paginationItems(page, pageCount, siblings).map((item, index) =>
          item === 'gap' ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: at most two gaps, told apart by position
            <li key={`gap-${index}`} className="mds-pagination__gap" aria-hidden="true">
              …
            </li>
          ) : (
            <li key={item}>{target(item, item, { label: `Page ${item}`, current: item === page })}</li>
          ),
        )}
        <li>
          {target(
            page + 1,
            <>
              <span className="mds-pagination__step-text">Next</span>
              <Icon name="chevron-right" size="sm" />
            </>,
            { label: 'Next page', disabled: page >= pageCount, rel: 'next' },
          )}
        </li>
      </ul>
    </nav>
  );
}
