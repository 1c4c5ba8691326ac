import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  badUserInput,
  forbidden,
  hasPermission,
  parseId,
  type RequestContext,
  type TenantDb,
  unauthenticated,
} from '@meridian/kit';

/** The tenant's database handle; the permission rules already demand a tenant, this is the type guard. */
export function tenantDb(ctx: RequestContext): TenantDb {
  if (!ctx.db || !ctx.tenant) throw forbidden('This operation needs a tenant');
  return ctx.db;
}

export function tenantOf(ctx: RequestContext) {
  if (!ctx.tenant) throw forbidden('This operation needs a tenant');
  return ctx.tenant;
}

/** The signed-in user's id, or UNAUTHENTICATED. */
export function currentUserId(ctx: RequestContext): string {
  if (ctx.actor.kind !== 'user' || !ctx.actor.userId) throw unauthenticated();
  return ctx.actor.userId;
}

export function actorCan(ctx: RequestContext, permission: string): boolean {
  return hasPermission(ctx.actor, permission);
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Compares two hex digests in constant time. */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** An unguessable token (256 bits) with a readable prefix saying what it is. */
export function randomToken(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** A page cursor is the id of the last row seen; anything else is a client mistake, not a lookup. */
export function cursorId(prefix: string, after: string | null | undefined): string | undefined {
  if (after === null || after === undefined) return undefined;
  if (!parseId(prefix, after)) throw badUserInput('Invalid cursor', 'after');
  return after;
}

/** Splits a `first + 1` fetch into the page and whether there is more. */
export function page<T>(rows: T[], size: number): { nodes: T[]; hasNextPage: boolean } {
  return { nodes: rows.slice(0, size), hasNextPage: rows.length > size };
}

export const minutes = (n: number) => n * 60_000;
export const days = (n: number) => n * 86_400_000;
export const later = (ms: number) => new Date(Date.now() + ms);
