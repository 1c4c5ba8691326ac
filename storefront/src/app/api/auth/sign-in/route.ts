import { errorsByField, SignInMutation } from '../../../../lib/account.ts';
import { answer, isSecure, readForm, routeCall, safeNext, signedIn } from '../../../../lib/auth-route.ts';
import { execute, failureMessage } from '../../../../lib/graphql-client.ts';

/**
 * POST /api/auth/sign-in: email + password (+ a code from the authenticator app, or a recovery code, when the account
 * has MFA). The tokens go into httpOnly cookies and never reach the page's scripts.
 */
export async function POST(request: Request) {
  const { fields, json } = await readForm(request);
  const next = safeNext(fields.next);
  const email = (fields.email ?? '').trim();
  const password = fields.password ?? '';
  const errors: Record<string, string> = {};
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) errors.email = 'Enter your email address, like name@example.com.';
  if (!password) errors.password = 'Enter your password.';
  if (Object.keys(errors).length > 0) {
    return answer(
      json,
      request,
      { ok: false, errors },
      `/account/sign-in?error=invalid&next=${encodeURIComponent(next)}`,
    );
  }
  const call = await routeCall();
  const mfaCode = fields.mfaCode?.replace(/\s+/g, '') || null;
  const recoveryCode = fields.recoveryCode?.trim() || null;
  const result = await execute(
    { ...call, accessToken: null },
    SignInMutation,
    { input: { email, password, mfaCode, recoveryCode } },
    'mutation',
  );
  if (result.error) {
    const message = failureMessage(result.error, 'We could not reach the store. Try again in a moment.');
    return answer(json, request, { ok: false, errors: { form: message } }, `/account/sign-in?error=unavailable`);
  }
  const payload = result.data.signIn;
  if (payload.tokens) {
    await signedIn(call, payload.tokens, isSecure(request));
    return answer(json, request, { ok: true, next }, next);
  }
  if (payload.mfaRequired && !mfaCode && !recoveryCode) {
    return answer(
      json,
      request,
      { ok: false, mfaRequired: true, errors: {} },
      `/account/sign-in?mfa=1&next=${encodeURIComponent(next)}`,
    );
  }
  const byField = errorsByField(payload.userErrors);
  if (Object.keys(byField).length === 0)
    byField.form = 'Those details did not match an account. Check them and try again.';
  return answer(
    json,
    request,
    { ok: false, mfaRequired: payload.mfaRequired, errors: byField },
    `/account/sign-in?error=invalid&next=${encodeURIComponent(next)}`,
  );
}
