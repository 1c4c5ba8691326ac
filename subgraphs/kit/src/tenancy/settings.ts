/**
 * Reading a tenant's settings (`control.tenants.settings`, jsonb): the one place that knows each key's
 * default, so every domain agrees on what an unset value means. Stored values are checked here too:
 * the column is plain jsonb, and a bad value must fall back to the default rather than reach a price.
 */

type WithSettings = { settings: Record<string, unknown> } | null | undefined;

/** What a tenant sells in until it chooses (catalog prices, carts and orders exist only in these). */
export const defaultCurrencies: readonly string[] = ['USD', 'EUR', 'GBP'];

/** Number, date and currency formatting until the tenant chooses. */
export const defaultLocale = 'en-US';

/** ISO 4217 codes the tenant sells in, its default first: `settings.currencies`, else USD, EUR, GBP. */
export function tenantCurrencies(tenant: WithSettings): string[] {
  const configured = tenant?.settings.currencies;
  if (Array.isArray(configured) && configured.length > 0 && configured.every((c) => typeof c === 'string')) {
    return configured as string[];
  }
  return [...defaultCurrencies];
}

/** The tenant's BCP 47 locale for formatting: `settings.locale`, else en-US. */
export function tenantLocale(tenant: WithSettings): string {
  const configured = tenant?.settings.locale;
  return typeof configured === 'string' && configured ? configured : defaultLocale;
}
