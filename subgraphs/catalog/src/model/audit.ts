import { type RequestContext, recordAudit, type TenantTx } from '@meridian/kit';
import { tenantDb } from './context.ts';

/** What a mutation changed, for its audit record. */
export interface AuditChange {
  entityId: string | null;
  before?: unknown;
  after?: unknown;
}

/** A mutation's result plus its audit change; `audit: null` when it changed nothing (an idempotent replay). */
export interface Audited<T> {
  result: T;
  audit: AuditChange | null;
}

/**
 * The transaction of every catalog mutation. Runs `work`, then appends the hash-chained audit record
 * (`action` on `entityType`, e.g. `product.update` on `Product`) as the transaction's last statement:
 * the record commits with the change or not at all, and the tenant-wide audit lock it takes is held
 * only for the commit. A Rejected (or any error) thrown by `work` rolls back both.
 */
export function auditedTransaction<T>(
  ctx: RequestContext,
  what: { action: string; entityType: string },
  work: (tx: TenantTx) => Promise<Audited<T>>,
): Promise<T> {
  return tenantDb(ctx).transaction(async (tx) => {
    const { result, audit } = await work(tx);
    if (audit) {
      await recordAudit(tx, ctx, {
        action: what.action,
        entityType: what.entityType,
        entityId: audit.entityId,
        ...(audit.before !== undefined ? { before: audit.before } : {}),
        ...(audit.after !== undefined ? { after: audit.after } : {}),
      });
    }
    return result;
  });
}

/** `{ result, audit }` for a replayed idempotent call: the first call's result, no new record. */
export const replayed = <T>(result: T): Audited<T> => ({ result, audit: null });
