import { forbidden, notFound, pageSize, type RequestContext, type UserError } from '@meridian/kit';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { sessions, users } from '../db/schema.ts';
import { canGrant, permissionsOfUser } from './access.ts';
import { audit } from './audit.ts';
import { actorCan, currentUserId, cursorId, page, tenantDb } from './support.ts';

export type SessionRow = typeof sessions.$inferSelect;

/** Active sessions of the caller, or of another user for holders of `users:read`. */
export async function listSessions(
  ctx: RequestContext,
  args: { userId?: string | null; first?: number | null; after?: string | null },
) {
  const self = currentUserId(ctx);
  const userId = args.userId ?? self;
  if (userId !== self && !actorCan(ctx, 'users:read')) throw notFound('User');
  const size = pageSize(args.first);
  const after = cursorId('ses', args.after);
  const rows = await tenantDb(ctx).transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId));
    if (!user) throw notFound('User');
    return tx
      .select()
      .from(sessions)
      .where(
        and(
          eq(sessions.userId, userId),
          eq(sessions.status, 'active'),
          gt(sessions.expiresAt, sql`now()`),
          after ? gt(sessions.id, after) : undefined,
        ),
      )
      .orderBy(asc(sessions.id))
      .limit(size + 1);
  });
  return page(rows, size);
}

/** Ends a session: your own, or anyone's with `users:write` (if you hold every permission they have). */
export async function revokeSession(
  ctx: RequestContext,
  input: { id: string },
): Promise<{ session: SessionRow | null; userErrors: UserError[] }> {
  const self = currentUserId(ctx);
  return tenantDb(ctx).transaction(async (tx) => {
    const [session] = await tx.select().from(sessions).where(eq(sessions.id, input.id)).for('update');
    if (!session) throw notFound('Session');
    if (session.userId !== self) {
      if (!actorCan(ctx, 'users:write')) throw notFound('Session');
      if (!canGrant(ctx, await permissionsOfUser(tx, session.userId))) {
        throw forbidden('You cannot end the sessions of someone with permissions you do not hold');
      }
    }
    if (session.status === 'revoked') return { session, userErrors: [] };
    const [revoked] = await tx
      .update(sessions)
      .set({ status: 'revoked', revokedAt: sql`now()`, revokedReason: 'revoked' })
      .where(eq(sessions.id, session.id))
      .returning();
    await audit(tx, ctx, 'session.revoke', { type: 'Session', id: session.id }, { after: { userId: session.userId } });
    return { session: revoked ?? session, userErrors: [] };
  });
}
