'use client';
import { type ComponentProps, useId, useState } from 'react';
import { Icon } from '../../atoms/icon/icon.tsx';
import { cx } from '../../utils/cx.ts';
import './quantity-stepper.css';

export type QuantityStepperProps = Omit<ComponentProps<'fieldset'>, 'onChange' | 'defaultValue'> & {
  /** Names the group and the field: "Quantity", or "Quantity of Trail shoes" in a cart with many lines. */
  label: string;
  hideLabel?: boolean;
  value?: number;
  defaultValue?: number;
  min?: number;
  max?: number;
  onValueChange?: (value: number) => void;
  disabled?: boolean;
  size?: 'sm' | 'md';
  /** The input's form name, so the stepper works in a plain form post. */
  name?: string;
};

export function clampQuantity(value: number, min: number, max: number | undefined): number {
  if (!Number.isFinite(value)) return min;
  const whole = Math.round(value);
  return Math.min(max ?? Number.POSITIVE_INFINITY, Math.max(min, whole));
}

/**
 * − [ 2 ] +. The field takes typing (committed on blur or Enter, clamped to min/max) and ↑/↓; the buttons use
 * aria-disabled at the limits instead of disabled, so pressing − down to the minimum never drops keyboard focus.
 */
export function QuantityStepper({
  label,
  hideLabel = false,
  value,
  defaultValue = 1,
  min = 1,
  max,
  onValueChange,
  disabled = false,
  size = 'md',
  name,
  className,
  ...props
}: QuantityStepperProps) {
  const [own, setOwn] = useState(() => clampQuantity(defaultValue, min, max));
  const current = value ?? own;
  // what is typed, until it is committed
  const [draft, setDraft] = useState<string | null>(null);
  const id = useId();

  const commit = (next: number) => {
    const clamped = clampQuantity(next, min, max);
    setDraft(null);
    if (clamped === current) return;
    if (value === undefined) setOwn(clamped);
    onValueChange?.(clamped);
  };
  const atMin = current <= min;
  const atMax = max !== undefined && current >= max;
  const state = disabled ? 'disabled' : atMin ? 'min' : atMax ? 'max' : 'between';

  return (
    <fieldset
      aria-labelledby={`${id}-label`}
      className={cx('mds-stepper', className)}
      data-size={size}
      data-state={state}
      {...props}
    >
      <label
        id={`${id}-label`}
        htmlFor={`${id}-input`}
        className={hideLabel ? 'mds-visually-hidden' : 'mds-stepper__label'}
      >
        {label}
      </label>
      <div className="mds-stepper__controls">
        <button
          type="button"
          className="mds-stepper__button"
          aria-label="Decrease quantity"
          aria-disabled={atMin || disabled || undefined}
          disabled={disabled}
          onClick={() => !atMin && commit(current - 1)}
        >
          <Icon name="minus" size="sm" />
        </button>
        <input
          id={`${id}-input`}
          className="mds-stepper__input"
          type="number"
          inputMode="numeric"
          name={name}
          min={min}
          max={max}
          step={1}
          disabled={disabled}
          value={draft ?? String(current)}
          onChange={(event) => setDraft(event.currentTarget.value)}
          onBlur={() => draft !== null && commit(draft === '' ? current : Number(draft))}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && draft !== null) {
              event.preventDefault();
              commit(draft === '' ? current : Number(draft));
            } else if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
              // stepped here rather than by the browser, so a step is committed at once and clamped like a click
              event.preventDefault();
              const base = draft === null || draft === '' ? current : Number(draft);
              commit(base + (event.key === 'ArrowUp' ? 1 : -1));
            }
          }}
        />
        <button
          type="button"
          className="mds-stepper__button"
          aria-label="Increase quantity"
          aria-disabled={atMax || disabled || undefined}
          disabled={disabled}
          onClick={() => !atMax && commit(current + 1)}
        >
          <Icon name="plus" size="sm" />
        </button>
      </div>
    </fieldset>
  );
}
