'use client';
import { type ComponentProps, type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { Button } from '../../atoms/button/button.tsx';
import { Input } from '../../atoms/input/input.tsx';
import { Select, type SelectOption } from '../../atoms/select/select.tsx';
import { Alert } from '../../molecules/alert/alert.tsx';
import { FormField } from '../../molecules/form-field/form-field.tsx';
import { cx } from '../../utils/cx.ts';
import { type Address, type AddressErrors, type AddressField, validateAddress } from './validate-address.ts';
import './address-form.css';

export type AddressFormProps = Omit<ComponentProps<'form'>, 'onSubmit' | 'noValidate'> & {
  countries: readonly SelectOption[];
  defaultValues?: Partial<Address>;
  /** Called with a value that passed the client checks; the server still decides. */
  onSubmit: (address: Address) => void;
  /**
   * The server's userErrors by field (`form` for the address as a whole); each shows next to its field. Pass a new
   * object only when a new response arrives: a new object moves focus to its first field.
   */
  serverErrors?: AddressErrors & { form?: string };
  submitting?: boolean;
  submitLabel?: string;
  /** Ask for a phone number (carriers need one for some countries). */
  withPhone?: boolean;
  /** The legend naming the address ("Shipping address"). */
  legend?: string;
};

// Order of the fields on screen: the summary lists problems in this order, and the first gets focus.
const ORDER: AddressField[] = ['name', 'company', 'line1', 'line2', 'postalCode', 'city', 'region', 'country', 'phone'];

const LABELS: Record<AddressField, string> = {
  name: 'Full name',
  company: 'Company',
  line1: 'Street and number',
  line2: 'Apartment, suite, floor',
  city: 'Town or city',
  region: 'State, county or province',
  postalCode: 'Postal code',
  country: 'Country',
  phone: 'Phone',
};

/**
 * A postal address with browser autofill tokens, checked on submit (never while typing), errors next to the fields
 * and in a summary that links to them, and the first problem focused. Server userErrors display the same way and
 * clear from a field once it is edited.
 */
export function AddressForm({
  countries,
  defaultValues = {},
  onSubmit,
  serverErrors,
  submitting = false,
  submitLabel = 'Save address',
  withPhone = false,
  legend = 'Address',
  className,
  ...props
}: AddressFormProps) {
  const id = useId();
  const form = useRef<HTMLFormElement>(null);
  const summary = useRef<HTMLDivElement>(null);
  const [clientErrors, setClientErrors] = useState<AddressErrors>({});
  const [edited, setEdited] = useState<ReadonlySet<AddressField>>(new Set());

  // new server errors: show them all again, and move focus to the first one
  useEffect(() => {
    setEdited(new Set());
    const first = ORDER.find((field) => serverErrors?.[field]);
    if (first) form.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
    else if (serverErrors?.form) summary.current?.focus();
  }, [serverErrors]);

  const errorFor = (field: AddressField) =>
    clientErrors[field] ?? (edited.has(field) ? undefined : serverErrors?.[field]);
  const problems = ORDER.filter((field) => errorFor(field));
  const fieldId = (field: AddressField) => `${id}-${field}`;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const value = Object.fromEntries(
      ORDER.map((field) => [field, String(data.get(field) ?? '').trim()]),
    ) as unknown as Address;
    const errors = validateAddress(value);
    setClientErrors(errors);
    const first = ORDER.find((field) => errors[field]);
    if (first) {
      document.getElementById(fieldId(first))?.focus();
      return;
    }
    onSubmit(value);
  };
  const onEdit = (field: AddressField) => {
    if (clientErrors[field]) setClientErrors(({ [field]: _fixed, ...rest }) => rest);
    if (!edited.has(field)) setEdited(new Set([...edited, field]));
  };

  const field = (
    name: AddressField,
    autoComplete: string,
    extra: { required?: boolean; markOptional?: boolean; type?: string } = {},
  ) => (
    <FormField
      label={LABELS[name]}
      controlId={fieldId(name)}
      required={extra.required}
      markOptional={extra.markOptional}
      error={errorFor(name)}
      className={`mds-address__${name}`}
    >
      <Input
        name={name}
        type={extra.type ?? 'text'}
        autoComplete={autoComplete}
        defaultValue={defaultValues[name] ?? ''}
        onChange={() => onEdit(name)}
      />
    </FormField>
  );

  return (
    <form
      ref={form}
      noValidate
      className={cx('mds-address', className)}
      aria-busy={submitting || undefined}
      onSubmit={submit}
      {...props}
    >
      {problems.length > 0 || serverErrors?.form ? (
        <div ref={summary} tabIndex={-1} className="mds-address__summary">
          <Alert
            tone="danger"
            announce
            title={
              problems.length > 0
                ? `Check ${problems.length === 1 ? 'this field' : `these ${problems.length} fields`}`
                : 'We could not save this address'
            }
          >
            {serverErrors?.form ? <p>{serverErrors.form}</p> : null}
            {problems.length > 0 ? (
              <ul className="mds-address__problems">
                {problems.map((name) => (
                  <li key={name}>
                    <a href={`#${fieldId(name)}`}>{errorFor(name)}</a>
                  </li>
                ))}
              </ul>
            ) : null}
          </Alert>
        </div>
      ) : null}
      <fieldset className="mds-address__fields">
        <legend className="mds-address__legend">{legend}</legend>
        {field('name', 'name', { required: true })}
        {field('company', 'organization', { markOptional: true })}
        {field('line1', 'address-line1', { required: true })}
        {field('line2', 'address-line2', { markOptional: true })}
        {field('postalCode', 'postal-code', { required: true })}
        {field('city', 'address-level2', { required: true })}
        {field('region', 'address-level1', { markOptional: true })}
        <FormField
          label={LABELS.country}
          controlId={fieldId('country')}
          required
          error={errorFor('country')}
          className="mds-address__country"
        >
          <Select
            name="country"
            autoComplete="country"
            placeholder="Choose a country"
            options={countries}
            defaultValue={defaultValues.country ?? ''}
            onChange={() => onEdit('country')}
          />
        </FormField>
        {withPhone ? field('phone', 'tel', { markOptional: true, type: 'tel' }) : null}
      </fieldset>
      <Button type="submit" loading={submitting} className="mds-address__submit">
        {submitLabel}
      </Button>
    </form>
  );
}
