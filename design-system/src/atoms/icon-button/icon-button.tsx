'use client';
import type { ComponentProps } from 'react';
import { cx } from '../../utils/cx.ts';
import { Icon, type IconName } from '../icon/icon.tsx';
import { Spinner } from '../spinner/spinner.tsx';
import '../button/button.css';
import './icon-button.css';

export type IconButtonProps = Omit<ComponentProps<'button'>, 'children'> & {
  icon: IconName;
  /** The button's name for screen readers and its tooltip: an icon alone says nothing. Required. */
  label: string;
  variant?: 'primary' | 'secondary' | 'ghost' | 'danger';
  size?: 'sm' | 'md' | 'lg';
  loading?: boolean;
  /** A count shown on the button (cart items); it is added to the name: "Cart, 3 items". */
  count?: number;
  /**
   * How the count is read; receives the count and the text shown ("99+"), which the name must contain so speech
   * users can say what they see.
   */
  countLabel?: (count: number, shown: string) => string;
};

export function IconButton({
  icon,
  label,
  variant = 'ghost',
  size = 'md',
  loading = false,
  count,
  countLabel = (n, shown) => `${shown} ${n === 1 ? 'item' : 'items'}`,
  type = 'button',
  disabled,
  className,
  onClick,
  ...props
}: IconButtonProps) {
  const shown = count !== undefined && count > 99 ? '99+' : String(count ?? '');
  const name = count !== undefined ? `${label}, ${countLabel(count, shown)}` : label;
  return (
    <button
      type={type}
      className={cx('mds-button', 'mds-icon-button', className)}
      data-variant={variant}
      data-size={size}
      data-state={disabled ? 'disabled' : loading ? 'loading' : 'idle'}
      aria-label={name}
      title={label}
      disabled={disabled}
      aria-disabled={loading || undefined}
      aria-busy={loading || undefined}
      onClick={(event) => {
        if (loading) return event.preventDefault();
        onClick?.(event);
      }}
      {...props}
    >
      {loading ? <Spinner size="sm" /> : <Icon name={icon} size={size === 'lg' ? 'lg' : 'md'} />}
      {count !== undefined && count > 0 ? (
        <span className="mds-icon-button__count" aria-hidden="true">
          {shown}
        </span>
      ) : null}
    </button>
  );
}
