import {
  isCurrency,
  notFound,
  Problems,
  publishEvent,
  Rejection,
  type RequestContext,
  reject,
  type TenantSettings,
  tenantCurrencies,
  tenantLocale,
  type UserError,
} from '@meridian/kit';
import { type StorefrontSettingsChanged, storefrontSettingsChanged } from '../events.ts';
import { audit } from './audit.ts';
import {
  applyThemeInput,
  checkStoreTheme,
  compactTheme,
  readStoreTheme,
  type StoreTheme,
  type StoreThemeInput,
} from './store-theme.ts';
import { tenantOf } from './support.ts';

/**
 * The storefront's settings: currencies, locale and theme, kept in the tenant's control-plane settings
 * (`control.tenants.settings`), where every domain reads them with the request's tenant.
 */
export interface StorefrontSettings {
  currencies: string[];
  defaultCurrency: string;
  locale: string;
  theme: StoreTheme;
}

export interface UpdateStorefrontSettingsInput {
  currencies?: string[] | null;
  locale?: string | null;
  theme?: StoreThemeInput | null;
}

const maxCurrencies = 20;

/** The settings with their defaults (the kit's, which catalog and commerce read too). */
export function storefrontSettings(tenant: { settings: TenantSettings }): StorefrontSettings {
  const currencies = tenantCurrencies(tenant);
  return {
    currencies,
    defaultCurrency: currencies[0] as string,
    locale: tenantLocale(tenant),
    theme: readStoreTheme(tenant.settings.theme),
  };
}

function checkCurrencies(problems: Problems, codes: string[]): string[] {
  if (codes.length === 0) problems.add(['currencies'], 'REQUIRED', 'Name at least one currency');
  if (codes.length > maxCurrencies) problems.add(['currencies'], 'TOO_MANY', `At most ${maxCurrencies} currencies`);
  if (codes.length === 0 || codes.length > maxCurrencies) return [];
  const seen = new Set<string>();
  for (const [index, raw] of codes.entries()) {
    const code = raw.trim().toUpperCase();
    if (!isCurrency(code)) {
      problems.add(['currencies', index], 'INVALID', `${JSON.stringify(raw.slice(0, 12))} is not an ISO 4217 code`);
    } else if (seen.has(code)) {
      problems.add(['currencies', index], 'DUPLICATE', `${code} is listed twice`);
    }
    seen.add(code);
  }
  return [...seen];
}

/** A well-formed BCP 47 tag that Intl can format numbers in, canonicalised (`EN-us` → `en-US`). */
function checkLocale(problems: Problems, value: string): string | null {
  const tag = value.trim();
  try {
    const [canonical] = tag.length <= 35 ? Intl.getCanonicalLocales(tag) : [];
    if (canonical && Intl.NumberFormat.supportedLocalesOf(canonical).length > 0) return canonical;
  } catch {}
  problems.add(['locale'], 'INVALID', 'Not a supported BCP 47 locale, e.g. en-US');
  return null;
}

function changedSettings(was: StorefrontSettings, now: StorefrontSettings): StorefrontSettingsChanged['changed'] {
  const keys = ['currencies', 'locale', 'theme'] as const;
  return keys.filter((key) => JSON.stringify(was[key]) !== JSON.stringify(now[key]));
}

/**
 * Changes the settings in one control-plane write, audited in the tenant's trail in the same transaction.
 * The theme is merged with the stored one and checked whole while the row is locked, so two editors
 * changing different fields can't combine into a theme neither was shown as valid.
 */
export async function updateStorefrontSettings(
  ctx: RequestContext,
  input: UpdateStorefrontSettingsInput,
): Promise<{ storefront: StorefrontSettings | null; userErrors: UserError[] }> {
  const tenant = tenantOf(ctx);
  const problems = new Problems();
  const currencies = input.currencies ? checkCurrencies(problems, input.currencies) : undefined;
  const locale = typeof input.locale === 'string' ? checkLocale(problems, input.locale) : undefined;
  if (!problems.ok) return { storefront: null, userErrors: problems.list };
  try {
    const updated = await ctx.tenants.updateSettings(tenant.id, {
      patch: (current) => {
        if (!input.theme) return { ...(currencies ? { currencies } : {}), ...(locale ? { locale } : {}) };
        const theme = applyThemeInput(readStoreTheme(current.theme), input.theme);
        const themeProblems = new Problems();
        checkStoreTheme(themeProblems, theme);
        if (!themeProblems.ok) reject(themeProblems);
        return { ...(currencies ? { currencies } : {}), ...(locale ? { locale } : {}), theme: compactTheme(theme) };
      },
      inTenant: async (tx, before, after) => {
        const was = storefrontSettings({ settings: before });
        const now = storefrontSettings({ settings: after });
        await audit(
          tx,
          ctx,
          'storefront_settings.update',
          { type: 'StorefrontSettings', id: tenant.id },
          {
            before: was,
            after: now,
          },
        );
        const changed = changedSettings(was, now);
        // the storefront's pages carry these settings: it re-renders them when this event reaches it
        if (changed.length > 0)
          await publishEvent(tx, storefrontSettingsChanged.create({ changed }, { key: tenant.id }));
      },
    });
    if (!updated) throw notFound('Tenant');
    return { storefront: storefrontSettings(updated), userErrors: [] };
  } catch (error) {
    if (error instanceof Rejection) return { storefront: null, userErrors: error.userErrors };
    throw error;
  }
}
