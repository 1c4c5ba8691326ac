'use server';
import {
  errorsByField,
  RequestPasswordResetMutation,
  ResetPasswordMutation,
  UpdateMyProfileMutation,
} from '../lib/account.ts';
import { execute, failureMessage, type GraphError } from '../lib/graphql-client.ts';
import { shopperCall } from '../lib/shopper.ts';

export type FormState = { ok: boolean; message?: string; errors?: Record<string, string> };

const UNREACHABLE = 'We could not reach the store. Try again in a moment.';

/** A rate-limit refusal says when to retry; anything else is UNREACHABLE. */
const failed = (error: GraphError | undefined) => failureMessage(error, UNREACHABLE);

/** Always answers the same for a well-formed address: whether it has an account is nobody's business. */
export async function requestPasswordReset(_: FormState, form: FormData): Promise<FormState> {
  const email = String(form.get('email') ?? '').trim();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    return { ok: false, errors: { email: 'Enter your email address, like name@example.com.' } };
  const call = await shopperCall();
  const result = await execute(
    { ...call, accessToken: null },
    RequestPasswordResetMutation,
    { input: { email } },
    'mutation',
  );
  if (result.error) return { ok: false, message: failed(result.error) };
  const { userErrors } = result.data.requestPasswordReset;
  if (userErrors.length > 0) return { ok: false, errors: errorsByField(userErrors) };
  return {
    ok: true,
    message: `If ${email} has an account here, a link to choose a new password is on its way. It works once, for an hour.`,
  };
}

export async function resetPassword(_: FormState, form: FormData): Promise<FormState> {
  const token = String(form.get('token') ?? '');
  const newPassword = String(form.get('newPassword') ?? '');
  if (!token) return { ok: false, message: 'This link is incomplete. Ask for a new one.' };
  if (newPassword.length < 12) return { ok: false, errors: { newPassword: 'Use at least 12 characters.' } };
  const call = await shopperCall();
  const result = await execute(
    { ...call, accessToken: null },
    ResetPasswordMutation,
    { input: { token, newPassword } },
    'mutation',
  );
  if (result.error) return { ok: false, message: failed(result.error) };
  const { reset, userErrors } = result.data.resetPassword;
  if (!reset) {
    const errors = errorsByField(userErrors);
    const { token: tokenError, form: formError, ...rest } = errors;
    return {
      ok: false,
      message:
        tokenError ?? formError ?? (Object.keys(rest).length ? undefined : 'This link has expired. Ask for a new one.'),
      errors: rest,
    };
  }
  return { ok: true, message: 'Your password is changed. Sign in with the new one.' };
}

export async function updateProfile(_: FormState, form: FormData): Promise<FormState> {
  const name = String(form.get('name') ?? '').trim();
  const locale = String(form.get('locale') ?? '').trim();
  if (!name) return { ok: false, errors: { name: 'Enter your name.' } };
  const call = await shopperCall();
  if (!call.accessToken) return { ok: false, message: 'Your session has ended. Sign in again.' };
  const result = await execute(
    call,
    UpdateMyProfileMutation,
    { input: { name, ...(locale ? { locale } : {}) } },
    'mutation',
  );
  if (result.error) return { ok: false, message: failed(result.error) };
  const { userErrors } = result.data.updateMyProfile;
  if (userErrors.length > 0) return { ok: false, errors: errorsByField(userErrors) };
  return { ok: true, message: 'Saved.' };
}
