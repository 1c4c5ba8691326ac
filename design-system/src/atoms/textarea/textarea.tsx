'use client';
import type { ComponentProps } from 'react';
import { cx } from '../../utils/cx.ts';
import { useFieldControl } from '../../utils/field-context.ts';
import '../../styles/control.css';
import './textarea.css';

export type TextareaProps = ComponentProps<'textarea'> & {
  invalid?: boolean;
  /** Let the field grow with its content (CSS field-sizing), up to `maxRows`-ish via max-height. */
  autoGrow?: boolean;
};

export function Textarea({
  invalid,
  autoGrow = false,
  className,
  id,
  required,
  disabled,
  rows = 4,
  ...props
}: TextareaProps) {
  const field = useFieldControl({ id, required, disabled, invalid, 'aria-describedby': props['aria-describedby'] });
  return (
    <textarea
      className={cx('mds-control', 'mds-textarea', className)}
      data-state={field.invalid ? 'invalid' : field.attributes.disabled ? 'disabled' : 'default'}
      data-auto-grow={autoGrow || undefined}
      rows={rows}
      {...props}
      {...field.attributes}
    />
  );
}
