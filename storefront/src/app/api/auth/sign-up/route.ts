import { errorsByField, SignUpMutation } from '../../../../lib/account.ts';
import { answer, isSecure, readForm, routeCall, safeNext, signedIn } from '../../../../lib/auth-route.ts';
import { execute, failureMessage } from '../../../../lib/graphql-client.ts';

/** POST /api/auth/sign-up: a customer account; signed in at once, and the guest cart joins it. */
export async function POST(request: Request) {
  const { fields, json } = await readForm(request);
  const next = safeNext(fields.next);
  const name = (fields.name ?? '').trim();
  const email = (fields.email ?? '').trim();
  const password = fields.password ?? '';
  const errors: Record<string, string> = {};
  if (!name) errors.name = 'Enter your name.';
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) errors.email = 'Enter your email address, like name@example.com.';
  if (password.length < 12) errors.password = 'Use at least 12 characters.';
  if (Object.keys(errors).length > 0)
    return answer(json, request, { ok: false, errors }, '/account/sign-up?error=invalid');
  const call = await routeCall();
  const locale = fields.locale && /^[a-z]{2}(-[A-Z]{2})?$/.test(fields.locale) ? fields.locale : null;
  const result = await execute(
    { ...call, accessToken: null },
    SignUpMutation,
    { input: { name, email, password, locale } },
    'mutation',
  );
  if (result.error) {
    return answer(
      json,
      request,
      {
        ok: false,
        errors: { form: failureMessage(result.error, 'We could not reach the store. Try again in a moment.') },
      },
      '/account/sign-up?error=unavailable',
    );
  }
  const payload = result.data.signUpCustomer;
  if (payload.tokens) {
    await signedIn(call, payload.tokens, isSecure(request));
    return answer(json, request, { ok: true, next }, next);
  }
  const byField = errorsByField(payload.userErrors);
  return answer(json, request, { ok: false, errors: byField }, '/account/sign-up?error=invalid');
}
