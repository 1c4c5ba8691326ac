/**
 * Which store a request is for, and in which locale and currency. src/proxy.ts turns the incoming host name and the
 * shopper's choices into the first two path segments (`/acme.localhost/en-GB_EUR/p/…`), so every tenant, locale and
 * currency gets its own cached pages, and pages never read the Host header themselves (which would make them dynamic).
 */

/** Locales the storefront formats numbers, dates and money for (the words are English for now). */
export const LOCALES = ['en', 'en-GB', 'en-US', 'de-DE', 'fr-FR', 'nl-NL', 'es-ES', 'it-IT'] as const;
export type Locale = (typeof LOCALES)[number];

/** `default`: the shopper's browser named none of our locales, so the tenant's locale applies. */
export type LocaleChoice = Locale | 'default';

/** `default`: the tenant's default currency (no choice yet, or a choice the shop no longer sells). */
export type CurrencyChoice = string | 'default';

export interface Market {
  locale: LocaleChoice;
  currency: CurrencyChoice;
}

const HOST_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * The tenant host name for an incoming Host header: lower case, without the port. Anything that is not a plain DNS
 * name is refused (null), so a forged Host can neither reach another cache entry nor smuggle a path.
 */
export function tenantHostOf(hostHeader: string | null | undefined): string | null {
  if (!hostHeader) return null;
  const host = hostHeader
    .trim()
    .toLowerCase()
    .replace(/:\d{1,5}$/, '')
    .replace(/\.$/, '');
  if (host.length === 0 || host.length > 253) return null;
  return host.split('.').every((label) => HOST_LABEL.test(label)) ? host : null;
}

export function isCurrencyCode(value: string | null | undefined): value is string {
  return typeof value === 'string' && /^[A-Z]{3}$/.test(value);
}

export function isLocale(value: string | null | undefined): value is Locale {
  return (LOCALES as readonly string[]).includes(value ?? '');
}

/** `en-GB_EUR`, `en_default`: one path segment. */
export function encodeMarket({ locale, currency }: Market): string {
  return `${locale}_${currency}`;
}

export function decodeMarket(segment: string): Market | null {
  const [locale, currency, ...rest] = decodeURIComponent(segment).split('_');
  if (rest.length > 0 || !(locale === 'default' || isLocale(locale))) return null;
  if (currency !== 'default' && !isCurrencyCode(currency)) return null;
  return { locale: locale as LocaleChoice, currency: currency as CurrencyChoice };
}

/** The store's side of a market: what the tenant sells in and how it formats (its storefront settings). */
export interface StoreDefaults {
  currencies: readonly string[];
  defaultCurrency: string;
  locale: string;
}

/** The currency a page shows: the shopper's choice when the shop sells in it, otherwise the shop's default. */
export function currencyOf(market: Market, store: StoreDefaults): string {
  return market.currency !== 'default' && store.currencies.includes(market.currency)
    ? market.currency
    : store.defaultCurrency;
}

/** The locale numbers, dates and money are formatted in (and the document's lang). */
export function localeOf(market: Market, store: StoreDefaults): string {
  return market.locale === 'default' ? store.locale : market.locale;
}

/**
 * The best of our locales for an Accept-Language header (`de-CH,de;q=0.9,en;q=0.8` → `de-DE`): exact tag first,
 * then the same language, in the shopper's order of preference; `default` (the tenant's locale) when none fits.
 */
export function negotiateLocale(acceptLanguage: string | null | undefined): LocaleChoice {
  const wanted = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(
        params
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? '1',
      );
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((w) => w.tag && w.tag !== '*' && w.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of wanted) {
    const exact = LOCALES.find((l) => l.toLowerCase() === tag.toLowerCase());
    if (exact) return exact;
    const language = tag.split('-')[0]?.toLowerCase();
    const same =
      LOCALES.find((l) => l.split('-')[0] === language && l.includes('-')) ?? LOCALES.find((l) => l === language);
    if (same) return same;
  }
  return 'default';
}

/** The route params every page under app/[host]/[market] gets. */
export interface SiteParams {
  host: string;
  market: string;
}

export interface Site {
  host: string;
  market: Market;
}

/** Reads and checks the first two segments (the proxy wrote them; a direct request with junk is a 404). */
export function siteOf(params: SiteParams): Site | null {
  const host = tenantHostOf(decodeURIComponent(params.host));
  const market = decodeMarket(params.market);
  return host && market ? { host, market } : null;
}
