import { notFound, pageSize, type RequestContext, type UserError } from '@meridian/kit';
import { and, asc, eq, gt, ilike, inArray, or, sql } from 'drizzle-orm';
import { type UserSettings, users } from '../db/schema.ts';
import { audit, userSnapshot } from './audit.ts';
import { actorCan, currentUserId, cursorId, page, tenantDb } from './support.ts';
import { canonicalLocale, checkLocale, checkName, checkTimeZone } from './validation.ts';

export type UserRow = typeof users.$inferSelect;
type UserResult = { user: UserRow | null; userErrors: UserError[] };

const userPrefix = 'usr';

/** Who may see whom: holders of `users:read` see everyone in the tenant, anyone else only themselves. */
function visible(ctx: RequestContext, id: string): boolean {
  return actorCan(ctx, 'users:read') || (ctx.actor.kind === 'user' && ctx.actor.userId === id);
}

export async function loadUsers(ctx: RequestContext, ids: readonly string[]): Promise<Map<string, UserRow>> {
  const allowed = ids.filter((id) => visible(ctx, id));
  if (allowed.length === 0) return new Map();
  const rows = await tenantDb(ctx).transaction((tx) => tx.select().from(users).where(inArray(users.id, allowed)));
  return new Map(rows.map((u) => [u.id, u]));
}

/** One user, or NOT_FOUND, which is also the answer for someone the caller may not see. */
export async function findUser(ctx: RequestContext, id: string): Promise<UserRow> {
  const user = (await loadUsers(ctx, [id])).get(id);
  if (!user) throw notFound('User');
  return user;
}

export async function me(ctx: RequestContext): Promise<UserRow | null> {
  if (ctx.actor.kind !== 'user' || !ctx.actor.userId || !ctx.db) return null;
  return (await loadUsers(ctx, [ctx.actor.userId])).get(ctx.actor.userId) ?? null;
}

export async function listUsers(
  ctx: RequestContext,
  args: {
    first?: number | null;
    after?: string | null;
    kind?: UserRow['kind'] | null;
    status?: UserRow['status'] | null;
    search?: string | null;
  },
) {
  const size = pageSize(args.first);
  const after = cursorId(userPrefix, args.after);
  const search = args.search?.trim().replace(/[\\%_]/g, (c) => `\\${c}`);
  const rows = await tenantDb(ctx).transaction((tx) =>
    tx
      .select()
      .from(users)
      .where(
        and(
          after ? gt(users.id, after) : undefined,
          args.kind ? eq(users.kind, args.kind) : undefined,
          args.status ? eq(users.status, args.status) : undefined,
          search ? or(ilike(users.email, `%${search}%`), ilike(users.name, `%${search}%`)) : undefined,
        ),
      )
      .orderBy(asc(users.id))
      .limit(size + 1),
  );
  return page(rows, size);
}

export interface ProfileInput {
  name?: string | null;
  locale?: string | null;
  timeZone?: string | null;
}

function checkProfile(input: ProfileInput): UserError[] {
  return [
    ...(input.name !== undefined && input.name !== null ? checkName(input.name, ['input', 'name']) : []),
    ...(input.locale ? checkLocale(input.locale, ['input', 'locale']) : []),
    ...(input.timeZone ? checkTimeZone(input.timeZone, ['input', 'timeZone']) : []),
  ];
}

async function writeProfile(ctx: RequestContext, id: string, input: ProfileInput, action: string) {
  const userErrors = checkProfile(input);
  if (userErrors.length > 0) return { user: null, userErrors };
  return tenantDb(ctx).transaction(async (tx): Promise<UserResult> => {
    const [before] = await tx.select().from(users).where(eq(users.id, id)).for('update');
    if (!before) throw notFound('User');
    const [user] = await tx
      .update(users)
      .set({
        ...(input.name !== undefined && input.name !== null ? { name: input.name.trim() } : {}),
        ...(input.locale ? { locale: canonicalLocale(input.locale) } : {}),
        ...(input.timeZone ? { timeZone: input.timeZone } : {}),
        updatedAt: sql`now()`,
      })
      .where(eq(users.id, id))
      .returning();
    if (!user) throw notFound('User');
    await audit(tx, ctx, action, { type: 'User', id }, { before: userSnapshot(before), after: userSnapshot(user) });
    return { user, userErrors: [] };
  });
}

export function updateMyProfile(ctx: RequestContext, input: ProfileInput) {
  return writeProfile(ctx, currentUserId(ctx), input, 'user.update_profile');
}

export function updateUser(ctx: RequestContext, input: ProfileInput & { id: string }) {
  return writeProfile(ctx, input.id, input, 'user.update');
}

export async function updateMySettings(ctx: RequestContext, input: UserSettings): Promise<UserResult> {
  const id = currentUserId(ctx);
  const changes = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined));
  return tenantDb(ctx).transaction(async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.id, id)).for('update');
    if (!before) throw notFound('User');
    const [user] = await tx
      .update(users)
      .set({ settings: { ...before.settings, ...changes }, updatedAt: sql`now()` })
      .where(eq(users.id, id))
      .returning();
    if (!user) throw notFound('User');
    await audit(
      tx,
      ctx,
      'user.update_settings',
      { type: 'User', id },
      { before: before.settings, after: user.settings },
    );
    return { user, userErrors: [] };
  });
}
