import { hashPassword, newId, type RequestContext, userError } from '@meridian/kit';
import { and, eq } from 'drizzle-orm';
import { roles, userRoles, users } from '../db/schema.ts';
import type { IdentityServices } from '../services.ts';
import { audit, userSnapshot } from './audit.ts';
import { checkNewPassword } from './password.ts';
import { readPolicy } from './policy.ts';
import { type AuthResult, authFailure, openSession } from './session-tokens.ts';
import { tenantDb } from './support.ts';
import { canonicalLocale, checkEmail, checkLocale, checkName, normaliseEmail } from './validation.ts';

export interface SignUpCustomerInput {
  email: string;
  password: string;
  name: string;
  locale?: string | null;
}

/** A shopper creates their own account on the storefront and is signed in. */
export async function signUpCustomer(
  ctx: RequestContext,
  services: IdentityServices,
  input: SignUpCustomerInput,
): Promise<AuthResult> {
  const email = normaliseEmail(input.email);
  const userErrors = [
    ...checkEmail(input.email, ['input', 'email']),
    ...checkName(input.name, ['input', 'name'], { required: true }),
    ...(input.locale ? checkLocale(input.locale, ['input', 'locale']) : []),
  ];
  if (userErrors.length === 0) {
    userErrors.push(...checkNewPassword(input.password, ['input', 'password'], { email, name: input.name }));
  }
  if (userErrors.length > 0) return authFailure(...userErrors);
  const db = tenantDb(ctx);
  if (!(await db.transaction(readPolicy)).allowCustomerSignUp) {
    return authFailure(userError(null, 'SIGN_UP_CLOSED', 'This store does not take new accounts'));
  }
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({
        id: newId('usr'),
        email,
        name: input.name.trim(),
        kind: 'customer',
        status: 'active',
        passwordHash,
        passwordChangedAt: new Date(),
        locale: input.locale ? canonicalLocale(input.locale) : 'en',
      })
      .onConflictDoNothing({ target: users.email })
      .returning();
    // Within the tenant only: whether the address has an account in another tenant is never consulted.
    if (!user)
      return authFailure(
        userError(['input', 'email'], 'EMAIL_TAKEN', 'An account with this email exists; sign in instead'),
      );
    const [customerRole] = await tx
      .select()
      .from(roles)
      .where(and(eq(roles.key, 'customer'), eq(roles.builtIn, true)));
    if (customerRole) await tx.insert(userRoles).values({ userId: user.id, roleId: customerRole.id });
    await audit(tx, ctx, 'user.sign_up', { type: 'User', id: user.id }, { after: userSnapshot(user) });
    return openSession(tx, ctx, services, user, { mfa: false, method: 'sign_up' });
  });
}
