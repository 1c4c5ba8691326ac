import type { RadiusScale, TenantTheme } from '@meridian/design-system';
import type { ThemeRadius } from '../__generated__/graphql.ts';

/** The graph's StoreTheme (identity's storefront settings): null fields keep the default look. */
export interface StoreThemeSettings {
  brandColour?: string | null;
  brandColourDark?: string | null;
  accentColour?: string | null;
  logoUrl?: string | null;
  logoAlt?: string | null;
  fontFamily?: string | null;
  fontStylesheet?: string | null;
  radius?: ThemeRadius | null;
}

/** The graph's settings → the design system's TenantTheme; unset values are left out (the default look applies). */
export function toTenantTheme(name: string, theme: StoreThemeSettings): TenantTheme {
  const colours = {
    ...(theme.brandColour ? { brand: theme.brandColour } : {}),
    ...(theme.brandColourDark ? { brandDark: theme.brandColourDark } : {}),
    ...(theme.accentColour ? { accent: theme.accentColour } : {}),
  };
  return {
    name,
    ...(Object.keys(colours).length > 0 ? { colours } : {}),
    ...(theme.logoUrl ? { logo: { src: theme.logoUrl, alt: theme.logoAlt ?? name } } : {}),
    ...(theme.fontFamily
      ? {
          font: {
            family: theme.fontFamily,
            ...(theme.fontStylesheet ? { stylesheet: theme.fontStylesheet } : {}),
          },
        }
      : {}),
    ...(theme.radius ? { radius: theme.radius.toLowerCase() as RadiusScale } : {}),
  };
}
