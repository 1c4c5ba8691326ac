'use client';
import { type ComponentProps, type ReactNode, useId } from 'react';
import { Icon } from '../../atoms/icon/icon.tsx';
import { cx } from '../../utils/cx.ts';
import { FieldContext } from '../../utils/field-context.ts';
import './form-field.css';

export type FormFieldProps = ComponentProps<'div'> & {
  label: ReactNode;
  /** Help shown before the user types ("We only use it for delivery updates"). */
  hint?: ReactNode;
  /** The problem with the value, from client validation or a server userError for this field. */
  error?: ReactNode;
  required?: boolean;
  disabled?: boolean;
  /** Mark optional fields with "(optional)" instead of marking required ones: forms read calmer that way. */
  markOptional?: boolean;
  /** The control's id, when the caller needs it (the label points at it); one is generated otherwise. */
  controlId?: string;
  /** One control: Input, Textarea, Select (or any element using `useFieldControl`). */
  children: ReactNode;
};

/** Label, hint, control and error, wired together: the control is described by the hint and the error. */
export function FormField({
  label,
  hint,
  error,
  required = false,
  disabled = false,
  markOptional = false,
  controlId,
  className,
  children,
  ...props
}: FormFieldProps) {
  const generated = useId();
  const id = controlId ?? generated;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = cx(hintId, errorId) || undefined;
  return (
    <div
      className={cx('mds-field', className)}
      data-state={error ? 'invalid' : disabled ? 'disabled' : 'default'}
      {...props}
    >
      <label htmlFor={id} className="mds-field__label">
        {label}
        {required && !markOptional ? (
          <span className="mds-field__required" aria-hidden="true">
            {' '}
            *
          </span>
        ) : null}
        {!required && markOptional ? <span className="mds-field__optional"> (optional)</span> : null}
      </label>
      {hint ? (
        <p id={hintId} className="mds-field__hint">
          {hint}
        </p>
      ) : null}
      <FieldContext value={{ id, describedBy, invalid: Boolean(error), required, disabled }}>{children}</FieldContext>
      {error ? (
        <p id={errorId} className="mds-field__error">
          <Icon name="error" size="sm" />
          <span>{error}</span>
        </p>
      ) : null}
    </div>
  );
}
