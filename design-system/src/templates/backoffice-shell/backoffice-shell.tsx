'use client';
import { type ComponentProps, type ReactNode, useId, useState } from 'react';
import { IconButton } from '../../atoms/icon-button/icon-button.tsx';
import { useTenantBrand } from '../../theme/theme-provider.tsx';
import { cx } from '../../utils/cx.ts';
import './backoffice-shell.css';

export type BackofficeShellProps = Omit<ComponentProps<'div'>, 'title'> & {
  /** The tenant's name (or logo) at the top of the sidebar; the theme's name by default. */
  brand?: ReactNode;
  /** Usually a SideNav. */
  navigation: ReactNode;
  /** The page title in the top bar. */
  title: ReactNode;
  /** Search, notifications, the user menu: right side of the top bar. */
  topBarActions?: ReactNode;
  /** Buttons for the page ("New product"). */
  pageActions?: ReactNode;
  /** The sidebar starts open on a phone (stories). */
  defaultNavOpen?: boolean;
  children: ReactNode;
};

/**
 * The operator app's frame: a sidebar with the navigation (a drawer behind a menu button on narrow screens), a top
 * bar with the page title and tools, and the page. One main landmark; the skip link jumps over the navigation.
 */
export function BackofficeShell({
  brand,
  navigation,
  title,
  topBarActions,
  pageActions,
  defaultNavOpen = false,
  className,
  children,
  ...props
}: BackofficeShellProps) {
  const tenant = useTenantBrand();
  const [navOpen, setNavOpen] = useState(defaultNavOpen);
  const navId = useId();
  return (
    <div className={cx('mds-shell', className)} data-state={navOpen ? 'nav-open' : 'nav-closed'} {...props}>
      <a href="#main" className="mds-skip-link">
        Skip to main content
      </a>
      <div id={navId} className="mds-shell__sidebar">
        <div className="mds-shell__brand">{brand ?? tenant.name ?? 'Meridian'}</div>
        {navigation}
      </div>
      <div className="mds-shell__body">
        <header className="mds-shell__topbar">
          <IconButton
            icon={navOpen ? 'close' : 'menu'}
            label="Navigation"
            className="mds-shell__nav-toggle"
            aria-expanded={navOpen}
            aria-controls={navId}
            onClick={() => setNavOpen(!navOpen)}
          />
          <div className="mds-shell__tools">{topBarActions}</div>
        </header>
        <main id="main" tabIndex={-1} className="mds-shell__main">
          <div className="mds-shell__page-header">
            <h1 className="mds-shell__title">{title}</h1>
            {pageActions ? <div className="mds-shell__page-actions">{pageActions}</div> : null}
          </div>
          {children}
        </main>
      </div>
    </div>
  );
}
