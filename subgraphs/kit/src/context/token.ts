import { errors, jwtVerify, SignJWT } from 'jose';
import { unauthenticated } from '../errors.ts';
import type { ContextKeys } from './keys.ts';
import type { Actor, ContextClaims } from './request-context.ts';
import {
  type CheckedContextToken,
  type ContextTokenSigner,
  type ContextTokenVerifier,
  createContextTokenSigner,
  createContextTokenVerifier,
  tokenClaimsOf,
} from './token-reuse.ts';

/** The header the gateway puts the internal context token in; subgraphs accept nothing else. */
export const CONTEXT_HEADER = 'x-meridian-context';

const issuer = 'meridian-gateway';
const audience = 'meridian-subgraph';
/** Long enough for a request's fan-out after 30 s of reuse, short enough that a leaked token is useless soon. */
const lifetimeSeconds = 60;
const maxAgeSeconds = lifetimeSeconds + 5;

/** One new signature, no reuse. The token says who calls for which tenant; nothing about one request. */
export async function signNewContextToken(keys: ContextKeys, claims: ContextClaims): Promise<string> {
  if (!keys.privateKey) throw new Error('this process has no context signing key');
  return new SignJWT({ ctx: tokenClaimsOf(claims) })
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

/** One full verification, no memo; any problem is UNAUTHENTICATED with no detail for the caller. */
export async function checkContextToken(keys: ContextKeys, token: string): Promise<CheckedContextToken> {
  try {
    const { payload } = await jwtVerify(token, keys.publicKey, {
      issuer,
      audience,
      algorithms: ['EdDSA'],
      typ: 'meridian-context+jwt',
      maxTokenAge: `${maxAgeSeconds}s`,
    });
    const claims = payload.ctx as ContextClaims | undefined;
    if (
      !claims ||
      !(claims.tenantId === null || typeof claims.tenantId === 'string') ||
      !isActor(claims.actor) ||
      !(claims.clientAddress === undefined || typeof claims.clientAddress === 'string')
    ) {
      throw unauthenticated('Malformed internal context token');
    }
    // maxTokenAge makes jose require `iat`; `exp` is optional to it, so bound by both.
    const iat = payload.iat as number;
    const acceptUntilMs = Math.min(payload.exp ?? Number.POSITIVE_INFINITY, iat + maxAgeSeconds) * 1000;
    return { claims: tokenClaimsOf(claims), acceptUntilMs };
  } catch (error) {
    if (error instanceof errors.JOSEError) throw unauthenticated('Invalid internal context token');
    throw error;
  }
}

// One signer and one verifier per key pair in the process (tests run several pairs side by side).
const signers = new WeakMap<ContextKeys, ContextTokenSigner>();
const verifiers = new WeakMap<ContextKeys, ContextTokenVerifier>();

/**
 * A context token for these claims: the one signed for identical claims in the last 30 s, else a new one
 * (ADR 0017). The request id is not in it: it travels as `x-request-id`.
 */
export function signContextToken(keys: ContextKeys, claims: ContextClaims): Promise<string> {
  let signer = signers.get(keys);
  if (!signer) {
    signer = createContextTokenSigner((c) => signNewContextToken(keys, c));
    signers.set(keys, signer);
  }
  return signer.sign(claims);
}

/**
 * Verifies a context token; any problem is UNAUTHENTICATED with no detail for the caller. A token that
 * verified is remembered until shortly before it expires; a refusal is checked again every time.
 */
export async function verifyContextToken(keys: ContextKeys, token: string | undefined | null): Promise<ContextClaims> {
  if (!token) throw unauthenticated('Missing internal context token: call the gateway, not a subgraph');
  let verifier = verifiers.get(keys);
  if (!verifier) {
    verifier = createContextTokenVerifier((t) => checkContextToken(keys, t));
    verifiers.set(keys, verifier);
  }
  return verifier.verify(token);
}
