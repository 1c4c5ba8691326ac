import {
  allPermissions,
  type BuiltInRole,
  builtInRoles,
  hasPermission,
  isKnownPermission,
  type RequestContext,
  type TenantTx,
} from '@meridian/kit';
import { eq, inArray } from 'drizzle-orm';
import { roles, userRoles } from '../db/schema.ts';

export type RoleRow = typeof roles.$inferSelect;

/** A built-in role's permissions come from the registry, so an upgrade of the registry applies at once. */
export function rolePermissions(role: Pick<RoleRow, 'key' | 'builtIn' | 'permissions'>): string[] {
  if (role.builtIn) return [...(builtInRoles[role.key as BuiltInRole] ?? [])];
  return role.permissions;
}

/** Wildcards (`*`, `catalog:*`) as the concrete registry permissions they grant. */
export function expandPermissions(permissions: readonly string[]): string[] {
  const actor = { kind: 'user' as const, permissions: [...permissions] };
  return allPermissions.filter((p) => hasPermission(actor, p));
}

/**
 * Nobody hands out more than they hold: granting a role (or scopes to an API client) needs every
 * permission it carries, so an admin cannot make someone owner, nor a client with `accounting:post`.
 */
export function canGrant(ctx: RequestContext, permissions: readonly string[]): boolean {
  return expandPermissions(permissions).every((p) => hasPermission(ctx.actor, p));
}

export function unknownPermissions(permissions: readonly string[]): string[] {
  return permissions.filter((p) => !isKnownPermission(p));
}

/** Roles of each user, for `User.roles` and permission unions. */
export async function rolesOfUsers(tx: TenantTx, userIds: readonly string[]): Promise<Map<string, RoleRow[]>> {
  const byUser = new Map<string, RoleRow[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return byUser;
  const rows = await tx
    .select({ userId: userRoles.userId, role: roles })
    .from(userRoles)
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(inArray(userRoles.userId, [...userIds]))
    .orderBy(roles.key);
  for (const row of rows) byUser.get(row.userId)?.push(row.role);
  return byUser;
}

/** A user's permissions: the union of their roles' permissions, sorted. */
export function permissionsOf(roleRows: readonly RoleRow[]): string[] {
  return [...new Set(roleRows.flatMap(rolePermissions))].sort();
}

export async function permissionsOfUser(tx: TenantTx, userId: string): Promise<string[]> {
  const found = await rolesOfUsers(tx, [userId]);
  return permissionsOf(found.get(userId) ?? []);
}
