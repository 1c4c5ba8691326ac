import {
  checkPasswordPolicy,
  hashPassword,
  type RequestContext,
  type UserError,
  userError,
  verifyPassword,
} from '@meridian/kit';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { users, userTokens } from '../db/schema.ts';
import type { IdentityServices } from '../services.ts';
import { audit } from './audit.ts';
import { passwordResetMail } from './mail.ts';
import { enforceThrottle, throttleKey } from './sign-in.ts';
import { currentUserId, later, minutes, randomToken, sha256Hex, tenantDb, tenantOf } from './support.ts';
import type { UserRow } from './user.ts';
import { revokeUserSessions } from './user-admin.ts';
import { checkEmail, normaliseEmail } from './validation.ts';

const resetLifetime = minutes(60);

/** The password policy as a user error on `field` (length first, then strength against the user's own details). */
export function checkNewPassword(
  password: string,
  field: string[],
  user: { email: string; name: string },
): UserError[] {
  const verdict = checkPasswordPolicy(password, [user.email, user.email.split('@')[0] ?? '', user.name]);
  return verdict.ok ? [] : [userError(field, verdict.code, verdict.message)];
}

export async function changePassword(
  ctx: RequestContext,
  services: IdentityServices,
  input: { currentPassword: string; newPassword: string },
): Promise<{ user: UserRow | null; revokedSessions: number; userErrors: UserError[] }> {
  const userId = currentUserId(ctx);
  const db = tenantDb(ctx);
  const [user] = await db.transaction((tx) => tx.select().from(users).where(eq(users.id, userId)));
  if (!user?.passwordHash)
    return { user: null, revokedSessions: 0, userErrors: [userError(null, 'NO_PASSWORD', 'No password set')] };
  // A stolen access token must not become a way to guess the password.
  const key = throttleKey(ctx, user.email);
  await enforceThrottle(services, key);
  if (!(await verifyPassword(user.passwordHash, input.currentPassword.slice(0, 1024)))) {
    await services.loginThrottle.recordFailure(key);
    return {
      user: null,
      revokedSessions: 0,
      userErrors: [userError(['input', 'currentPassword'], 'INVALID_PASSWORD', 'The current password is incorrect')],
    };
  }
  const userErrors = checkNewPassword(input.newPassword, ['input', 'newPassword'], user);
  if (userErrors.length > 0) return { user: null, revokedSessions: 0, userErrors };
  const passwordHash = await hashPassword(input.newPassword);
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(users.id, userId))
      .returning();
    const revokedSessions = await revokeUserSessions(tx, userId, 'password_changed', {
      ...(ctx.actor.sessionId ? { except: ctx.actor.sessionId } : {}),
    });
    await audit(tx, ctx, 'user.change_password', { type: 'User', id: userId }, { after: { revokedSessions } });
    return { user: updated ?? user, revokedSessions, userErrors: [] };
  });
}

/**
 * Emails a single-use reset link if the address has an account. The answer is the same either way,
 * and the mail is sent after answering, so neither the reply nor its timing tells who has an account.
 */
export async function requestPasswordReset(
  ctx: RequestContext,
  services: IdentityServices,
  input: { email: string },
): Promise<{ accepted: boolean; userErrors: UserError[] }> {
  const userErrors = checkEmail(input.email, ['input', 'email']);
  if (userErrors.length > 0) return { accepted: false, userErrors };
  const tenant = tenantOf(ctx);
  const email = normaliseEmail(input.email);
  const quota = await services.mailThrottle.consume(`${tenant.id}:reset:${email}`);
  if (!quota.allowed) return { accepted: true, userErrors: [] };
  const issued = await tenantDb(ctx).transaction(async (tx) => {
    const [user] = await tx
      .select()
      .from(users)
      .where(and(eq(users.email, email), eq(users.status, 'active')));
    if (!user?.passwordHash) return null;
    // Only the newest link works.
    await tx
      .update(userTokens)
      .set({ usedAt: sql`now()` })
      .where(and(eq(userTokens.userId, user.id), eq(userTokens.purpose, 'password_reset'), isNull(userTokens.usedAt)));
    const token = randomToken('mpr');
    const expiresAt = later(resetLifetime);
    await tx
      .insert(userTokens)
      .values({ tokenHash: sha256Hex(token), userId: user.id, purpose: 'password_reset', expiresAt });
    await audit(tx, ctx, 'user.request_password_reset', { type: 'User', id: user.id });
    return { user, token, expiresAt };
  });
  if (issued) {
    const message = passwordResetMail(
      tenant,
      issued.user.email,
      services.links.passwordReset(tenant, issued.token),
      issued.expiresAt,
    );
    services.mailer
      .send(message)
      .catch((error: unknown) => ctx.log.error({ err: error }, 'password reset mail failed'));
  }
  return { accepted: true, userErrors: [] };
}

/** Sets a new password with an emailed token: single use, expiring; every session of the account ends. */
export async function resetPassword(
  ctx: RequestContext,
  services: IdentityServices,
  input: { token: string; newPassword: string },
): Promise<{ reset: boolean; userErrors: UserError[] }> {
  const invalid = {
    reset: false,
    userErrors: [userError(['input', 'token'], 'INVALID_TOKEN', 'This link is invalid or has expired')],
  };
  const tokenHash = sha256Hex(input.token);
  const db = tenantDb(ctx);
  const [pending] = await db.transaction((tx) =>
    tx
      .select({ user: users })
      .from(userTokens)
      .innerJoin(users, eq(users.id, userTokens.userId))
      .where(
        and(
          eq(userTokens.tokenHash, tokenHash),
          eq(userTokens.purpose, 'password_reset'),
          isNull(userTokens.usedAt),
          gt(userTokens.expiresAt, sql`now()`),
        ),
      ),
  );
  if (pending?.user.status !== 'active') return invalid;
  const userErrors = checkNewPassword(input.newPassword, ['input', 'newPassword'], pending.user);
  if (userErrors.length > 0) return { reset: false, userErrors };
  const passwordHash = await hashPassword(input.newPassword);
  const done = await db.transaction(async (tx) => {
    // Spending the token is the conditional update: of two concurrent resets, one wins.
    const [spent] = await tx
      .update(userTokens)
      .set({ usedAt: sql`now()` })
      .where(and(eq(userTokens.tokenHash, tokenHash), isNull(userTokens.usedAt), gt(userTokens.expiresAt, sql`now()`)))
      .returning({ userId: userTokens.userId });
    if (!spent) return false;
    await tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(users.id, spent.userId));
    const revokedSessions = await revokeUserSessions(tx, spent.userId, 'password_reset');
    await audit(tx, ctx, 'user.reset_password', { type: 'User', id: spent.userId }, { after: { revokedSessions } });
    return true;
  });
  if (!done) return invalid;
  // Whoever holds the mailbox has proven it: lift a lock someone else's guessing caused.
  await services.loginThrottle.recordSuccess(throttleKey(ctx, pending.user.email));
  return { reset: true, userErrors: [] };
}
