import { desc, sql } from 'drizzle-orm';
import type { RequestContext } from '../context/request-context.ts';
import { newId } from '../ids.ts';
import type { TenantTx } from '../tenancy/with-tenant.ts';
import { auditLog } from './audit.schema.ts';
import { auditHash, genesisHash, toAuditJson } from './audit-hash.ts';

export interface AuditEntry {
  /** `<domain>.<verb>` in the past-tense-free form the API uses, e.g. `user.invite`, `product.update`. */
  action: string;
  /** The GraphQL type of what changed, e.g. `User`, `Product`. */
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
}

/** What recordAudit reads from the request (a RequestContext has it all; event handlers can build one). */
export type AuditContext = Pick<RequestContext, 'requestId' | 'actor' | 'clientAddress'> & {
  tenant: { id: string } | null;
};

/**
 * Appends one record to the tenant's audit trail, inside the caller's transaction: it commits or rolls
 * back with the change it describes. Records are chained under a transaction-level advisory lock per
 * tenant schema, held until the caller commits, so concurrent mutations queue here: call it as the
 * last statement of the transaction to keep that wait short. Needs READ COMMITTED (the default), so the
 * read after the lock sees the record the previous holder committed.
 */
export async function recordAudit(tx: TenantTx, ctx: AuditContext, entry: AuditEntry): Promise<void> {
  if (!/^[A-Za-z][\w.:-]{0,99}$/.test(entry.action)) throw new Error(`invalid audit action: ${entry.action}`);
  if (!/^[A-Za-z][\w.:-]{0,99}$/.test(entry.entityType)) {
    throw new Error(`invalid audit entity type: ${entry.entityType}`);
  }
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('meridian.audit.' || current_schema()))`);
  const [last] = await tx
    .select({ seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .orderBy(desc(auditLog.seq))
    .limit(1);
  const record = {
    id: newId('aud'),
    seq: (last?.seq ?? 0) + 1,
    tenantId: ctx.tenant?.id ?? null,
    actorKind: ctx.actor.kind,
    actorId: ctx.actor.userId ?? ctx.actor.clientId ?? null,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before: toAuditJson(entry.before),
    after: toAuditJson(entry.after),
    requestId: ctx.requestId,
    clientAddress: ctx.clientAddress ?? null,
    createdAt: new Date(),
  };
  const prevHash = last?.hash ?? genesisHash;
  await tx.insert(auditLog).values({ ...record, prevHash, hash: auditHash(prevHash, record) });
}
