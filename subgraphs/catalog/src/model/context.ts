import {
  badUserInput,
  forbidden,
  hasPermission,
  type RequestContext,
  type TenantDb,
  tenantCurrencies,
} from '@meridian/kit';

/** The request's tenant-bound database; catalog data never exists outside a tenant. */
export function tenantDb(ctx: RequestContext): TenantDb {
  if (!ctx.db) throw forbidden('This request is not bound to a tenant');
  return ctx.db;
}

/** Back-office readers see drafts and archived products; the storefront sees active ones only. */
export function canReadAll(ctx: RequestContext): boolean {
  return hasPermission(ctx.actor, 'catalog:read') || hasPermission(ctx.actor, 'catalog:write');
}

/**
 * Currencies the tenant sells in (the kit's reading of `settings.currencies`: USD, EUR and GBP until the
 * tenant chooses). Prices, price lists and quotes in any other currency are refused.
 */
export function soldCurrencies(ctx: { tenant: RequestContext['tenant'] }): string[] {
  return tenantCurrencies(ctx.tenant);
}

export function defaultCurrency(ctx: { tenant: RequestContext['tenant'] }): string {
  return soldCurrencies(ctx)[0] as string;
}

/** A currency argument of a query: the tenant's first currency when absent, BAD_USER_INPUT when not sold. */
export function queryCurrency(ctx: RequestContext, requested: string | null | undefined, field = 'currency'): string {
  const currency = requested ?? defaultCurrency(ctx);
  if (!soldCurrencies(ctx).includes(currency)) throw badUserInput(`This shop does not sell in ${currency}`, field);
  return currency;
}

/**
 * Whose prices a request sees. Back-office users may preview any group's prices; another subgraph (a system
 * actor: commerce pricing a cart) names the group of the shopper it prices for; a signed-in shopper gets
 * the group identity put in their token, whatever they ask for; everyone else the public prices.
 */
export function customerGroupOf(ctx: RequestContext, requested: string | null | undefined): string | null {
  if (requested && canReadAll(ctx)) return requested;
  if (ctx.actor.kind === 'system') return requested ?? null;
  return ctx.actor.kind === 'user' ? (ctx.actor.customerGroup ?? null) : null;
}

export function isDemoTenant(ctx: { tenant: RequestContext['tenant'] }): boolean {
  return ctx.tenant?.settings.demo === true;
}
