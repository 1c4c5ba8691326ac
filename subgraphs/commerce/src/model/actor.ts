import { hasPermission, parseId, type RequestContext } from '@meridian/kit';

/** The signed-in customer (or staff user) placing or reading orders: their user id, or null for guests. */
export function shopperIdOf(ctx: RequestContext): string | null {
  const id = ctx.actor.kind === 'user' ? ctx.actor.userId : undefined;
  return id && parseId('usr', id) ? id : null;
}

/**
 * The price group of the signed-in shopper, as of their access token; null for guests and anyone else. A
 * cart is priced for whoever calls now, so a customer moved to a group sees its prices at the next refresh.
 */
export function shopperGroupOf(ctx: RequestContext): string | null {
  return shopperIdOf(ctx) ? (ctx.actor.customerGroup ?? null) : null;
}

/** Staff who may read every order. */
export function canReadOrders(ctx: RequestContext): boolean {
  return ['orders:read', 'orders:write', 'orders:refund'].some((p) => hasPermission(ctx.actor, p));
}

export function canWriteOrders(ctx: RequestContext): boolean {
  return hasPermission(ctx.actor, 'orders:write');
}

/** Who did it, for the timeline. */
export function actorOf(ctx: Pick<RequestContext, 'actor'>): { kind: string; id: string | null } {
  return { kind: ctx.actor.kind, id: ctx.actor.userId ?? ctx.actor.clientId ?? null };
}
