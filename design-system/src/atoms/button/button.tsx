'use client';
import type { ComponentProps, MouseEvent } from 'react';
import { cx } from '../../utils/cx.ts';
import { Icon, type IconName } from '../icon/icon.tsx';
import { Spinner } from '../spinner/spinner.tsx';
import './button.css';

export type ButtonVariant = 'primary' | 'secondary' | 'ghost' | 'danger';
export type ButtonSize = 'sm' | 'md' | 'lg';

export type ButtonProps = ComponentProps<'button'> & {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /** Busy with the action: shows a spinner and ignores clicks but stays focusable, so focus is not lost. */
  loading?: boolean;
  fullWidth?: boolean;
  startIcon?: IconName;
  endIcon?: IconName;
};

export function Button({
  variant = 'primary',
  size = 'md',
  loading = false,
  fullWidth = false,
  startIcon,
  endIcon,
  type = 'button',
  disabled,
  className,
  onClick,
  children,
  ...props
}: ButtonProps) {
  const state = disabled ? 'disabled' : loading ? 'loading' : 'idle';
  const handleClick = (event: MouseEvent<HTMLButtonElement>) => {
    // aria-disabled instead of disabled while loading: the button keeps focus, so a screen reader stays in place
    if (loading) {
      event.preventDefault();
      return;
    }
    onClick?.(event);
  };
  return (
    <button
      type={type}
      className={cx('mds-button', className)}
      data-variant={variant}
      data-size={size}
      data-state={state}
      data-full-width={fullWidth || undefined}
      disabled={disabled}
      aria-disabled={loading || undefined}
      aria-busy={loading || undefined}
      onClick={handleClick}
      {...props}
    >
      {loading ? (
        <Spinner size="sm" className="mds-button__spinner" />
      ) : startIcon ? (
        <Icon name={startIcon} size="sm" />
      ) : null}
      <span className="mds-button__label">{children}</span>
      {endIcon ? <Icon name={endIcon} size="sm" /> : null}
    </button>
  );
}
