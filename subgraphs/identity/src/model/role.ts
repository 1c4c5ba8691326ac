import {
  builtInRoles,
  newId,
  notFound,
  pageSize,
  permissionRegistry,
  type RequestContext,
  type UserError,
  userError,
} from '@meridian/kit';
import { and, asc, count, eq, gt, inArray, sql } from 'drizzle-orm';
import { roles, userRoles } from '../db/schema.ts';
import { canGrant, type RoleRow, unknownPermissions } from './access.ts';
import { audit, roleSnapshot } from './audit.ts';
import { cursorId, page, tenantDb } from './support.ts';
import { checkName } from './validation.ts';

const rolePrefix = 'rol';
const keyPattern = /^[a-z][a-z0-9-]{1,39}$/;

export interface CreateRoleInput {
  key: string;
  name: string;
  description?: string | null;
  permissions: string[];
}

export interface UpdateRoleInput {
  id: string;
  name?: string | null;
  description?: string | null;
  permissions?: string[] | null;
}

type RoleResult = { role: RoleRow | null; userErrors: UserError[] };

/** The registry grouped by domain, for role editors. */
export function permissionGroups() {
  return Object.entries(permissionRegistry).map(([domain, permissions]) => ({ domain, permissions: [...permissions] }));
}

export async function listRoles(ctx: RequestContext, args: { first?: number | null; after?: string | null }) {
  const size = pageSize(args.first);
  const after = cursorId(rolePrefix, args.after);
  const rows = await tenantDb(ctx).transaction((tx) =>
    tx
      .select()
      .from(roles)
      .where(after ? gt(roles.id, after) : undefined)
      .orderBy(asc(roles.id))
      .limit(size + 1),
  );
  return page(rows, size);
}

export async function loadRoles(ctx: RequestContext, ids: readonly string[]): Promise<Map<string, RoleRow>> {
  const rows = await tenantDb(ctx).transaction((tx) =>
    tx
      .select()
      .from(roles)
      .where(inArray(roles.id, [...ids])),
  );
  return new Map(rows.map((r) => [r.id, r]));
}

export async function findRole(ctx: RequestContext, id: string): Promise<RoleRow> {
  const role = (await loadRoles(ctx, [id])).get(id);
  if (!role) throw notFound('Role');
  return role;
}

function checkPermissions(ctx: RequestContext, permissions: string[]): UserError[] {
  const field = ['input', 'permissions'];
  const unknown = unknownPermissions(permissions);
  if (unknown.length > 0) return [userError(field, 'UNKNOWN_PERMISSION', `Unknown permission: ${unknown.join(', ')}`)];
  if (permissions.some((p) => p.startsWith('platform:'))) {
    return [userError(field, 'UNKNOWN_PERMISSION', 'Platform permissions cannot be given to a tenant role')];
  }
  if (!canGrant(ctx, permissions)) {
    return [userError(field, 'NOT_ALLOWED', 'A role may only carry permissions you hold yourself')];
  }
  return [];
}

export async function createRole(ctx: RequestContext, input: CreateRoleInput): Promise<RoleResult> {
  const key = input.key.trim().toLowerCase();
  const userErrors: UserError[] = [];
  if (!keyPattern.test(key)) {
    userErrors.push(userError(['input', 'key'], 'INVALID', 'Use 2-40 lowercase letters, digits or dashes'));
  } else if (key in builtInRoles) {
    userErrors.push(userError(['input', 'key'], 'TAKEN', 'That key belongs to a built-in role'));
  }
  userErrors.push(...checkName(input.name, ['input', 'name'], { required: true }));
  if ((input.description ?? '').length > 1000) {
    userErrors.push(userError(['input', 'description'], 'TOO_LONG', 'At most 1000 characters'));
  }
  const permissions = [...new Set(input.permissions)].sort();
  userErrors.push(...checkPermissions(ctx, permissions));
  if (userErrors.length > 0) return { role: null, userErrors };
  return tenantDb(ctx).transaction(async (tx) => {
    const [role] = await tx
      .insert(roles)
      .values({
        id: newId(rolePrefix),
        key,
        name: input.name.trim(),
        description: input.description?.trim() ?? '',
        permissions,
      })
      .onConflictDoNothing({ target: roles.key })
      .returning();
    if (!role) return { role: null, userErrors: [userError(['input', 'key'], 'TAKEN', 'A role with this key exists')] };
    await audit(tx, ctx, 'role.create', { type: 'Role', id: role.id }, { after: roleSnapshot(role) });
    return { role, userErrors: [] };
  });
}

export async function updateRole(ctx: RequestContext, input: UpdateRoleInput): Promise<RoleResult> {
  const userErrors: UserError[] = [];
  if (input.name !== undefined && input.name !== null) {
    userErrors.push(...checkName(input.name, ['input', 'name'], { required: true }));
  }
  if ((input.description ?? '').length > 1000) {
    userErrors.push(userError(['input', 'description'], 'TOO_LONG', 'At most 1000 characters'));
  }
  const permissions = input.permissions ? [...new Set(input.permissions)].sort() : undefined;
  if (permissions) userErrors.push(...checkPermissions(ctx, permissions));
  return tenantDb(ctx).transaction(async (tx) => {
    const [before] = await tx.select().from(roles).where(eq(roles.id, input.id)).for('update');
    if (!before) throw notFound('Role');
    if (before.builtIn) {
      userErrors.push(userError(['input', 'id'], 'BUILT_IN', 'Built-in roles cannot be changed; create a custom role'));
    } else if (!canGrant(ctx, before.permissions)) {
      userErrors.push(userError(['input', 'id'], 'NOT_ALLOWED', 'This role carries permissions you do not hold'));
    }
    if (userErrors.length > 0) return { role: null, userErrors };
    const [role] = await tx
      .update(roles)
      .set({
        ...(input.name ? { name: input.name.trim() } : {}),
        ...(input.description !== undefined && input.description !== null
          ? { description: input.description.trim() }
          : {}),
        ...(permissions ? { permissions } : {}),
        updatedAt: sql`now()`,
      })
      .where(eq(roles.id, input.id))
      .returning();
    if (!role) throw notFound('Role');
    await audit(
      tx,
      ctx,
      'role.update',
      { type: 'Role', id: role.id },
      { before: roleSnapshot(before), after: roleSnapshot(role) },
    );
    return { role, userErrors: [] };
  });
}

export async function deleteRole(
  ctx: RequestContext,
  input: { id: string },
): Promise<{ deletedRoleId: string | null; userErrors: UserError[] }> {
  return tenantDb(ctx).transaction(async (tx) => {
    const [role] = await tx.select().from(roles).where(eq(roles.id, input.id)).for('update');
    if (!role) throw notFound('Role');
    if (role.builtIn) {
      return { deletedRoleId: null, userErrors: [userError(['input', 'id'], 'BUILT_IN', 'Built-in roles stay')] };
    }
    if (!canGrant(ctx, role.permissions)) {
      return {
        deletedRoleId: null,
        userErrors: [userError(['input', 'id'], 'NOT_ALLOWED', 'This role carries permissions you do not hold')],
      };
    }
    const [holders] = await tx.select({ n: count() }).from(userRoles).where(eq(userRoles.roleId, role.id));
    if ((holders?.n ?? 0) > 0) {
      return {
        deletedRoleId: null,
        userErrors: [userError(['input', 'id'], 'ROLE_IN_USE', `${holders?.n} user(s) still have this role`)],
      };
    }
    await tx.delete(roles).where(and(eq(roles.id, role.id), eq(roles.builtIn, false)));
    await audit(tx, ctx, 'role.delete', { type: 'Role', id: role.id }, { before: roleSnapshot(role) });
    return { deletedRoleId: role.id, userErrors: [] };
  });
}
