import { errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify, SignJWT } from 'jose';
import type { ContextKeys } from '../context/keys.ts';
import type { Actor } from '../context/request-context.ts';
import { unauthenticated } from '../errors.ts';
import type { SigningKeyStore } from '../security/signing-keys.ts';

/**
 * Access tokens that callers present to the gateway (`Authorization: Bearer …`). Short-lived,
 * EdDSA-signed, naming the tenant, the actor and its permissions. Identity signs them; the gateway
 * verifies them and turns them into the internal context.
 */
export interface AccessClaims {
  /** `ten_…`, or null for a platform operator. */
  tenantId: string | null;
  actor: Actor;
}

const issuer = 'meridian';
const audience = 'meridian-api';

export async function signAccessToken(
  keys: ContextKeys,
  claims: AccessClaims,
  options: { expiresIn?: string } = {},
): Promise<string> {
  if (!keys.privateKey) throw new Error('this process has no access-token signing key');
  const subject = claims.actor.userId ?? claims.actor.clientId ?? 'anonymous';
  return new SignJWT({
    tid: claims.tenantId,
    kind: claims.actor.kind,
    perm: claims.actor.permissions,
    ...(claims.actor.sessionId ? { sid: claims.actor.sessionId } : {}),
    ...(claims.actor.mfa ? { amr: ['pwd', 'otp'] } : {}),
    ...(claims.actor.customerGroup ? { grp: claims.actor.customerGroup } : {}),
  })
    .setProtectedHeader({ alg: 'EdDSA', kid: keys.kid, typ: 'at+jwt' })
    .setIssuer(issuer)
    .setAudience(audience)
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '10m')
    .sign(keys.privateKey);
}

const verifyOptions = { issuer, audience, algorithms: ['EdDSA'], typ: 'at+jwt' };

export async function verifyAccessToken(keys: ContextKeys, token: string): Promise<AccessClaims> {
  return claimsOf(() => jwtVerify(token, keys.publicKey, verifyOptions));
}

/** Signs with the store's active key (its kid in the header), so any process holding the store can verify. */
export async function signAccessTokenWith(
  store: SigningKeyStore,
  claims: AccessClaims,
  options: { expiresIn?: string } = {},
): Promise<string> {
  return signAccessToken(await store.active(), claims, options);
}

/**
 * Verifies with the key the header's kid names, if the store knows it and it has not retired. Refused
 * (UNAUTHENTICATED): unknown or missing kid, any alg but EdDSA (`none`, HS256 …), bad signature, expired,
 * not yet valid, wrong issuer, audience or type, malformed claims.
 */
export async function verifyAccessTokenWith(store: SigningKeyStore, token: string): Promise<AccessClaims> {
  const keyFor: JWTVerifyGetKey = async (header) => {
    const key = typeof header.kid === 'string' ? await store.publicKey(header.kid) : null;
    if (!key) throw new errors.JWKSNoMatchingKey();
    return key;
  };
  return claimsOf(() => jwtVerify(token, keyFor, verifyOptions));
}

async function claimsOf(verify: () => Promise<{ payload: JWTPayload }>): Promise<AccessClaims> {
  try {
    const { payload } = await verify();
    const kind = payload.kind;
    const permissions = payload.perm;
    const tenantId = payload.tid;
    if (
      (kind !== 'user' && kind !== 'client') ||
      typeof payload.sub !== 'string' ||
      !Array.isArray(permissions) ||
      !permissions.every((p) => typeof p === 'string') ||
      !(tenantId === null || typeof tenantId === 'string')
    ) {
      throw unauthenticated('Malformed access token');
    }
    const actor: Actor = {
      kind,
      permissions: permissions as string[],
      ...(kind === 'user' ? { userId: payload.sub } : { clientId: payload.sub }),
      ...(typeof payload.sid === 'string' ? { sessionId: payload.sid } : {}),
      ...(Array.isArray(payload.amr) && payload.amr.includes('otp') ? { mfa: true } : {}),
      // Users only; a token from before groups existed has no `grp` and prices publicly.
      ...(kind === 'user' && typeof payload.grp === 'string' && payload.grp ? { customerGroup: payload.grp } : {}),
    };
    return { tenantId, actor };
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw unauthenticated('Access token expired');
    if (error instanceof errors.JOSEError) throw unauthenticated('Invalid access token');
    throw error;
  }
}
