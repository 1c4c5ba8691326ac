import { hashRecoveryCode, matchTotpStep, type TenantTx, type UserError, userError } from '@meridian/kit';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { recoveryCodes, users } from '../db/schema.ts';
import type { IdentityServices } from '../services.ts';
import type { UserRow } from './user.ts';

/**
 * Checks a TOTP code against the user's confirmed secret (one step of drift either side) and records
 * its step, so the same code can't be replayed (RFC 6238 §5.2). The caller holds the user's row lock.
 */
export async function useTotpCode(
  tx: TenantTx,
  services: IdentityServices,
  user: UserRow,
  code: string,
): Promise<boolean> {
  if (!user.mfaSecret) return false;
  const step = matchTotpStep(services.secretBox.open(user.mfaSecret), code);
  if (step === null || step <= (user.mfaLastStep ?? -1)) return false;
  await tx.update(users).set({ mfaLastStep: step }).where(eq(users.id, user.id));
  return true;
}

/** Spends a recovery code: the conditional update makes it single use even under concurrent attempts. */
export async function useRecoveryCode(tx: TenantTx, user: UserRow, code: string): Promise<boolean> {
  const spent = await tx
    .update(recoveryCodes)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(recoveryCodes.userId, user.id),
        eq(recoveryCodes.codeHash, hashRecoveryCode(code)),
        isNull(recoveryCodes.usedAt),
      ),
    )
    .returning({ userId: recoveryCodes.userId });
  return spent.length === 1;
}

/** A second factor from either a TOTP code or a recovery code; null when it holds, else the error. */
export async function useSecondFactor(
  tx: TenantTx,
  services: IdentityServices,
  user: UserRow,
  input: { mfaCode?: string | null; recoveryCode?: string | null },
): Promise<UserError | null> {
  if (input.mfaCode) {
    return (await useTotpCode(tx, services, user, input.mfaCode))
      ? null
      : userError(['input', 'mfaCode'], 'INVALID_MFA_CODE', 'The code is wrong, expired or already used');
  }
  if (input.recoveryCode) {
    return (await useRecoveryCode(tx, user, input.recoveryCode))
      ? null
      : userError(['input', 'recoveryCode'], 'INVALID_RECOVERY_CODE', 'The recovery code is wrong or already used');
  }
  return userError(['input', 'mfaCode'], 'MFA_REQUIRED', 'A code from the authenticator app is required');
}
