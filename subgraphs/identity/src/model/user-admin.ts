import { notFound, type RequestContext, type TenantTx, type UserError, userError } from '@meridian/kit';
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { roles, sessions, userRoles, users } from '../db/schema.ts';
import { canGrant, permissionsOfUser, rolePermissions } from './access.ts';
import { audit, userSnapshot } from './audit.ts';
import { tenantDb } from './support.ts';
import type { UserRow } from './user.ts';

type UserResult = { user: UserRow | null; userErrors: UserError[] };

/**
 * Active owners other than `exceptUserId`: a tenant always keeps one, or nobody could administer it.
 * Locks the owner role row first, so two admins demoting each other at once are serialised and the
 * second one sees the first one's change.
 */
async function otherActiveOwners(tx: TenantTx, exceptUserId: string): Promise<number> {
  await tx
    .select({ id: roles.id })
    .from(roles)
    .where(and(eq(roles.key, 'owner'), eq(roles.builtIn, true)))
    .for('update');
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(
      and(eq(roles.key, 'owner'), eq(roles.builtIn, true), eq(users.status, 'active'), ne(users.id, exceptUserId)),
    );
  return rows.length;
}

async function isOwner(tx: TenantTx, userId: string): Promise<boolean> {
  const rows = await tx
    .select({ key: roles.key })
    .from(userRoles)
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(and(eq(userRoles.userId, userId), eq(roles.key, 'owner'), eq(roles.builtIn, true)));
  return rows.length > 0;
}

/** Revokes every active session of a user (deactivation, password reset, MFA reset). */
export async function revokeUserSessions(
  tx: TenantTx,
  userId: string,
  reason: string,
  options: { except?: string } = {},
): Promise<number> {
  const revoked = await tx
    .update(sessions)
    .set({ status: 'revoked', revokedAt: sql`now()`, revokedReason: reason })
    .where(
      and(
        eq(sessions.userId, userId),
        eq(sessions.status, 'active'),
        options.except ? ne(sessions.id, options.except) : undefined,
      ),
    )
    .returning({ id: sessions.id });
  return revoked.length;
}

export async function setUserStatus(
  ctx: RequestContext,
  id: string,
  status: 'active' | 'deactivated',
): Promise<UserResult> {
  const field = ['input', 'id'];
  return tenantDb(ctx).transaction(async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.id, id)).for('update');
    if (!before) throw notFound('User');
    if (!canGrant(ctx, await permissionsOfUser(tx, id))) {
      return { user: null, userErrors: [userError(field, 'NOT_ALLOWED', 'This user has permissions you do not hold')] };
    }
    if (status === 'deactivated') {
      if (ctx.actor.userId === id)
        return { user: null, userErrors: [userError(field, 'SELF', 'You cannot deactivate yourself')] };
      if ((await isOwner(tx, id)) && (await otherActiveOwners(tx, id)) === 0) {
        return {
          user: null,
          userErrors: [userError(field, 'LAST_OWNER', 'The tenant needs at least one active owner')],
        };
      }
    } else if (before.status !== 'deactivated') {
      return {
        user: null,
        userErrors: [userError(field, 'INVALID_STATE', 'Only a deactivated user can be reactivated')],
      };
    }
    if (before.status === status) return { user: before, userErrors: [] };
    const [user] = await tx
      .update(users)
      .set({
        status: status === 'active' && !before.passwordHash ? 'invited' : status,
        deactivatedAt: status === 'deactivated' ? sql`now()` : null,
        updatedAt: sql`now()`,
      })
      .where(eq(users.id, id))
      .returning();
    if (!user) throw notFound('User');
    if (status === 'deactivated') await revokeUserSessions(tx, id, 'user_deactivated');
    await audit(
      tx,
      ctx,
      status === 'deactivated' ? 'user.deactivate' : 'user.reactivate',
      { type: 'User', id },
      { before: userSnapshot(before), after: userSnapshot(user) },
    );
    return { user, userErrors: [] };
  });
}

export async function setUserRoles(
  ctx: RequestContext,
  input: { userId: string; roleIds: string[] },
): Promise<UserResult> {
  const roleIds = [...new Set(input.roleIds)];
  return tenantDb(ctx).transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, input.userId)).for('update');
    if (!user) throw notFound('User');
    const wanted = roleIds.length ? await tx.select().from(roles).where(inArray(roles.id, roleIds)) : [];
    if (wanted.length !== roleIds.length) throw notFound('Role');
    const current = await tx
      .select({ role: roles })
      .from(userRoles)
      .innerJoin(roles, eq(roles.id, userRoles.roleId))
      .where(eq(userRoles.userId, user.id));
    const had = new Set(current.map((c) => c.role.id));
    const added = wanted.filter((r) => !had.has(r.id));
    const removed = current.map((c) => c.role).filter((r) => !roleIds.includes(r.id));
    const touched = [...added, ...removed].flatMap(rolePermissions);
    if (!canGrant(ctx, touched)) {
      return {
        user: null,
        userErrors: [
          userError(
            ['input', 'roleIds'],
            'NOT_ALLOWED',
            'You may only grant or remove roles whose permissions you hold',
          ),
        ],
      };
    }
    const losesOwner = removed.some((r) => r.builtIn && r.key === 'owner');
    if (losesOwner && user.status === 'active' && (await otherActiveOwners(tx, user.id)) === 0) {
      return {
        user: null,
        userErrors: [userError(['input', 'roleIds'], 'LAST_OWNER', 'The tenant needs at least one active owner')],
      };
    }
    if (removed.length) {
      await tx.delete(userRoles).where(
        and(
          eq(userRoles.userId, user.id),
          inArray(
            userRoles.roleId,
            removed.map((r) => r.id),
          ),
        ),
      );
    }
    if (added.length) await tx.insert(userRoles).values(added.map((r) => ({ userId: user.id, roleId: r.id })));
    await audit(
      tx,
      ctx,
      'user.set_roles',
      { type: 'User', id: user.id },
      { before: { roles: current.map((c) => c.role.key).sort() }, after: { roles: wanted.map((r) => r.key).sort() } },
    );
    return { user, userErrors: [] };
  });
}
