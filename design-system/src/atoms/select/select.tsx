'use client';
import type { ComponentProps } from 'react';
import { cx } from '../../utils/cx.ts';
import { useFieldControl } from '../../utils/field-context.ts';
import { Icon } from '../icon/icon.tsx';
import '../../styles/control.css';
import './select.css';

export interface SelectOption {
  value: string;
  label: string;
  disabled?: boolean;
}

export type SelectProps = Omit<ComponentProps<'select'>, 'size'> & {
  size?: 'sm' | 'md' | 'lg';
  invalid?: boolean;
  /** Options as data; `children` (<option>, <optgroup>) work too. */
  options?: readonly SelectOption[];
  /** A first, empty choice such as "Choose a country"; it cannot be picked again once a value is chosen. */
  placeholder?: string;
};

/**
 * A native select, styled: the platform's own picker is the most usable one on phones and with screen readers,
 * and it works before JavaScript loads.
 */
export function Select({
  size = 'md',
  invalid,
  options,
  placeholder,
  className,
  id,
  required,
  disabled,
  children,
  ...props
}: SelectProps) {
  const field = useFieldControl({ id, required, disabled, invalid, 'aria-describedby': props['aria-describedby'] });
  return (
    <span className={cx('mds-select', className)} data-size={size}>
      <select
        className="mds-control mds-select__field"
        data-size={size}
        data-state={field.invalid ? 'invalid' : field.attributes.disabled ? 'disabled' : 'default'}
        {...(placeholder && props.value === undefined && props.defaultValue === undefined ? { defaultValue: '' } : {})}
        {...props}
        {...field.attributes}
      >
        {placeholder ? (
          <option value="" disabled>
            {placeholder}
          </option>
        ) : null}
        {options?.map((option) => (
          <option key={option.value} value={option.value} disabled={option.disabled}>
            {option.label}
          </option>
        ))}
        {children}
      </select>
      <Icon name="chevron-down" size="sm" className="mds-select__chevron" />
    </span>
  );
}
