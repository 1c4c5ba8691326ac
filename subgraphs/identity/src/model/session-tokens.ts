import { newId, type RequestContext, signAccessTokenWith, type TenantTx, type UserError } from '@meridian/kit';
import { eq, sql } from 'drizzle-orm';
import { refreshTokens, sessions, users } from '../db/schema.ts';
import type { IdentityServices } from '../services.ts';
import { permissionsOfUser } from './access.ts';
import { audit } from './audit.ts';
import { readPolicy, type SecurityPolicy } from './policy.ts';
import { days, later, randomToken, sha256Hex, tenantOf } from './support.ts';
import type { UserRow } from './user.ts';

/** Access tokens live ten minutes: revocation (sign-out, deactivation) takes effect within that time. */
export const accessTokenSeconds = 600;
/** A refresh token unused this long expires; a session ends after its lifetime whatever happens. */
const refreshTokenLifetime = days(14);
const sessionLifetime = days(30);

export interface AuthTokens {
  tokenType: 'Bearer';
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  sessionId: string;
}

/** What sign-in, refresh, invitation acceptance and sign-up answer. */
export interface AuthResult {
  tokens: AuthTokens | null;
  mfaRequired: boolean;
  mfaEnrolmentRequired: boolean;
  userErrors: UserError[];
}

export const authFailure = (...userErrors: UserError[]): AuthResult => ({
  tokens: null,
  mfaRequired: false,
  mfaEnrolmentRequired: false,
  userErrors,
});

type SessionRow = typeof sessions.$inferSelect;

/**
 * Staff of a tenant that requires MFA get no permissions until their session has proven a second
 * factor: with such a token they can only read themselves and enrol.
 */
function mustEnrolFirst(user: UserRow, policy: SecurityPolicy, sessionMfa: boolean): boolean {
  return user.kind === 'staff' && policy.requireMfaForStaff && !sessionMfa;
}

/** A new refresh token for the session; only its hash is stored. */
async function newRefreshToken(tx: TenantTx, session: SessionRow): Promise<{ token: string; expiresAt: Date }> {
  const token = randomToken('mrt');
  const expiresAt = new Date(Math.min(Date.now() + refreshTokenLifetime, session.expiresAt.getTime()));
  await tx.insert(refreshTokens).values({ tokenHash: sha256Hex(token), sessionId: session.id, expiresAt });
  return { token, expiresAt };
}

/** Access + refresh tokens for a session, with the user's current permissions. */
export async function tokensFor(
  tx: TenantTx,
  ctx: RequestContext,
  services: IdentityServices,
  user: UserRow,
  session: SessionRow,
): Promise<AuthResult> {
  const policy = await readPolicy(tx);
  const restricted = mustEnrolFirst(user, policy, session.mfa);
  const permissions = restricted ? [] : await permissionsOfUser(tx, user.id);
  const refresh = await newRefreshToken(tx, session);
  const accessToken = await signAccessTokenWith(
    services.signingKeys,
    {
      tenantId: tenantOf(ctx).id,
      actor: {
        kind: 'user',
        userId: user.id,
        sessionId: session.id,
        permissions,
        mfa: session.mfa,
        // Read at every refresh: a changed group reaches the shopper's prices within one token lifetime.
        ...(user.kind === 'customer' && user.customerGroup ? { customerGroup: user.customerGroup } : {}),
      },
    },
    { expiresIn: `${accessTokenSeconds}s` },
  );
  return {
    tokens: {
      tokenType: 'Bearer',
      accessToken,
      accessTokenExpiresAt: later(accessTokenSeconds * 1000),
      refreshToken: refresh.token,
      refreshTokenExpiresAt: refresh.expiresAt,
      sessionId: session.id,
    },
    mfaRequired: false,
    mfaEnrolmentRequired: restricted,
    userErrors: [],
  };
}

/** Starts a session (one refresh-token family) for a user who has just proven who they are. */
export async function openSession(
  tx: TenantTx,
  ctx: RequestContext,
  services: IdentityServices,
  user: UserRow,
  options: { mfa: boolean; method: string },
): Promise<AuthResult> {
  const [session] = await tx
    .insert(sessions)
    .values({
      id: newId('ses'),
      userId: user.id,
      mfa: options.mfa,
      clientAddress: ctx.clientAddress ?? null,
      expiresAt: later(sessionLifetime),
    })
    .returning();
  if (!session) throw new Error('session insert returned nothing');
  await tx.update(users).set({ lastSignInAt: sql`now()` }).where(eq(users.id, user.id));
  const result = await tokensFor(tx, ctx, services, user, session);
  // Last: the audit lock is held until commit, so the trail's queue stays short.
  await audit(
    tx,
    ctx,
    'session.create',
    { type: 'Session', id: session.id },
    { after: { userId: user.id, method: options.method, mfa: options.mfa } },
  );
  return result;
}
