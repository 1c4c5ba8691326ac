'use client';
import type { ComponentProps } from 'react';
import { cx } from '../../utils/cx.ts';
import { useLinkComponent } from '../../utils/link-context.tsx';
import { VisuallyHidden } from '../../utils/visually-hidden.tsx';
import { Icon } from '../icon/icon.tsx';
import './link.css';

export type LinkProps = ComponentProps<'a'> & {
  href: string;
  /** `inline` underlined within text; `standalone` bolder, underlined on hover; `subtle` text-coloured (footers). */
  variant?: 'inline' | 'standalone' | 'subtle';
  /** Opens in a new tab; says so to screen readers and with an icon. */
  external?: boolean;
};

/** A link through the app's router (LinkProvider) unless it leaves the site. */
export function Link({ variant = 'inline', external = false, className, children, ...props }: LinkProps) {
  const RouterLink = useLinkComponent();
  const classes = cx('mds-link', className);
  if (external) {
    return (
      <a className={classes} data-variant={variant} target="_blank" rel="noopener noreferrer" {...props}>
        {children}
        <Icon name="external" size="inherit" className="mds-link__external" />
        <VisuallyHidden> (opens in a new tab)</VisuallyHidden>
      </a>
    );
  }
  const current = props['aria-current'];
  return (
    <RouterLink className={classes} data-variant={variant} data-state={current ? 'current' : undefined} {...props}>
      {children}
    </RouterLink>
  );
}
