import {
  generateRecoveryCodes,
  generateTotpSecret,
  matchTotpStep,
  notFound,
  type RequestContext,
  type TenantTx,
  totpQrCodeDataUrl,
  totpUri,
  type UserError,
  userError,
} from '@meridian/kit';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { recoveryCodes, sessions, users } from '../db/schema.ts';
import type { IdentityServices } from '../services.ts';
import { canGrant, permissionsOfUser } from './access.ts';
import { audit } from './audit.ts';
import { readPolicy } from './policy.ts';
import { useSecondFactor, useTotpCode } from './second-factor.ts';
import { currentUserId, tenantDb, tenantOf } from './support.ts';
import type { UserRow } from './user.ts';
import { revokeUserSessions } from './user-admin.ts';

const recoveryCodeCount = 10;

async function lockSelf(tx: TenantTx, ctx: RequestContext): Promise<UserRow> {
  const [user] = await tx
    .select()
    .from(users)
    .where(eq(users.id, currentUserId(ctx)))
    .for('update');
  if (!user) throw notFound('User');
  return user;
}

/** Replaces the user's recovery codes; the plain codes are returned once and never stored. */
async function replaceRecoveryCodes(tx: TenantTx, userId: string): Promise<string[]> {
  const { codes, hashes } = generateRecoveryCodes(recoveryCodeCount);
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await tx.insert(recoveryCodes).values(hashes.map((codeHash) => ({ userId, codeHash })));
  return codes;
}

export async function recoveryCodesRemaining(ctx: RequestContext, userId: string): Promise<number> {
  const rows = await tenantDb(ctx).transaction((tx) =>
    tx
      .select({ hash: recoveryCodes.codeHash })
      .from(recoveryCodes)
      .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt))),
  );
  return rows.length;
}

/** Step one: a new secret (sealed at rest) to scan; nothing changes for sign-in until it is confirmed. */
export async function startMfaEnrolment(ctx: RequestContext, services: IdentityServices) {
  const tenant = tenantOf(ctx);
  const secret = generateTotpSecret();
  return tenantDb(ctx).transaction(async (tx) => {
    const user = await lockSelf(tx, ctx);
    if (user.mfaSecret) {
      return {
        enrolment: null,
        userErrors: [userError(null, 'MFA_ALREADY_ENABLED', 'Two-factor sign-in is already on')],
      };
    }
    await tx
      .update(users)
      .set({ mfaPendingSecret: services.secretBox.seal(secret), updatedAt: sql`now()` })
      .where(eq(users.id, user.id));
    await audit(tx, ctx, 'mfa.start_enrolment', { type: 'User', id: user.id });
    const otpauthUri = totpUri({ secret, account: user.email, issuer: `${services.totpIssuer} ${tenant.name}` });
    return { enrolment: { secret, otpauthUri, qrCodeDataUrl: await totpQrCodeDataUrl(otpauthUri) }, userErrors: [] };
  });
}

/** Step two: a code from the app proves the secret was scanned; MFA is on and recovery codes are shown once. */
export async function confirmMfaEnrolment(
  ctx: RequestContext,
  services: IdentityServices,
  input: { code: string },
): Promise<{ user: UserRow | null; recoveryCodes: string[] | null; userErrors: UserError[] }> {
  return tenantDb(ctx).transaction(async (tx) => {
    const user = await lockSelf(tx, ctx);
    if (!user.mfaPendingSecret) {
      return {
        user: null,
        recoveryCodes: null,
        userErrors: [userError(null, 'NO_ENROLMENT', 'Start enrolment first')],
      };
    }
    const step = matchTotpStep(services.secretBox.open(user.mfaPendingSecret), input.code);
    if (step === null) {
      return {
        user: null,
        recoveryCodes: null,
        userErrors: [userError(['input', 'code'], 'INVALID_MFA_CODE', 'The code is wrong or expired')],
      };
    }
    const [enabled] = await tx
      .update(users)
      .set({
        mfaSecret: user.mfaPendingSecret,
        mfaPendingSecret: null,
        mfaEnabledAt: sql`now()`,
        mfaLastStep: step,
        updatedAt: sql`now()`,
      })
      .where(eq(users.id, user.id))
      .returning();
    const codes = await replaceRecoveryCodes(tx, user.id);
    // This session has just proven the second factor; its next refresh carries full permissions.
    if (ctx.actor.sessionId) {
      await tx
        .update(sessions)
        .set({ mfa: true })
        .where(and(eq(sessions.id, ctx.actor.sessionId), eq(sessions.userId, user.id)));
    }
    await audit(tx, ctx, 'mfa.confirm_enrolment', { type: 'User', id: user.id });
    return { user: enabled ?? user, recoveryCodes: codes, userErrors: [] };
  });
}

export async function disableMfa(
  ctx: RequestContext,
  services: IdentityServices,
  input: { mfaCode?: string | null; recoveryCode?: string | null },
): Promise<{ user: UserRow | null; userErrors: UserError[] }> {
  return tenantDb(ctx).transaction(async (tx) => {
    const user = await lockSelf(tx, ctx);
    if (!user.mfaSecret)
      return { user: null, userErrors: [userError(null, 'MFA_NOT_ENABLED', 'Two-factor sign-in is off')] };
    if (user.kind === 'staff' && (await readPolicy(tx)).requireMfaForStaff) {
      return {
        user: null,
        userErrors: [userError(null, 'MFA_REQUIRED_BY_POLICY', 'Your organisation requires two-factor sign-in')],
      };
    }
    const failed = await useSecondFactor(tx, services, user, input);
    if (failed) return { user: null, userErrors: [failed] };
    const [disabled] = await tx
      .update(users)
      .set({ mfaSecret: null, mfaPendingSecret: null, mfaEnabledAt: null, mfaLastStep: null, updatedAt: sql`now()` })
      .where(eq(users.id, user.id))
      .returning();
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
    await audit(tx, ctx, 'mfa.disable', { type: 'User', id: user.id });
    return { user: disabled ?? user, userErrors: [] };
  });
}

export async function regenerateRecoveryCodes(
  ctx: RequestContext,
  services: IdentityServices,
  input: { code: string },
): Promise<{ recoveryCodes: string[] | null; userErrors: UserError[] }> {
  return tenantDb(ctx).transaction(async (tx) => {
    const user = await lockSelf(tx, ctx);
    if (!user.mfaSecret)
      return { recoveryCodes: null, userErrors: [userError(null, 'MFA_NOT_ENABLED', 'Two-factor sign-in is off')] };
    if (!(await useTotpCode(tx, services, user, input.code))) {
      return {
        recoveryCodes: null,
        userErrors: [userError(['input', 'code'], 'INVALID_MFA_CODE', 'The code is wrong, expired or already used')],
      };
    }
    const codes = await replaceRecoveryCodes(tx, user.id);
    await audit(tx, ctx, 'mfa.regenerate_recovery_codes', { type: 'User', id: user.id });
    return { recoveryCodes: codes, userErrors: [] };
  });
}

/** An administrator turns off someone's MFA (lost phone); their sessions end so they sign in again. */
export async function resetUserMfa(
  ctx: RequestContext,
  input: { userId: string },
): Promise<{ user: UserRow | null; userErrors: UserError[] }> {
  return tenantDb(ctx).transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, input.userId)).for('update');
    if (!user) throw notFound('User');
    if (!canGrant(ctx, await permissionsOfUser(tx, user.id))) {
      return {
        user: null,
        userErrors: [userError(['input', 'userId'], 'NOT_ALLOWED', 'This user has permissions you do not hold')],
      };
    }
    const [reset] = await tx
      .update(users)
      .set({ mfaSecret: null, mfaPendingSecret: null, mfaEnabledAt: null, mfaLastStep: null, updatedAt: sql`now()` })
      .where(eq(users.id, user.id))
      .returning();
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
    await revokeUserSessions(tx, user.id, 'mfa_reset');
    await audit(tx, ctx, 'mfa.reset', { type: 'User', id: user.id });
    return { user: reset ?? user, userErrors: [] };
  });
}
