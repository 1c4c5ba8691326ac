'use client';
import type { ComponentProps } from 'react';
import { cx } from '../../utils/cx.ts';
import { useFieldControl } from '../../utils/field-context.ts';
import { Icon, type IconName } from '../icon/icon.tsx';
import '../../styles/control.css';
import './input.css';

export type InputProps = Omit<ComponentProps<'input'>, 'size'> & {
  size?: 'sm' | 'md' | 'lg';
  /** Marks the value as wrong (aria-invalid); inside a FormField with an error this is set for you. */
  invalid?: boolean;
  /** A decorative icon at the start (the label still names the field). */
  startIcon?: IconName;
};

export function Input({ size = 'md', invalid, startIcon, className, id, required, disabled, ...props }: InputProps) {
  const field = useFieldControl({ id, required, disabled, invalid, 'aria-describedby': props['aria-describedby'] });
  const input = (
    <input
      className={cx('mds-control', 'mds-input', !startIcon && className)}
      data-size={size}
      data-state={field.invalid ? 'invalid' : field.attributes.disabled ? 'disabled' : 'default'}
      {...props}
      {...field.attributes}
    />
  );
  if (!startIcon) return input;
  return (
    <span className={cx('mds-input-wrap', className)} data-size={size}>
      <Icon name={startIcon} size="sm" className="mds-input-wrap__icon" />
      {input}
    </span>
  );
}
