import { type RequestContext, recordAudit, type TenantTx } from '@meridian/kit';
import type { apiClients, users } from '../db/schema.ts';
import { type RoleRow, rolePermissions } from './access.ts';

type UserRow = typeof users.$inferSelect;
type ApiClientRow = typeof apiClients.$inferSelect;

/** One audit record in the caller's transaction: it commits with the change or not at all. */
export function audit(
  tx: TenantTx,
  ctx: RequestContext,
  action: string,
  entity: { type: string; id: string | null },
  change: { before?: unknown; after?: unknown } = {},
): Promise<void> {
  return recordAudit(tx, ctx, {
    action,
    entityType: entity.type,
    entityId: entity.id,
    ...(change.before !== undefined ? { before: change.before } : {}),
    ...(change.after !== undefined ? { after: change.after } : {}),
  });
}

// Snapshots name what changed and never carry secrets (hashes, sealed MFA secrets).

export function userSnapshot(user: UserRow) {
  return {
    email: user.email,
    name: user.name,
    kind: user.kind,
    status: user.status,
    locale: user.locale,
    timeZone: user.timeZone,
    settings: user.settings,
    customerGroup: user.customerGroup,
    mfaEnabled: user.mfaSecret !== null,
  };
}

export function roleSnapshot(role: RoleRow) {
  return { key: role.key, name: role.name, description: role.description, permissions: rolePermissions(role) };
}

export function apiClientSnapshot(client: ApiClientRow) {
  return { name: client.name, scopes: client.scopes, status: client.status, secretHint: client.secretHint };
}
