import { bigint, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { prefixedId } from '../ids.ts';

/** What a record says, the same in the trail and while it waits to be chained (new builders per table). */
const recordColumns = () => ({
  tenantId: text('tenant_id'),
  actorKind: text('actor_kind').notNull(),
  actorId: text('actor_id'),
  action: text('action').notNull(),
  entityType: text('entity_type').notNull(),
  entityId: text('entity_id'),
  before: jsonb('before'),
  after: jsonb('after'),
  requestId: text('request_id').notNull(),
  clientAddress: text('client_address'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

/**
 * The tenant's audit trail: one row per mutation, append-only for the tenant role (no UPDATE, DELETE or
 * TRUNCATE grant), hash-chained so an edit made around the role (by the schema owner) is detectable:
 * `hash = sha256(prev_hash + canonical JSON of the record)`, `seq` numbers the chain without gaps.
 */
export const auditLog = pgTable(
  '_audit',
  {
    id: prefixedId('aud', 'AuditRecord')('id').primaryKey(),
    seq: bigint('seq', { mode: 'number' }).notNull().unique(),
    ...recordColumns(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('_audit_entity_idx').on(t.entityType, t.entityId, t.seq),
    index('_audit_actor_idx').on(t.actorId, t.seq),
    index('_audit_action_idx').on(t.action, t.seq),
    index('_audit_created_at_idx').on(t.createdAt),
  ],
);

/**
 * Records written by a transaction that has not committed yet. A deferred trigger chains each into
 * `_audit` while the transaction commits (kit tenant migration 0006), under the same per-schema advisory lock as
 * before, so the tenant-wide wait lasts only the commit, not the rest of the transaction. The body
 * pieces are the canonical JSON of the record around its `seq`, which only the commit knows:
 * `hash = sha256(prev_hash + before_seq + seq + after_seq)` is computed in SQL and equals `auditHash`.
 */
export const auditPending = pgTable('_audit_pending', {
  id: prefixedId('aud', 'AuditRecord')('id').primaryKey(),
  ...recordColumns(),
  bodyBeforeSeq: text('body_before_seq').notNull(),
  bodyAfterSeq: text('body_after_seq').notNull(),
});
