'use client';
import { type ComponentProps, type ReactNode, useId } from 'react';
import { cx } from '../../utils/cx.ts';
import '../../styles/choice.css';

export type SwitchProps = Omit<ComponentProps<'input'>, 'type'> & {
  label: ReactNode;
  description?: ReactNode;
};

/**
 * An on/off setting that applies at once (no Save button): a checkbox with role="switch", so screen readers say
 * "on"/"off" and forms still submit it.
 */
export function Switch({ label, description, className, id, ...props }: SwitchProps) {
  const ownId = useId();
  const inputId = id ?? ownId;
  const descriptionId = description ? `${inputId}-description` : undefined;
  const state = props.checked === undefined ? undefined : props.checked ? 'on' : 'off';
  return (
    <span className={cx('mds-choice', className)} data-variant="switch" data-state={state}>
      <span className="mds-choice__control">
        <input
          type="checkbox"
          // a checkbox input exposes its checked state as aria-checked for role="switch" (HTML-AAM)
          // biome-ignore lint/a11y/useAriaPropsForRole: see above
          role="switch"
          id={inputId}
          className="mds-choice__input"
          aria-describedby={descriptionId}
          {...props}
        />
        <span className="mds-switch__track" aria-hidden="true">
          <span className="mds-switch__thumb" />
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
