import {
  hashPassword,
  MeridianError,
  type RequestContext,
  type TenantTx,
  unauthenticated,
  userError,
  verifyPassword,
} from '@meridian/kit';
import { and, eq, gt, sql } from 'drizzle-orm';
import { refreshTokens, sessions, users } from '../db/schema.ts';
import type { IdentityServices } from '../services.ts';
import { audit } from './audit.ts';
import { useSecondFactor } from './second-factor.ts';
import { type AuthResult, authFailure, openSession, tokensFor } from './session-tokens.ts';
import { currentUserId, sha256Hex, tenantDb, tenantOf } from './support.ts';
import { revokeUserSessions } from './user-admin.ts';
import { normaliseEmail } from './validation.ts';

export interface SignInInput {
  email: string;
  password: string;
  mfaCode?: string | null;
  recoveryCode?: string | null;
}

// One message for every credential failure: it must not tell whether the email has an account here.
const invalidCredentials = () =>
  authFailure(userError(null, 'INVALID_CREDENTIALS', 'The email or password is incorrect'));

let dummyHash: Promise<string> | undefined;
/** Verifying against a throwaway hash when there is no account keeps both answers equally slow. */
const hashForMissingAccount = () => {
  dummyHash ??= hashPassword(`no-account-${Math.random()}`);
  return dummyHash;
};

/** Throttle keys: the account within this tenant, and the caller's address across all tenants. */
export function throttleKey(ctx: RequestContext, account: string) {
  return { account: `${tenantOf(ctx).id}:${account}`, ip: ctx.clientAddress ?? 'unknown' };
}

export async function enforceThrottle(services: IdentityServices, key: { account: string; ip: string }) {
  const gate = await services.loginThrottle.check(key);
  if (!gate.allowed) {
    throw new MeridianError('RATE_LIMITED', 'Too many failed attempts; try again later', {
      retryAfter: gate.retryAfterSeconds,
      reason: gate.reason,
    });
  }
}

export async function signIn(ctx: RequestContext, services: IdentityServices, input: SignInInput): Promise<AuthResult> {
  const db = tenantDb(ctx);
  const email = normaliseEmail(input.email);
  const key = throttleKey(ctx, email);
  await enforceThrottle(services, key);
  const [found] = await db.transaction((tx) => tx.select().from(users).where(eq(users.email, email)));
  const password = input.password.slice(0, 1024);
  const matches = await verifyPassword(found?.passwordHash ?? (await hashForMissingAccount()), password);
  if (!found?.passwordHash || !matches) {
    await services.loginThrottle.recordFailure(key);
    ctx.log.info({ userId: found?.id ?? null, clientAddress: ctx.clientAddress }, 'sign-in refused: bad credentials');
    return invalidCredentials();
  }
  // Only someone who knows the password learns that the account is disabled.
  if (found.status !== 'active') {
    return authFailure(userError(null, 'ACCOUNT_DISABLED', 'This account is deactivated'));
  }
  if (found.mfaSecret && !input.mfaCode && !input.recoveryCode) {
    return { tokens: null, mfaRequired: true, mfaEnrolmentRequired: false, userErrors: [] };
  }
  const result = await db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, found.id)).for('update');
    if (user?.status !== 'active') return invalidCredentials();
    let mfa = false;
    if (user.mfaSecret) {
      const failed = await useSecondFactor(tx, services, user, input);
      if (failed) return authFailure(failed);
      mfa = true;
      if (input.recoveryCode && !input.mfaCode) {
        await audit(tx, ctx, 'mfa.use_recovery_code', { type: 'User', id: user.id });
      }
    }
    return openSession(tx, ctx, services, user, { mfa, method: mfa ? 'password+mfa' : 'password' });
  });
  if (result.tokens) await services.loginThrottle.recordSuccess(key);
  else await services.loginThrottle.recordFailure(key);
  return result;
}

type RefreshOutcome = { ok: AuthResult } | { refused: string };

/**
 * Rotates a refresh token. The conditional update lets exactly one caller spend a token; presenting
 * a token that was already spent means it leaked (or a client raced itself), so the whole session is
 * revoked: the thief's and the owner's tokens alike.
 */
export async function refreshSession(
  ctx: RequestContext,
  services: IdentityServices,
  input: { refreshToken: string },
): Promise<AuthResult> {
  const tokenHash = sha256Hex(input.refreshToken);
  const outcome = await tenantDb(ctx).transaction(async (tx): Promise<RefreshOutcome> => {
    const [spent] = await tx
      .update(refreshTokens)
      .set({ status: 'rotated', usedAt: sql`now()` })
      .where(
        and(
          eq(refreshTokens.tokenHash, tokenHash),
          eq(refreshTokens.status, 'active'),
          gt(refreshTokens.expiresAt, sql`now()`),
        ),
      )
      .returning();
    if (!spent) {
      const [known] = await tx.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash));
      if (!known) return { refused: 'Invalid refresh token' };
      if (known.status === 'active') return { refused: 'Refresh token expired' };
      const [session] = await tx
        .select()
        .from(sessions)
        .where(and(eq(sessions.id, known.sessionId), eq(sessions.status, 'active')))
        .for('update');
      if (session) {
        await revokeFamily(tx, session.id, 'refresh_token_reuse');
        await audit(
          tx,
          ctx,
          'session.revoke_on_reuse',
          { type: 'Session', id: session.id },
          {
            after: { userId: session.userId },
          },
        );
      }
      return { refused: 'Refresh token was already used; the session is revoked' };
    }
    const [session] = await tx.select().from(sessions).where(eq(sessions.id, spent.sessionId)).for('update');
    const [user] = session ? await tx.select().from(users).where(eq(users.id, session.userId)) : [];
    if (!session || !user || session.status !== 'active' || session.expiresAt <= new Date()) {
      return { refused: 'Session ended' };
    }
    if (user.status !== 'active') {
      await revokeFamily(tx, session.id, 'user_deactivated');
      return { refused: 'Session ended' };
    }
    await tx.update(sessions).set({ lastUsedAt: sql`now()` }).where(eq(sessions.id, session.id));
    const refreshed = await tokensFor(tx, ctx, services, user, session);
    await audit(tx, ctx, 'session.refresh', { type: 'Session', id: session.id });
    return { ok: refreshed };
  });
  if ('refused' in outcome) throw unauthenticated(outcome.refused);
  return outcome.ok;
}

/**
 * Ends a session: every refresh token of the family dies with it, since a refresh checks the session.
 * (Marking each token too would lock rows that concurrent refreshes of the family are waiting on.)
 */
async function revokeFamily(tx: TenantTx, id: string, reason: string) {
  await tx
    .update(sessions)
    .set({ status: 'revoked', revokedAt: sql`now()`, revokedReason: reason })
    .where(eq(sessions.id, id));
}

export async function signOut(
  ctx: RequestContext,
  input: { allSessions?: boolean | null },
): Promise<{ revokedSessions: number; userErrors: never[] }> {
  const userId = currentUserId(ctx);
  const sessionId = ctx.actor.sessionId;
  return tenantDb(ctx).transaction(async (tx) => {
    let revoked = 0;
    if (input.allSessions) {
      revoked = await revokeUserSessions(tx, userId, 'signed_out');
    } else if (sessionId) {
      const rows = await tx
        .update(sessions)
        .set({ status: 'revoked', revokedAt: sql`now()`, revokedReason: 'signed_out' })
        .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId), eq(sessions.status, 'active')))
        .returning({ id: sessions.id });
      revoked = rows.length;
    }
    await audit(
      tx,
      ctx,
      'session.sign_out',
      { type: 'User', id: userId },
      {
        after: { allSessions: Boolean(input.allSessions), revoked },
      },
    );
    return { revokedSessions: revoked, userErrors: [] };
  });
}
