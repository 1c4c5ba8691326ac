import { errors, jwtVerify, SignJWT } from 'jose';
import { unauthenticated } from '../errors.ts';
import type { ContextKeys } from './keys.ts';
import type { Actor, ContextClaims } from './request-context.ts';

/** The header the gateway puts the internal context token in; subgraphs accept nothing else. */
export const CONTEXT_HEADER = 'x-meridian-context';

const issuer = 'meridian-gateway';
const audience = 'meridian-subgraph';
/** Long enough for one request's fan-out, short enough that a leaked token is useless soon. */
const lifetimeSeconds = 60;

export async function signContextToken(keys: ContextKeys, claims: ContextClaims): Promise<string> {
  if (!keys.privateKey) throw new Error('this process has no context signing key');
  return new SignJWT({ ctx: claims })
    .setProtectedHeader({ alg: 'EdDSA', kid: keys.kid, typ: 'meridian-context+jwt' })
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(`${lifetimeSeconds}s`)
    .sign(keys.privateKey);
}

function isActor(value: unknown): value is Actor {
  const actor = value as Actor;
  return (
    typeof actor === 'object' &&
    actor !== null &&
    ['anonymous', 'user', 'client', 'system'].includes(actor.kind) &&
    Array.isArray(actor.permissions) &&
    actor.permissions.every((p) => typeof p === 'string') &&
    (actor.customerGroup === undefined || typeof actor.customerGroup === 'string')
  );
}

/** Verifies a context token; any problem is UNAUTHENTICATED with no detail for the caller. */
export async function verifyContextToken(keys: ContextKeys, token: string | undefined | null): Promise<ContextClaims> {
  if (!token) throw unauthenticated('Missing internal context token: call the gateway, not a subgraph');
  try {
    const { payload } = await jwtVerify(token, keys.publicKey, {
      issuer,
      audience,
      algorithms: ['EdDSA'],
      typ: 'meridian-context+jwt',
      maxTokenAge: `${lifetimeSeconds + 5}s`,
    });
    const claims = payload.ctx as ContextClaims | undefined;
    if (
      !claims ||
      typeof claims.requestId !== 'string' ||
      !(claims.tenantId === null || typeof claims.tenantId === 'string') ||
      !isActor(claims.actor)
    ) {
      throw unauthenticated('Malformed internal context token');
    }
    return claims;
  } catch (error) {
    if (error instanceof errors.JOSEError) throw unauthenticated('Invalid internal context token');
    throw error;
  }
}
