'use client';
import { AddressForm, Alert, Button, Checkbox, EmptyState, type SelectOption } from '@meridian/design-system';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import {
  type AddressBookInput,
  type AddressBookResult,
  addAddress,
  deleteAddress,
  setDefaultAddress,
  updateAddress,
} from '../actions/addresses.ts';
import { addressSummary, type SavedAddress } from '../lib/address-view.ts';

type Failure = Extract<AddressBookResult, { ok: false }>;
const UNREACHABLE = 'We could not reach the store. Your addresses are unchanged: try again in a moment.';

/** Runs one address action; on success the page's server data (the list) is read again. */
function useAddressAction() {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [failure, setFailure] = useState<Failure | null>(null);
  const run = (action: () => Promise<AddressBookResult>, done?: () => void) =>
    start(async () => {
      let outcome: AddressBookResult;
      try {
        outcome = await action();
      } catch {
        outcome = { ok: false, message: UNREACHABLE };
      }
      if (outcome.ok) {
        setFailure(null);
        done?.();
        router.refresh();
      } else setFailure(outcome);
    });
  return { pending, failure, run };
}

/** Add or edit one address: the design system's AddressForm, plus "use as my default address". */
function AddressEditor({
  countries,
  address,
  onDone,
}: {
  countries: readonly SelectOption[];
  address?: SavedAddress;
  onDone: () => void;
}) {
  const { pending, failure, run } = useAddressAction();
  const [isDefault, setIsDefault] = useState(address?.isDefault ?? false);
  const serverErrors = failure
    ? { ...failure.fields, ...(failure.message ? { form: failure.message } : {}) }
    : undefined;
  return (
    <div className="sf-address-editor">
      <AddressForm
        countries={countries}
        legend={address ? 'Edit address' : 'New address'}
        submitLabel={address ? 'Save address' : 'Add address'}
        withPhone
        defaultValues={address ?? {}}
        serverErrors={serverErrors}
        submitting={pending}
        onSubmit={(value) => {
          const input: AddressBookInput = { ...value, isDefault };
          run(() => (address ? updateAddress(address.id, input) : addAddress(input)), onDone);
        }}
      />
      {address?.isDefault ? null : (
        <Checkbox
          label="Use as my default address"
          checked={isDefault}
          onChange={(event) => setIsDefault(event.currentTarget.checked)}
        />
      )}
      <Button variant="ghost" onClick={onDone}>
        Cancel
      </Button>
    </div>
  );
}

/** The customer's address book: the default first, then add, edit, delete and "make default". */
export function AddressBook({
  addresses,
  countries,
}: {
  addresses: readonly SavedAddress[];
  countries: readonly SelectOption[];
}) {
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const { pending, failure, run } = useAddressAction();
  const countryName = (code: string) => countries.find((c) => c.value === code)?.label ?? code;
  return (
    <div className="sf-addresses">
      {failure?.message ? (
        <Alert tone="danger" announce>
          {failure.message}
        </Alert>
      ) : null}
      {addresses.length === 0 && editing !== 'new' ? (
        <EmptyState
          icon="home"
          title="No saved addresses"
          description="Save an address here, or at checkout, and it is filled in for you next time."
        />
      ) : null}
      <ul aria-label="Saved addresses">
        {addresses.map((a) =>
          editing === a.id ? (
            <li key={a.id}>
              <AddressEditor countries={countries} address={a} onDone={() => setEditing(null)} />
            </li>
          ) : (
            <li key={a.id} data-testid="saved-address" data-default={a.isDefault || undefined}>
              <address>
                {[a.name, a.company, a.line1, a.line2, [a.postalCode, a.city].filter(Boolean).join(' '), a.region]
                  .filter(Boolean)
                  .map((line) => (
                    <span key={line}>
                      {line}
                      <br />
                    </span>
                  ))}
                {countryName(a.country)}
                {a.phone ? (
                  <>
                    <br />
                    {a.phone}
                  </>
                ) : null}
              </address>
              {a.isDefault ? <p className="sf-address__default">Default address</p> : null}
              <div className="sf-address__actions">
                <Button
                  size="sm"
                  variant="secondary"
                  onClick={() => setEditing(a.id)}
                  aria-label={`Edit ${addressSummary(a)}`}
                >
                  Edit
                </Button>
                {a.isDefault ? null : (
                  <Button
                    size="sm"
                    variant="secondary"
                    loading={pending}
                    onClick={() => run(() => setDefaultAddress(a.id))}
                    aria-label={`Make default: ${addressSummary(a)}`}
                  >
                    Make default
                  </Button>
                )}
                <Button
                  size="sm"
                  variant="ghost"
                  loading={pending}
                  onClick={() => run(() => deleteAddress(a.id))}
                  aria-label={`Delete ${addressSummary(a)}`}
                >
                  Delete
                </Button>
              </div>
            </li>
          ),
        )}
      </ul>
      {editing === 'new' ? (
        <AddressEditor countries={countries} onDone={() => setEditing(null)} />
      ) : (
        <Button startIcon="plus" onClick={() => setEditing('new')}>
          Add an address
        </Button>
      )}
    </div>
  );
}
