import { checkTenantTheme, themeStylesheet } from '@meridian/design-system';
import { describe, expect, it } from 'vitest';
import { currencyOf, decodeMarket, encodeMarket, localeOf, negotiateLocale } from '../../src/lib/site.ts';
import { toTenantTheme } from '../../src/lib/theme.ts';

const store = { currencies: ['EUR', 'USD', 'GBP'], defaultCurrency: 'EUR', locale: 'de-DE' };

describe("the shopper's market against the store's settings", () => {
  it('shows a chosen currency the shop sells, otherwise its default', () => {
    expect(currencyOf({ locale: 'en', currency: 'USD' }, store)).toBe('USD');
    expect(currencyOf({ locale: 'en', currency: 'default' }, store)).toBe('EUR');
    // a cookie from before the shop stopped selling JPY
    expect(currencyOf({ locale: 'en', currency: 'JPY' }, store)).toBe('EUR');
  });

  it("formats in the browser's locale when we know it, otherwise in the store's", () => {
    expect(negotiateLocale('fr-CH,fr;q=0.9')).toBe('fr-FR');
    expect(negotiateLocale('sv-SE')).toBe('default');
    expect(negotiateLocale(null)).toBe('default');
    expect(localeOf({ locale: 'default', currency: 'default' }, store)).toBe('de-DE');
    expect(localeOf({ locale: 'en-GB', currency: 'default' }, store)).toBe('en-GB');
    expect(decodeMarket(encodeMarket({ locale: 'default', currency: 'USD' }))).toEqual({
      locale: 'default',
      currency: 'USD',
    });
    expect(decodeMarket('xx_USD')).toBeNull();
  });
});

describe("the graph's theme as the design system's", () => {
  it('maps set fields and leaves unset ones to the default look', () => {
    const theme = toTenantTheme('Acme', {
      brandColour: '#0b5d3b',
      brandColourDark: null,
      accentColour: null,
      logoUrl: 'https://cdn.example.com/logo.svg',
      logoAlt: null,
      fontFamily: '"Inter", system-ui',
      fontStylesheet: 'https://fonts.example.com/inter.css',
      radius: 'LARGE',
    });
    expect(theme).toEqual({
      name: 'Acme',
      colours: { brand: '#0b5d3b' },
      logo: { src: 'https://cdn.example.com/logo.svg', alt: 'Acme' },
      font: { family: '"Inter", system-ui', stylesheet: 'https://fonts.example.com/inter.css' },
      radius: 'large',
    });
    const check = checkTenantTheme(theme);
    expect(check.ok).toBe(true);
    expect(themeStylesheet(check)).toContain('--mds-color-brand:light-dark(#0b5d3b');
    expect(toTenantTheme('Plain', {})).toEqual({ name: 'Plain' });
  });

  it('an unreadable stored theme is refused, so the store keeps the default look', () => {
    expect(checkTenantTheme(toTenantTheme('Pale', { brandColour: '#ffff66' })).ok).toBe(false);
  });
});
