'use client';
import type { ComponentProps, ReactNode } from 'react';
import { useTenantBrand } from '../../theme/theme-provider.tsx';
import { cx } from '../../utils/cx.ts';
import { useLinkComponent } from '../../utils/link-context.tsx';
import './footer.css';

export interface FooterColumn {
  title: string;
  links: readonly { label: string; href: string }[];
}

export type FooterProps = ComponentProps<'footer'> & {
  storeName?: string;
  columns: readonly FooterColumn[];
  /** Newsletter sign-up or a short "about" text, beside the columns. */
  aside?: ReactNode;
  /** Locale and currency pickers, payment marks: the bottom row. */
  bottom?: ReactNode;
  /** The copyright line; "© <year> <store>" by default. */
  legal?: ReactNode;
  year?: number;
};

/** Link columns, each a small navigation landmark named by its title. */
export function Footer({
  storeName,
  columns,
  aside,
  bottom,
  legal,
  year = new Date().getFullYear(),
  className,
  ...props
}: FooterProps) {
  const brand = useTenantBrand();
  const RouterLink = useLinkComponent();
  const name = storeName ?? brand.name ?? 'Store';
  return (
    <footer className={cx('mds-footer', className)} {...props}>
      <div className="mds-footer__inner">
        <div className="mds-footer__columns">
          {columns.map((column) => (
            <nav key={column.title} aria-label={column.title} className="mds-footer__column">
              <h2 className="mds-footer__title">{column.title}</h2>
              <ul className="mds-footer__links">
                {column.links.map((link) => (
                  <li key={link.href}>
                    <RouterLink href={link.href} className="mds-footer__link">
                      {link.label}
                    </RouterLink>
                  </li>
                ))}
              </ul>
            </nav>
          ))}
          {aside ? <div className="mds-footer__aside">{aside}</div> : null}
        </div>
        <div className="mds-footer__bottom">
          <p className="mds-footer__legal">{legal ?? `© ${year} ${name}`}</p>
          {bottom}
        </div>
      </div>
    </footer>
  );
}
