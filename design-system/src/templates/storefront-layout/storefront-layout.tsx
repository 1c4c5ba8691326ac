import type { ComponentProps, ReactNode } from 'react';
import { cx } from '../../utils/cx.ts';
import './storefront-layout.css';

export type StorefrontLayoutProps = ComponentProps<'div'> & {
  /** Usually a Header. */
  header: ReactNode;
  /** Usually a Footer. */
  footer: ReactNode;
  /** Overlays that belong to every page: the cart drawer, the toast region. */
  overlays?: ReactNode;
  /** The main landmark's id, the skip link's target. */
  mainId?: string;
};

/**
 * Every storefront page's frame: a skip link (the first thing a keyboard reaches), the header, one main
 * landmark, the footer. The main landmark takes focus from the skip link (tabIndex -1) without a focus ring.
 */
export function StorefrontLayout({
  header,
  footer,
  overlays,
  mainId = 'main',
  className,
  children,
  ...props
}: StorefrontLayoutProps) {
  return (
    <div className={cx('mds-storefront', className)} {...props}>
      <a href={`#${mainId}`} className="mds-skip-link">
        Skip to main content
      </a>
      {header}
      <main id={mainId} tabIndex={-1} className="mds-storefront__main">
        {children}
      </main>
      {footer}
      {overlays}
    </div>
  );
}
