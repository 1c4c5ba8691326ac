import { type AuditLogFilter, listAuditLog, type RequestContext, verifyAuditChain } from '@meridian/kit';
import { tenantDb } from './support.ts';

/** The tenant's audit trail, newest first, filtered. */
export function auditLogPage(ctx: RequestContext, filter: AuditLogFilter) {
  return tenantDb(ctx).transaction((tx) => listAuditLog(tx, filter));
}

/** Recomputes the tenant's hash chain and names the first record that does not hold. */
export function verifyTenantAuditChain(ctx: RequestContext) {
  return tenantDb(ctx).transaction((tx) => verifyAuditChain(tx));
}
