import { and, eq } from 'drizzle-orm';
import type { TenantTx } from '../tenancy/with-tenant.ts';
import { idempotencyKeys } from './idempotency.schema.ts';

/**
 * Claims `key` for `operation` in the caller's transaction. Returns null when the key is new (go on,
 * then call `recordIdempotentResult`), or the id the first call produced. A concurrent call with the
 * same key waits on the first one's row lock and then sees its result; a rolled-back first call frees
 * the key.
 */
export async function previousResult(
  tx: TenantTx,
  operation: string,
  key: string | null | undefined,
): Promise<string | null> {
  if (!key) return null;
  const inserted = await tx
    .insert(idempotencyKeys)
    .values({ operation, key, resultId: '' })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (inserted.length > 0) return null;
  const [row] = await tx
    .select({ resultId: idempotencyKeys.resultId })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.operation, operation), eq(idempotencyKeys.key, key)));
  return row?.resultId || null;
}

export async function recordIdempotentResult(
  tx: TenantTx,
  operation: string,
  key: string | null | undefined,
  resultId: string,
): Promise<void> {
  if (!key) return;
  await tx
    .update(idempotencyKeys)
    .set({ resultId })
    .where(and(eq(idempotencyKeys.operation, operation), eq(idempotencyKeys.key, key)));
}

/** Whether `key` was already used for `operation` (a read; the claim itself happens in the writing transaction). */
export async function idempotencyKeyUsed(
  tx: TenantTx,
  operation: string,
  key: string | null | undefined,
): Promise<boolean> {
  if (!key) return false;
  const [row] = await tx
    .select({ key: idempotencyKeys.key })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.operation, operation), eq(idempotencyKeys.key, key)));
  return Boolean(row);
}
