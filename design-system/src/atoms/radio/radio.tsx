'use client';
import { type ComponentProps, createContext, type ReactNode, useContext, useId } from 'react';
import { cx } from '../../utils/cx.ts';
import '../../styles/choice.css';
import './radio.css';

interface GroupContextValue {
  name: string;
  value?: string;
  onValueChange?: (value: string) => void;
  invalid: boolean;
  disabled: boolean;
}

const GroupContext = createContext<GroupContextValue | null>(null);

export type RadioProps = Omit<ComponentProps<'input'>, 'type'> & {
  label: ReactNode;
  description?: ReactNode;
  value: string;
};

/** One choice; inside a RadioGroup it takes the group's name and selection. Arrow keys move within the group. */
export function Radio({ label, description, className, id, value, onChange, ...props }: RadioProps) {
  const group = useContext(GroupContext);
  const ownId = useId();
  const inputId = id ?? ownId;
  const descriptionId = description ? `${inputId}-description` : undefined;
  const controlled = group?.value !== undefined ? { checked: group.value === value } : {};
  return (
    <span
      className={cx('mds-choice', className)}
      data-state={controlled.checked === undefined ? undefined : controlled.checked ? 'checked' : 'unchecked'}
    >
      <span className="mds-choice__control">
        <input
          type="radio"
          id={inputId}
          className="mds-choice__input"
          name={group?.name}
          value={value}
          disabled={group?.disabled}
          aria-describedby={descriptionId}
          onChange={(event) => {
            group?.onValueChange?.(event.currentTarget.value);
            onChange?.(event);
          }}
          {...controlled}
          {...props}
        />
        <span className="mds-choice__box" data-shape="circle" aria-hidden="true">
          <span className="mds-choice__dot" />
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

export type RadioGroupProps = Omit<ComponentProps<'fieldset'>, 'onChange'> & {
  legend: ReactNode;
  name?: string;
  /**
   * Controlled selection (`''` for none yet); leave out and use `defaultChecked` on a Radio for an uncontrolled
   * group. Do not switch between the two.
   */
  value?: string;
  onValueChange?: (value: string) => void;
  orientation?: 'vertical' | 'horizontal';
  hint?: ReactNode;
  error?: ReactNode;
  /** Hide the legend visually (it is still read), when a heading nearby already says what is chosen. */
  hideLegend?: boolean;
};

/** A fieldset whose legend names the choices; hint and error are read with the group. */
export function RadioGroup({
  legend,
  name,
  value,
  onValueChange,
  orientation = 'vertical',
  hint,
  error,
  hideLegend = false,
  disabled = false,
  className,
  children,
  ...props
}: RadioGroupProps) {
  const ownName = useId();
  const hintId = useId();
  const errorId = useId();
  const describedBy = cx(hint ? hintId : undefined, error ? errorId : undefined) || undefined;
  return (
    <fieldset
      className={cx('mds-radio-group', className)}
      data-orientation={orientation}
      data-state={error ? 'invalid' : undefined}
      aria-describedby={describedBy}
      disabled={disabled}
      {...props}
    >
      <legend className={cx('mds-radio-group__legend', hideLegend && 'mds-visually-hidden')}>{legend}</legend>
      {hint ? (
        <p id={hintId} className="mds-radio-group__hint">
          {hint}
        </p>
      ) : null}
      <GroupContext value={{ name: name ?? ownName, value, onValueChange, invalid: Boolean(error), disabled }}>
        <div className="mds-radio-group__options">{children}</div>
      </GroupContext>
      {error ? (
        <p id={errorId} className="mds-radio-group__error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
