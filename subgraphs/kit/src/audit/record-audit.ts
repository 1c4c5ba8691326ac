import { desc, sql } from 'drizzle-orm';
import type { RequestContext } from '../context/request-context.ts';
import { newId } from '../ids.ts';
import type { Tenant } from '../tenancy/tenant.ts';
import { bindingOf, type TenantTx } from '../tenancy/with-tenant.ts';
import { auditLog, auditPending } from './audit.schema.ts';
import { auditBodyAroundSeq, auditHash, genesisHash, toAuditJson } from './audit-hash.ts';

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

/** The kit tenant migration that chains records at commit (its trigger on `_audit_pending`, from 0005). */
const chainAtCommitMigration = '0006_audit_chain_at_commit';

/**
 * Appends one record to the tenant's audit trail, inside the caller's transaction: it commits or rolls
 * back with the change it describes. Needs READ COMMITTED (the default): records are chained under a
 * per-schema advisory lock, and the read of the last record after the lock must see what the previous
 * holder committed.
 *
 * The record waits in `_audit_pending` and a deferred trigger chains it into `_audit` (its `seq` and
 * hash) while the transaction commits (ADR 0020): concurrent mutations of a tenant queue on the lock only
 * for the length of a commit, and this is one INSERT that can go with the transaction's other writes.
 * Until the commit, the transaction's own records are not in `_audit` yet. A tenant whose schema is older
 * than that migration (it failed, or has not run yet) is chained at once, the way it was before.
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
  if (!chainsAtCommit(tx)) return chainNow(tx, record);
  const body = auditBodyAroundSeq(record);
  await tx.insert(auditPending).values({ ...record, bodyBeforeSeq: body.beforeSeq, bodyAfterSeq: body.afterSeq });
}

/** Whether the transaction's tenant schema has the migration (a binding without versions is a current one). */
function chainsAtCommit(tx: TenantTx): boolean {
  const kit = (bindingOf(tx) as Partial<Tenant> | undefined)?.schemaVersion?.kit;
  return kit === undefined || kit >= chainAtCommitMigration;
}

/**
 * The chain extended inside the transaction (schemas before migration 0006): the lock is held from here
 * to the commit. Remove with the contract step that requires every tenant at 0006 or later.
 */
async function chainNow(tx: TenantTx, record: Omit<Parameters<typeof auditHash>[1], 'seq'>): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('meridian.audit.' || current_schema()))`);
  const [last] = await tx
    .select({ seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .orderBy(desc(auditLog.seq))
    .limit(1);
  const chained = { ...record, seq: (last?.seq ?? 0) + 1 };
  const prevHash = last?.hash ?? genesisHash;
  await tx.insert(auditLog).values({ ...chained, prevHash, hash: auditHash(prevHash, chained) });
}
