'use client';
import { createContext, useContext } from 'react';

/** What FormField tells the control inside it, so label, hint and error are wired without passing ids by hand. */
export interface FieldContextValue {
  id: string;
  /** ids of the hint and error, for aria-describedby */
  describedBy?: string;
  invalid: boolean;
  required: boolean;
  disabled: boolean;
}

export const FieldContext = createContext<FieldContextValue | null>(null);

interface ControlProps {
  id?: string;
  'aria-describedby'?: string;
  required?: boolean;
  disabled?: boolean;
  invalid?: boolean;
}

/**
 * Merges the surrounding FormField (if any) into a control's own props; the control's explicit props win.
 * Returns the attributes to spread on the native element plus whether it is invalid.
 */
export function useFieldControl(props: ControlProps) {
  const field = useContext(FieldContext);
  const invalid = props.invalid ?? field?.invalid ?? false;
  const describedBy = [field?.describedBy, props['aria-describedby']].filter(Boolean).join(' ') || undefined;
  return {
    invalid,
    attributes: {
      id: props.id ?? field?.id,
      'aria-describedby': describedBy,
      'aria-invalid': invalid || undefined,
      required: props.required ?? field?.required,
      disabled: props.disabled ?? field?.disabled,
    },
  };
}
