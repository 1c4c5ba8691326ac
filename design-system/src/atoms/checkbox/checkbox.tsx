'use client';
import { type ComponentProps, type ReactNode, useEffect, useId, useRef } from 'react';
import { cx } from '../../utils/cx.ts';
import '../../styles/choice.css';

export type CheckboxProps = Omit<ComponentProps<'input'>, 'type'> & {
  label: ReactNode;
  /** Extra explanation under the label, read after it. */
  description?: ReactNode;
  /** Some but not all of a group is selected ("select all" in a table). */
  indeterminate?: boolean;
  invalid?: boolean;
};

/** A native checkbox (forms, keyboard and screen readers work as usual) drawn to match the theme. */
export function Checkbox({
  label,
  description,
  indeterminate = false,
  invalid = false,
  className,
  id,
  ...props
}: CheckboxProps) {
  const ref = useRef<HTMLInputElement>(null);
  const ownId = useId();
  const inputId = id ?? ownId;
  const descriptionId = description ? `${inputId}-description` : undefined;
  useEffect(() => {
    // indeterminate exists only as a DOM property, never as an attribute
    if (ref.current) ref.current.indeterminate = indeterminate;
  }, [indeterminate]);
  const state = indeterminate
    ? 'indeterminate'
    : props.checked === undefined
      ? undefined
      : props.checked
        ? 'checked'
        : 'unchecked';
  return (
    <span className={cx('mds-choice', className)} data-state={state} data-invalid={invalid || undefined}>
      <span className="mds-choice__control">
        <input
          ref={ref}
          type="checkbox"
          id={inputId}
          className="mds-choice__input"
          aria-invalid={invalid || undefined}
          aria-describedby={cx(descriptionId, props['aria-describedby']) || undefined}
          {...props}
        />
        <span className="mds-choice__box" data-shape="square" aria-hidden="true">
          <svg viewBox="0 0 16 16" className="mds-choice__mark" data-mark="check" focusable="false" aria-hidden="true">
            <path d="M3.5 8.5l3 3 6-7" />
          </svg>
          <svg viewBox="0 0 16 16" className="mds-choice__mark" data-mark="dash" focusable="false" aria-hidden="true">
            <path d="M4 8h8" />
          </svg>
        </span>
      </span>
      <span className="mds-choice__text">
        <label htmlFor={inputId} className="mds-choice__label">
          {label}
        </label>
        {description ? (
          <span id={descriptionId} className="mds-choice__description">
            {description}
          </span>
        ) : null}
      </span>
    </span>
  );
}
