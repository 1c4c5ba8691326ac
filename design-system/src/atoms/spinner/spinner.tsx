import type { ComponentProps } from 'react';
import { cx } from '../../utils/cx.ts';
import { VisuallyHidden } from '../../utils/visually-hidden.tsx';
import './spinner.css';

export type SpinnerProps = ComponentProps<'span'> & {
  size?: 'sm' | 'md' | 'lg';
  /**
   * Announced to screen readers ("Loading products"). Leave it out when the spinner sits inside something that
   * already says it is busy (a loading button): it is then decorative.
   */
  label?: string;
};

export function Spinner({ size = 'md', label, className, ...props }: SpinnerProps) {
  return (
    <span
      className={cx('mds-spinner', className)}
      data-size={size}
      {...(label ? { role: 'status' } : { 'aria-hidden': true })}
      {...props}
    >
      <svg viewBox="0 0 24 24" className="mds-spinner__ring" aria-hidden="true" focusable="false">
        <circle cx="12" cy="12" r="9" fill="none" strokeWidth="3" />
      </svg>
      {label ? <VisuallyHidden>{label}</VisuallyHidden> : null}
    </span>
  );
}
