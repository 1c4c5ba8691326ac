import {
  hashPassword,
  newId,
  notFound,
  type RequestContext,
  type Tenant,
  type TenantTx,
  type UserError,
  userError,
} from '@meridian/kit';
import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import { roles, userRoles, users, userTokens } from '../db/schema.ts';
import type { IdentityServices } from '../services.ts';
import { canGrant, type RoleRow, rolePermissions } from './access.ts';
import { audit, userSnapshot } from './audit.ts';
import { invitationMail } from './mail.ts';
import { checkNewPassword } from './password.ts';
import { type AuthResult, authFailure, openSession } from './session-tokens.ts';
import { days, later, randomToken, sha256Hex, tenantDb, tenantOf } from './support.ts';
import type { UserRow } from './user.ts';
import { canonicalLocale, checkEmail, checkLocale, checkName, normaliseEmail } from './validation.ts';

const invitationLifetime = days(7);

export interface InviteUserInput {
  email: string;
  name?: string | null;
  roleIds: string[];
  locale?: string | null;
}

interface Invitation {
  user: UserRow;
  token: string;
  expiresAt: Date;
}

/** A fresh invitation token for a user (earlier ones stop working). */
async function issueInvitationToken(tx: TenantTx, userId: string): Promise<{ token: string; expiresAt: Date }> {
  await tx
    .update(userTokens)
    .set({ usedAt: sql`now()` })
    .where(and(eq(userTokens.userId, userId), eq(userTokens.purpose, 'invitation'), isNull(userTokens.usedAt)));
  const token = randomToken('miv');
  const expiresAt = later(invitationLifetime);
  await tx.insert(userTokens).values({ tokenHash: sha256Hex(token), userId, purpose: 'invitation', expiresAt });
  return { token, expiresAt };
}

/** Creates an invited staff member with roles, in the caller's transaction. Null when the email is taken. */
export async function createInvitedUser(
  tx: TenantTx,
  ctx: RequestContext,
  input: { email: string; name: string; locale: string; roles: RoleRow[] },
): Promise<Invitation | null> {
  const [user] = await tx
    .insert(users)
    .values({
      id: newId('usr'),
      email: input.email,
      name: input.name,
      kind: 'staff',
      status: 'invited',
      locale: input.locale,
    })
    .onConflictDoNothing({ target: users.email })
    .returning();
  if (!user) return null;
  if (input.roles.length)
    await tx.insert(userRoles).values(input.roles.map((r) => ({ userId: user.id, roleId: r.id })));
  const { token, expiresAt } = await issueInvitationToken(tx, user.id);
  await audit(
    tx,
    ctx,
    'user.invite',
    { type: 'User', id: user.id },
    {
      after: { ...userSnapshot(user), roles: input.roles.map((r) => r.key) },
    },
  );
  return { user, token, expiresAt };
}

/** Sends the invitation; a failure is reported, not thrown: the user exists and can be re-invited. */
export async function sendInvitation(
  ctx: RequestContext,
  services: IdentityServices,
  tenant: Tenant,
  invitation: Invitation,
): Promise<UserError[]> {
  const link = services.links.invitation(tenant, invitation.token);
  try {
    await services.mailer.send(invitationMail(tenant, invitation.user.email, link, invitation.expiresAt));
    return [];
  } catch (error) {
    ctx.log.error({ err: error, userId: invitation.user.id }, 'invitation mail failed');
    return [userError(null, 'EMAIL_NOT_SENT', 'The user was created but the invitation could not be sent; resend it')];
  }
}

export async function inviteUser(
  ctx: RequestContext,
  services: IdentityServices,
  input: InviteUserInput,
): Promise<{ user: UserRow | null; userErrors: UserError[] }> {
  const userErrors = [
    ...checkEmail(input.email, ['input', 'email']),
    ...checkName(input.name ?? '', ['input', 'name']),
    ...(input.locale ? checkLocale(input.locale, ['input', 'locale']) : []),
  ];
  if (userErrors.length > 0) return { user: null, userErrors };
  const tenant = tenantOf(ctx);
  const roleIds = [...new Set(input.roleIds)];
  const outcome = await tenantDb(ctx).transaction(async (tx) => {
    const granted = roleIds.length ? await tx.select().from(roles).where(inArray(roles.id, roleIds)) : [];
    if (granted.length !== roleIds.length) throw notFound('Role');
    if (!canGrant(ctx, granted.flatMap(rolePermissions))) {
      return userError(['input', 'roleIds'], 'NOT_ALLOWED', 'You may only grant roles whose permissions you hold');
    }
    const invitation = await createInvitedUser(tx, ctx, {
      email: normaliseEmail(input.email),
      name: input.name?.trim() ?? '',
      locale: input.locale ? canonicalLocale(input.locale) : 'en',
      roles: granted,
    });
    return invitation ?? userError(['input', 'email'], 'EMAIL_TAKEN', 'Someone in this tenant already uses this email');
  });
  if (!('user' in outcome)) return { user: null, userErrors: [outcome] };
  return { user: outcome.user, userErrors: await sendInvitation(ctx, services, tenant, outcome) };
}

export async function resendInvitation(
  ctx: RequestContext,
  services: IdentityServices,
  input: { userId: string },
): Promise<{ user: UserRow | null; userErrors: UserError[] }> {
  const tenant = tenantOf(ctx);
  const outcome = await tenantDb(ctx).transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, input.userId)).for('update');
    if (!user) throw notFound('User');
    if (user.status !== 'invited') {
      return userError(['input', 'userId'], 'INVALID_STATE', 'Only a user who has not accepted yet can be re-invited');
    }
    const { token, expiresAt } = await issueInvitationToken(tx, user.id);
    await audit(tx, ctx, 'user.resend_invitation', { type: 'User', id: user.id });
    return { user, token, expiresAt };
  });
  if (!('user' in outcome)) return { user: null, userErrors: [outcome] };
  return { user: outcome.user, userErrors: await sendInvitation(ctx, services, tenant, outcome) };
}

/** The invited person picks a name and password with the emailed token, and is signed in. */
export async function acceptInvitation(
  ctx: RequestContext,
  services: IdentityServices,
  input: { token: string; name: string; password: string },
): Promise<AuthResult> {
  const nameErrors = checkName(input.name, ['input', 'name'], { required: true });
  if (nameErrors.length > 0) return authFailure(...nameErrors);
  const invalid = authFailure(
    userError(['input', 'token'], 'INVALID_TOKEN', 'This invitation is invalid or has expired'),
  );
  const tokenHash = sha256Hex(input.token);
  const db = tenantDb(ctx);
  const [pending] = await db.transaction((tx) =>
    tx
      .select({ user: users })
      .from(userTokens)
      .innerJoin(users, eq(users.id, userTokens.userId))
      .where(
        and(
          eq(userTokens.tokenHash, tokenHash),
          eq(userTokens.purpose, 'invitation'),
          isNull(userTokens.usedAt),
          gt(userTokens.expiresAt, sql`now()`),
        ),
      ),
  );
  if (pending?.user.status !== 'invited') return invalid;
  const passwordErrors = checkNewPassword(input.password, ['input', 'password'], {
    email: pending.user.email,
    name: input.name,
  });
  if (passwordErrors.length > 0) return authFailure(...passwordErrors);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [spent] = await tx
      .update(userTokens)
      .set({ usedAt: sql`now()` })
      .where(and(eq(userTokens.tokenHash, tokenHash), isNull(userTokens.usedAt), gt(userTokens.expiresAt, sql`now()`)))
      .returning({ userId: userTokens.userId });
    if (!spent) return invalid;
    const [user] = await tx
      .update(users)
      .set({
        name: input.name.trim(),
        passwordHash,
        passwordChangedAt: sql`now()`,
        status: 'active',
        updatedAt: sql`now()`,
      })
      .where(and(eq(users.id, spent.userId), eq(users.status, 'invited')))
      .returning();
    if (!user) return invalid;
    await audit(
      tx,
      ctx,
      'user.accept_invitation',
      { type: 'User', id: user.id },
      {
        before: userSnapshot(pending.user),
        after: userSnapshot(user),
      },
    );
    return openSession(tx, ctx, services, user, { mfa: false, method: 'invitation' });
  });
}
