import { createHash } from 'node:crypto';

/** The `prev_hash` of a chain's first record. */
export const genesisHash = '0'.repeat(64);

/** What the hash covers: every column but `hash` and `prev_hash` (which is chained in front). */
export interface HashedAuditFields {
  id: string;
  seq: number;
  tenantId: string | null;
  actorKind: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  requestId: string;
  clientAddress: string | null;
  createdAt: Date;
}

/**
 * JSON with object keys sorted at every level and no whitespace, so the same value always gives the
 * same text — in particular after a round trip through jsonb, which reorders keys.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function auditHash(prevHash: string, record: HashedAuditFields): string {
  const body = canonicalJson({ ...record, createdAt: record.createdAt.toISOString() });
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}

/**
 * The canonical JSON of a record around its `seq`, which is only known when the record is chained at
 * commit: `beforeSeq + seq + afterSeq` is the text `auditHash` hashes. Keys are sorted, so `seq` sits
 * between the keys below and above it.
 */
export function auditBodyAroundSeq(record: Omit<HashedAuditFields, 'seq'>): { beforeSeq: string; afterSeq: string } {
  const fields = Object.entries({ ...record, createdAt: record.createdAt.toISOString() });
  // Each half is canonical JSON of its own: `{…}` without its closing brace, and without its opening one.
  const below = canonicalJson(Object.fromEntries(fields.filter(([key]) => key < 'seq'))).slice(0, -1);
  const above = canonicalJson(Object.fromEntries(fields.filter(([key]) => key > 'seq'))).slice(1);
  return {
    beforeSeq: `${below}${below === '{' ? '' : ','}"seq":`,
    afterSeq: `${above === '}' ? '' : ','}${above}`,
  };
}

// Secrets never enter the trail, whatever a caller passes as before/after.
const secretKey = /(password|secret|token|privatekey|recoverycode)/i;

/**
 * Turns before/after into the JSON that jsonb stores and gives back unchanged: dates become ISO strings,
 * bigints decimal strings, undefined disappears, NUL characters (refused by jsonb) become U+FFFD, and
 * values under secret-looking keys become "[redacted]".
 */
export function toAuditJson(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  const text = JSON.stringify(value, (key, v: unknown) => {
    if (key && secretKey.test(key.replace(/[^a-z]/gi, ''))) return '[redacted]';
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'string') return v.replaceAll('\u0000', '\uFFFD');
    return v;
  });
  return text === undefined ? null : JSON.parse(text);
}
