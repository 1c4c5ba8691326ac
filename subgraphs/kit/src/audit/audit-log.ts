import { and, asc, desc, eq, gt, gte, lt, type SQL } from 'drizzle-orm';
import { badUserInput } from '../errors.ts';
import { type Connection, pageSize, toConnection } from '../graphql/connection.ts';
import type { TenantTx } from '../tenancy/with-tenant.ts';
import { auditLog } from './audit.schema.ts';
import { auditHash, genesisHash } from './audit-hash.ts';

export type AuditRecord = typeof auditLog.$inferSelect;

export interface AuditLogFilter {
  first?: number | null;
  /** A cursor from a previous page. */
  after?: string | null;
  action?: string | null;
  entityType?: string | null;
  entityId?: string | null;
  actorId?: string | null;
  /** Inclusive lower bound on the time of the record. */
  from?: Date | null;
  /** Exclusive upper bound. */
  to?: Date | null;
}

const cursorPrefix = 'audit:';

function encodeCursor(seq: number): string {
  return Buffer.from(`${cursorPrefix}${seq}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const seq = Number(text.slice(cursorPrefix.length));
  if (!text.startsWith(cursorPrefix) || !Number.isSafeInteger(seq) || seq < 1) {
    throw badUserInput('after is not a cursor of this list', 'after');
  }
  return seq;
}

/** The tenant's audit trail, newest first, as a Relay connection. */
export async function listAuditLog(tx: TenantTx, filter: AuditLogFilter = {}): Promise<Connection<AuditRecord>> {
  const size = pageSize(filter.first);
  const conditions: SQL[] = [];
  if (filter.after) conditions.push(lt(auditLog.seq, decodeCursor(filter.after)));
  if (filter.action) conditions.push(eq(auditLog.action, filter.action));
  if (filter.entityType) conditions.push(eq(auditLog.entityType, filter.entityType));
  if (filter.entityId) conditions.push(eq(auditLog.entityId, filter.entityId));
  if (filter.actorId) conditions.push(eq(auditLog.actorId, filter.actorId));
  if (filter.from) conditions.push(gte(auditLog.createdAt, filter.from));
  if (filter.to) conditions.push(lt(auditLog.createdAt, filter.to));
  const rows = await tx
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.seq))
    .limit(size + 1);
  return toConnection(rows.slice(0, size), {
    hasNextPage: rows.length > size,
    hasPreviousPage: Boolean(filter.after),
    cursorOf: (row) => encodeCursor(row.seq),
  });
}

export interface AuditChainReport {
  ok: boolean;
  /** Records read, up to and including the first broken one. */
  checked: number;
  /** The first record whose hash, link to its predecessor or position does not hold. */
  firstBrokenId: string | null;
}

const batch = 1000;

/**
 * Recomputes the chain from the first record: each record's hash must match its content and its
 * predecessor's hash, and positions must run 1, 2, 3 … without a gap (a deleted record breaks the next).
 * Cannot tell that the newest records were removed, or that the whole chain was rewritten; that needs
 * the head hash kept somewhere else.
 */
export async function verifyAuditChain(tx: TenantTx): Promise<AuditChainReport> {
  let prevHash = genesisHash;
  let expectedSeq = 1;
  let checked = 0;
  for (;;) {
    const rows = await tx
      .select()
      .from(auditLog)
      .where(gt(auditLog.seq, expectedSeq - 1))
      .orderBy(asc(auditLog.seq))
      .limit(batch);
    for (const row of rows) {
      checked++;
      const { hash, prevHash: storedPrev, ...fields } = row;
      if (row.seq !== expectedSeq || storedPrev !== prevHash || auditHash(prevHash, fields) !== hash) {
        return { ok: false, checked, firstBrokenId: row.id };
      }
      prevHash = hash;
      expectedSeq++;
    }
    if (rows.length < batch) return { ok: true, checked, firstBrokenId: null };
  }
}
