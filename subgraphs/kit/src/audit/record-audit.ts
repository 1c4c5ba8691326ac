import type { RequestContext } from '../context/request-context.ts';
import { newId } from '../ids.ts';
import type { TenantTx } from '../tenancy/with-tenant.ts';
import { auditPending } from './audit.schema.ts';
import { auditBodyAroundSeq, toAuditJson } from './audit-hash.ts';

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
 * back with the change it describes. The record waits in `_audit_pending` and is chained into `_audit`
 * (its `seq` and hash) while the transaction commits, by a deferred trigger: concurrent mutations of a
 * tenant queue for the chain's head only for the length of a commit, and this is one INSERT that can
 * be sent at any point of the transaction. Until the commit, the transaction's own records are not in
 * `_audit` yet.
 */
export async function recordAudit(tx: TenantTx, ctx: AuditContext, entry: AuditEntry): Promise<void> {
  if (!/^[A-Za-z][\w.:-]{0,99}$/.test(entry.action)) throw new Error(`invalid audit action: ${entry.action}`);
  if (!/^[A-Za-z][\w.:-]{0,99}$/.test(entry.entityType)) {
    throw new Error(`invalid audit entity type: ${entry.entityType}`);
  }
  const record = {
    id: newId('aud'),
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
  const body = auditBodyAroundSeq(record);
  await tx.insert(auditPending).values({ ...record, bodyBeforeSeq: body.beforeSeq, bodyAfterSeq: body.afterSeq });
}
