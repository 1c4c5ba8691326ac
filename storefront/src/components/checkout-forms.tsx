'use client';
import {
  type AddressErrors,
  AddressForm,
  Alert,
  Button,
  Checkbox,
  Dialog,
  FormField,
  Input,
  Price,
  Radio,
  RadioGroup,
  type SelectOption,
} from '@meridian/design-system';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState, useTransition } from 'react';
import {
  type AddressInput,
  type CheckoutResult,
  confirmPayment,
  placeOrder,
  saveAddress,
  saveShipping,
} from '../actions/checkout.ts';
import { addressSummary, type SavedAddress } from '../lib/address-view.ts';

const UNREACHABLE = 'We could not reach the store. Nothing was charged and your cart is saved: try again in a moment.';

function useStep() {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [result, setResult] = useState<Extract<CheckoutResult, { ok: false }> | null>(null);
  const run = (action: () => Promise<CheckoutResult>) =>
    start(async () => {
      let outcome: CheckoutResult;
      try {
        outcome = await action();
      } catch {
        outcome = { ok: false, message: UNREACHABLE };
      }
      if (outcome.ok) {
        setResult(null);
        if (outcome.next) router.push(outcome.next);
      } else setResult(outcome);
    });
  return { pending, result, run, setResult };
}

/** Which saved address the cart's address is (same recipient, street and postal code), if any. */
function matchSaved(saved: readonly SavedAddress[], address: Partial<AddressInput>): SavedAddress | undefined {
  const key = (a: Partial<AddressInput>) =>
    [a.name, a.line1, a.postalCode, a.country].map((v) => (v ?? '').trim().toLowerCase()).join('|');
  return address.line1 ? saved.find((s) => key(s) === key(address)) : undefined;
}

/**
 * Step 1: email for the receipt, then the shipping address (client checks first; the server's errors at the fields).
 * A signed-in customer picks one of their saved addresses (the default preselected) or enters a new one, which
 * "Save to my addresses" adds to their address book.
 */
export function AddressStep({
  countries,
  defaultEmail,
  defaultAddress,
  saved = [],
  signedIn = false,
}: {
  countries: readonly SelectOption[];
  defaultEmail: string;
  defaultAddress: Partial<AddressInput>;
  saved?: readonly SavedAddress[];
  signedIn?: boolean;
}) {
  const { pending, result, run } = useStep();
  const [email, setEmail] = useState(defaultEmail);
  const [emailError, setEmailError] = useState<string | undefined>();
  const initialChoice = defaultAddress.line1
    ? (matchSaved(saved, defaultAddress)?.id ?? 'new')
    : (saved.find((a) => a.isDefault)?.id ?? saved[0]?.id ?? 'new');
  const [choice, setChoice] = useState(initialChoice);
  const [saveToBook, setSaveToBook] = useState(false);
  const chosen = saved.find((a) => a.id === choice);
  const prefill = chosen ?? (choice === initialChoice ? defaultAddress : {});
  const fields = result?.fields ?? {};
  const serverErrors: (AddressErrors & { form?: string }) | undefined = result
    ? { ...(fields as AddressErrors), ...(result.message ? { form: result.message } : {}) }
    : undefined;
  return (
    <div className="sf-checkout-step">
      <FormField label="Email" hint="For the receipt and delivery updates." error={emailError ?? fields.email} required>
        <Input
          type="email"
          name="email"
          autoComplete="email"
          value={email}
          onChange={(event) => {
            setEmail(event.currentTarget.value);
            setEmailError(undefined);
          }}
        />
      </FormField>
      {saved.length > 0 ? (
        <RadioGroup legend="Ship to" value={choice} onValueChange={setChoice}>
          {saved.map((a) => (
            <Radio
              key={a.id}
              value={a.id}
              label={addressSummary(a)}
              description={a.isDefault ? 'Your default address' : undefined}
            />
          ))}
          <Radio value="new" label="A new address" />
        </RadioGroup>
      ) : null}
      <AddressForm
        // a new choice fills the form afresh (its fields keep what was typed otherwise)
        key={choice}
        countries={countries}
        legend="Shipping address"
        submitLabel="Continue to shipping"
        withPhone
        defaultValues={prefill}
        serverErrors={serverErrors}
        submitting={pending}
        onSubmit={(address) => {
          if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) {
            setEmailError('Enter an email address, like name@example.com, for the receipt.');
            document.querySelector<HTMLInputElement>('input[name="email"]')?.focus();
            return;
          }
          const save = signedIn && !chosen && saveToBook;
          run(() => saveAddress({ ...address, email: email.trim(), saveToAddressBook: save } as AddressInput));
        }}
      />
      {signedIn && !chosen ? (
        <Checkbox
          label="Save to my addresses"
          description="Fill it in for you next time."
          checked={saveToBook}
          onChange={(event) => setSaveToBook(event.currentTarget.checked)}
        />
      ) : null}
    </div>
  );
}

export interface ShippingChoice {
  methodId: string;
  name: string;
  carrier: string | null;
  price: { amount: number; currency: string };
}

/** Step 2: how to ship, from the methods that can carry this cart to its address. */
export function ShippingStep({ methods, current }: { methods: readonly ShippingChoice[]; current: string | null }) {
  const { pending, result, run } = useStep();
  const [methodId, setMethodId] = useState(current ?? methods[0]?.methodId ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    run(() => saveShipping({ methodId }));
  };
  if (methods.length === 0) {
    return (
      <Alert tone="warning" title="We cannot ship there yet">
        No shipping method reaches this address in this currency. Go back and choose another address.
      </Alert>
    );
  }
  return (
    <form className="sf-checkout-step" onSubmit={submit} noValidate>
      {result?.message ? (
        <Alert tone="danger" announce>
          {result.message}
        </Alert>
      ) : null}
      <RadioGroup
        legend="Shipping method"
        value={methodId}
        onValueChange={setMethodId}
        error={result?.fields?.shippingMethodId}
      >
        {methods.map((m) => (
          <Radio
            key={m.methodId}
            value={m.methodId}
            label={
              <>
                {m.name} · {m.price.amount === 0 ? 'Free' : <Price price={m.price} size="sm" />}
              </>
            }
            description={m.carrier ?? undefined}
          />
        ))}
      </RadioGroup>
      <Button type="submit" loading={pending}>
        Continue to payment
      </Button>
    </form>
  );
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length >= 12 && sum % 10 === 0;
}

/** Client checks for speed only; the provider decides. */
export function validateCard(
  card: { number: string; expiry: string; cvc: string },
  now = new Date(),
): Record<string, string> {
  const errors: Record<string, string> = {};
  const digits = card.number.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(digits) || !luhn(digits)) errors.number = 'Enter a valid card number (check for a typo).';
  const match = /^(\d{1,2})\s*\/\s*(\d{2})$/.exec(card.expiry.trim());
  if (!match) errors.expiry = 'Enter the expiry date as MM/YY.';
  else {
    const month = Number(match[1]);
    const year = 2000 + Number(match[2]);
    const end = new Date(Date.UTC(year, month, 1));
    if (month < 1 || month > 12) errors.expiry = 'Enter a month from 01 to 12.';
    else if (end <= now) errors.expiry = 'This card has expired.';
  }
  if (!/^\d{3,4}$/.test(card.cvc.trim())) errors.cvc = 'Enter the 3 or 4 digit code on the back of the card.';
  return errors;
}

/** Step 3: the test provider's card form, the total to pay, and the simulated 3-D Secure dialog when asked. */
export function PaymentStep({
  total,
  expectedTotal,
  idempotencyKey,
}: {
  total: { amount: number; currency: string };
  expectedTotal: string;
  idempotencyKey: string;
}) {
  const { pending, result, run, setResult } = useStep();
  const [card, setCard] = useState({ number: '', expiry: '', cvc: '' });
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const errors = { ...(result?.fields ?? {}), ...clientErrors };
  const authenticate = result?.authenticate;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validateCard(card);
    setClientErrors(found);
    const first = Object.keys(found)[0];
    if (first) {
      document.querySelector<HTMLInputElement>(`[name="${first}"]`)?.focus();
      return;
    }
    run(() => placeOrder({ ...card, idempotencyKey, expectedTotal }));
  };
  const change = (field: keyof typeof card) => (event: { currentTarget: { value: string } }) => {
    setCard({ ...card, [field]: event.currentTarget.value });
    if (clientErrors[field]) setClientErrors(({ [field]: _gone, ...rest }) => rest);
  };
  return (
    <form className="sf-checkout-step sf-payment" onSubmit={submit} noValidate aria-busy={pending || undefined}>
      {result?.message ? (
        <Alert tone="danger" announce title="Payment not completed" data-testid="payment-error">
          {result.message}
        </Alert>
      ) : null}
      <fieldset className="sf-card">
        <legend>Card (test payments)</legend>
        <p className="sf-hint">
          Use 4242 4242 4242 4242 to pay, 4000 0000 0000 0002 to see a decline, 4000 0025 0000 3155 for 3-D Secure.
        </p>
        <FormField label="Card number" error={errors.number} required>
          <Input
            name="number"
            inputMode="numeric"
            autoComplete="cc-number"
            value={card.number}
            onChange={change('number')}
          />
        </FormField>
        <div className="sf-card__row">
          <FormField label="Expiry (MM/YY)" error={errors.expiry} required>
            <Input
              name="expiry"
              inputMode="numeric"
              autoComplete="cc-exp"
              placeholder="MM/YY"
              value={card.expiry}
              onChange={change('expiry')}
            />
          </FormField>
          <FormField label="Security code" error={errors.cvc} required>
            <Input name="cvc" inputMode="numeric" autoComplete="cc-csc" value={card.cvc} onChange={change('cvc')} />
          </FormField>
        </div>
      </fieldset>
      <Button type="submit" size="lg" fullWidth startIcon="lock" loading={pending}>
        Pay <Price price={total} />
      </Button>
      <Dialog
        open={Boolean(authenticate)}
        onClose={() =>
          setResult({
            ok: false,
            message: 'The payment was not confirmed. Nothing was charged and your cart is saved.',
          })
        }
        title="Confirm the payment"
        footer={
          <>
            <Button
              variant="ghost"
              onClick={() =>
                authenticate && run(() => confirmPayment({ orderId: authenticate.orderId, approve: false }))
              }
            >
              Fail
            </Button>
            <Button
              onClick={() =>
                authenticate && run(() => confirmPayment({ orderId: authenticate.orderId, approve: true }))
              }
            >
              Approve
            </Button>
          </>
        }
      >
        <p>Your bank asks you to confirm this payment (simulated 3-D Secure of the test provider).</p>
      </Dialog>
    </form>
  );
}
