'use client';
import { Alert, Button, FormField, Input } from '@meridian/design-system';
import NextLink from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, useRef, useState } from 'react';

type Errors = Record<string, string>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** POSTs JSON to one of the app's /api/auth route handlers, which keep the tokens in httpOnly cookies. */
async function post(path: string, body: Record<string, string>) {
  try {
    const response = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
    return (await response.json()) as { ok: boolean; next?: string; errors?: Errors; mfaRequired?: boolean };
  } catch {
    return { ok: false, errors: { form: 'We could not reach the store. Check your connection and try again.' } };
  }
}

function focusFirst(form: HTMLFormElement | null, errors: Errors) {
  const first = Object.keys(errors).find((k) => k !== 'form');
  if (first) form?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
}

/**
 * Sign in: checked here for speed, then by identity. With MFA on, a second step asks for the authenticator code (or a
 * recovery code). Works without JavaScript too (the form posts to the same route handler).
 */
export function SignInForm({ next, initialError }: { next: string; initialError?: string }) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<Errors>(initialError ? { form: initialError } : {});
  const [mfa, setMfa] = useState(false);
  const [useRecovery, setUseRecovery] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(event.currentTarget).entries()) as Record<string, string>;
    const found: Errors = {};
    if (!EMAIL.test((data.email ?? '').trim())) found.email = 'Enter your email address, like name@example.com.';
    if (!data.password) found.password = 'Enter your password.';
    if (mfa && !useRecovery && !/^\d{6}$/.test((data.mfaCode ?? '').replace(/\s/g, '')))
      found.mfaCode = 'Enter the 6-digit code from your app.';
    if (mfa && useRecovery && !(data.recoveryCode ?? '').trim())
      found.recoveryCode = 'Enter one of your recovery codes.';
    setErrors(found);
    if (Object.keys(found).length > 0) return focusFirst(form.current, found);
    setBusy(true);
    const result = await post('/api/auth/sign-in', { ...data, next });
    setBusy(false);
    if (result.ok) {
      router.push(result.next ?? next);
      router.refresh();
      return;
    }
    if (result.mfaRequired && !mfa) {
      setMfa(true);
      setErrors({});
      setTimeout(() => form.current?.querySelector<HTMLElement>('[name="mfaCode"]')?.focus(), 0);
      return;
    }
    setErrors(result.errors ?? { form: 'Sign-in failed. Try again.' });
    focusFirst(form.current, result.errors ?? {});
  };
  return (
    <form ref={form} className="sf-form" method="post" action="/api/auth/sign-in" onSubmit={submit} noValidate>
      <input type="hidden" name="next" value={next} />
      {errors.form ? (
        <Alert tone="danger" announce title="You are not signed in">
          {errors.form}
        </Alert>
      ) : null}
      <FormField label="Email" error={errors.email} required>
        <Input name="email" type="email" autoComplete="username" readOnly={mfa} />
      </FormField>
      <FormField label="Password" error={errors.password} required>
        <Input name="password" type="password" autoComplete="current-password" readOnly={mfa} />
      </FormField>
      {mfa ? (
        useRecovery ? (
          <FormField
            label="Recovery code"
            hint="One of the codes you saved when you turned on two-step sign-in."
            error={errors.recoveryCode}
            required
          >
            <Input name="recoveryCode" autoComplete="one-time-code" />
          </FormField>
        ) : (
          <FormField
            label="Authentication code"
            hint="The 6-digit code from your authenticator app."
            error={errors.mfaCode}
            required
          >
            <Input name="mfaCode" inputMode="numeric" autoComplete="one-time-code" />
          </FormField>
        )
      ) : null}
      {mfa ? (
        <Button variant="ghost" size="sm" onClick={() => setUseRecovery(!useRecovery)}>
          {useRecovery ? 'Use the authenticator app instead' : 'Use a recovery code instead'}
        </Button>
      ) : null}
      <Button type="submit" loading={busy} fullWidth size="lg">
        Sign in
      </Button>
      <p className="sf-form__links">
        <NextLink href="/account/forgot-password">Forgot your password?</NextLink> ·{' '}
        <NextLink href={`/account/sign-up?next=${encodeURIComponent(next)}`}>Create an account</NextLink>
      </p>
    </form>
  );
}

/** Sign up as a customer: name, email, password (12+ characters; identity also refuses easy ones). */
export function SignUpForm({ next }: { next: string }) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(event.currentTarget).entries()) as Record<string, string>;
    const found: Errors = {};
    if (!(data.name ?? '').trim()) found.name = 'Enter your name.';
    if (!EMAIL.test((data.email ?? '').trim())) found.email = 'Enter your email address, like name@example.com.';
    if ((data.password ?? '').length < 12) found.password = 'Use at least 12 characters.';
    setErrors(found);
    if (Object.keys(found).length > 0) return focusFirst(form.current, found);
    setBusy(true);
    const result = await post('/api/auth/sign-up', { ...data, next, locale: navigator.language });
    setBusy(false);
    if (result.ok) {
      router.push(result.next ?? next);
      router.refresh();
      return;
    }
    setErrors(result.errors ?? { form: 'We could not create the account. Try again.' });
    focusFirst(form.current, result.errors ?? {});
  };
  return (
    <form ref={form} className="sf-form" method="post" action="/api/auth/sign-up" onSubmit={submit} noValidate>
      <input type="hidden" name="next" value={next} />
      {errors.form ? (
        <Alert tone="danger" announce title="No account yet">
          {errors.form}
        </Alert>
      ) : null}
      <FormField label="Name" error={errors.name} required>
        <Input name="name" autoComplete="name" />
      </FormField>
      <FormField label="Email" error={errors.email} required>
        <Input name="email" type="email" autoComplete="email" />
      </FormField>
      <FormField
        label="Password"
        hint="At least 12 characters. A short sentence is easy to remember."
        error={errors.password}
        required
      >
        <Input name="password" type="password" autoComplete="new-password" />
      </FormField>
      <Button type="submit" loading={busy} fullWidth size="lg">
        Create account
      </Button>
      <p className="sf-form__links">
        Have an account? <NextLink href={`/account/sign-in?next=${encodeURIComponent(next)}`}>Sign in</NextLink>
      </p>
    </form>
  );
}
