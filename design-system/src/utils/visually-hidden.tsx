import type { ComponentProps } from 'react';
import { cx } from './cx.ts';

/** Text for screen readers only (the class lives in styles/base.css). */
export function VisuallyHidden({ className, ...props }: ComponentProps<'span'>) {
  return <span className={cx('mds-visually-hidden', className)} {...props} />;
}
