'use client';
import { Alert, Button, FormField, Input } from '@meridian/design-system';
import { useActionState } from 'react';
import { type FormState, requestPasswordReset, resetPassword, updateProfile } from '../actions/account.ts';

const initial: FormState = { ok: false };

function Notice({ state }: { state: FormState }) {
  if (!state.message) return null;
  return (
    <Alert tone={state.ok ? 'success' : 'danger'} announce>
      {state.message}
    </Alert>
  );
}

export function ForgotPasswordForm() {
  const [state, action, pending] = useActionState(requestPasswordReset, initial);
  return (
    <form action={action} className="sf-form" noValidate>
      <Notice state={state} />
      <FormField label="Email" error={state.errors?.email} required>
        <Input name="email" type="email" autoComplete="email" />
      </FormField>
      <Button type="submit" loading={pending}>
        Send the link
      </Button>
    </form>
  );
}

export function ResetPasswordForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState(resetPassword, initial);
  return (
    <form action={action} className="sf-form" noValidate>
      <Notice state={state} />
      <input type="hidden" name="token" value={token} />
      <FormField label="New password" hint="At least 12 characters." error={state.errors?.newPassword} required>
        <Input name="newPassword" type="password" autoComplete="new-password" />
      </FormField>
      <Button type="submit" loading={pending}>
        Change password
      </Button>
    </form>
  );
}

export function ProfileForm({ name, email, locale }: { name: string; email: string; locale: string }) {
  const [state, action, pending] = useActionState(updateProfile, initial);
  return (
    <form action={action} className="sf-form" noValidate>
      <Notice state={state} />
      <FormField label="Name" error={state.errors?.name} required>
        <Input name="name" autoComplete="name" defaultValue={name} />
      </FormField>
      <FormField label="Email" hint="Ask the store to change the email of your account.">
        <Input name="email" type="email" value={email} readOnly />
      </FormField>
      <FormField
        label="Language and region"
        hint="Like en-GB or de-DE: dates and numbers follow it."
        error={state.errors?.locale}
      >
        <Input name="locale" defaultValue={locale} />
      </FormField>
      <Button type="submit" loading={pending}>
        Save
      </Button>
    </form>
  );
}
