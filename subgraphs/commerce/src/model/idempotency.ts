import type { TenantTx } from '@meridian/kit';
import { and, eq } from 'drizzle-orm';
import { idempotencyKeys } from '../db/schema.ts';

/**
 * Claims `key` for `operation` in the caller's transaction. Returns null when the key is new (go on, then
 * call `recordIdempotentResult`), or the id the first call produced. A concurrent call with the same key
 * waits on the first one's row lock and then sees its result; a rolled-back first call frees the key.
 */
export async function previousResult(tx: TenantTx, operation: string, key: string | null | undefined) {
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
