import { checkTenantTheme, type TenantTheme } from '@meridian/design-system/theme-check';
import type { Problems } from '@meridian/kit';

/**
 * The storefront theme as stored in the tenant's settings (`settings.theme`) and shown by the graph. The
 * design system decides what is readable (`checkTenantTheme`); this maps its shape to ours and back.
 */

export const themeRadii = ['none', 'small', 'medium', 'large'] as const;
export type ThemeRadius = (typeof themeRadii)[number];

const textFields = [
  'brandColour',
  'brandColourDark',
  'accentColour',
  'logoUrl',
  'logoAlt',
  'fontFamily',
  'fontStylesheet',
] as const;
type TextField = (typeof textFields)[number];
const colourFields = new Set<TextField>(['brandColour', 'brandColourDark', 'accentColour']);

export type StoreTheme = Record<TextField, string | null> & { radius: ThemeRadius | null };

/** What the mutation may change: an absent field is kept, null or an empty string clears it. */
export type StoreThemeInput = Partial<Record<TextField, string | null>> & { radius?: ThemeRadius | null };

// The tenant row is read on every request: keep what it carries small (a large embedded logo belongs on a CDN).
const maxLength: Record<TextField, number> = {
  brandColour: 32,
  brandColourDark: 32,
  accentColour: 32,
  logoUrl: 2048,
  logoAlt: 200,
  fontFamily: 200,
  fontStylesheet: 2048,
};

/** Where each of the design system's problem fields lives in our input. */
const inputFieldOf: Record<string, keyof StoreTheme> = {
  'colours.brand': 'brandColour',
  'colours.brandDark': 'brandColourDark',
  // Text on the brand colour is derived from it: a refusal there is the brand colour's.
  'colours.onBrand': 'brandColour',
  'colours.accent': 'accentColour',
  'logo.src': 'logoUrl',
  'logo.alt': 'logoAlt',
  'font.family': 'fontFamily',
  'font.stylesheet': 'fontStylesheet',
  radius: 'radius',
};

/** The stored theme; the column is plain jsonb, so anything unexpected reads as unset. */
export function readStoreTheme(stored: unknown): StoreTheme {
  const source = stored && typeof stored === 'object' ? (stored as Record<string, unknown>) : {};
  const text = (field: TextField) => {
    const value = source[field];
    return typeof value === 'string' && value ? value : null;
  };
  return {
    ...(Object.fromEntries(textFields.map((field) => [field, text(field)])) as Record<TextField, string | null>),
    radius: themeRadii.find((r) => r === source.radius) ?? null,
  };
}

export function applyThemeInput(current: StoreTheme, input: StoreThemeInput): StoreTheme {
  const next = { ...current };
  for (const field of textFields) {
    const value = input[field];
    if (value === undefined) continue;
    const trimmed = value?.trim() ?? '';
    next[field] = trimmed === '' ? null : colourFields.has(field) ? trimmed.toLowerCase() : trimmed;
  }
  if (input.radius !== undefined) next.radius = input.radius;
  return next;
}

/** Only the fields that are set, for storage. */
export function compactTheme(theme: StoreTheme): Partial<StoreTheme> {
  return Object.fromEntries(Object.entries(theme).filter(([, value]) => value !== null));
}

/** The design system's view of our theme. */
export function toTenantTheme(theme: StoreTheme): TenantTheme {
  const colours = {
    ...(theme.brandColour ? { brand: theme.brandColour } : {}),
    ...(theme.brandColourDark ? { brandDark: theme.brandColourDark } : {}),
    ...(theme.accentColour ? { accent: theme.accentColour } : {}),
  };
  return {
    ...(Object.keys(colours).length ? { colours } : {}),
    ...(theme.logoUrl ? { logo: { src: theme.logoUrl, alt: theme.logoAlt ?? '' } } : {}),
    // A stylesheet alone loads a font nobody names: the design system asks for the family then.
    ...(theme.fontFamily || theme.fontStylesheet
      ? {
          font: {
            family: theme.fontFamily ?? '',
            ...(theme.fontStylesheet ? { stylesheet: theme.fontStylesheet } : {}),
          },
        }
      : {}),
    ...(theme.radius ? { radius: theme.radius } : {}),
  };
}

/** Adds the theme's problems at `['theme', <field>]`: sizes first, then the design system's own check. */
export function checkStoreTheme(problems: Problems, theme: StoreTheme): void {
  const before = problems.list.length;
  for (const field of textFields) {
    const value = theme[field];
    if (value && value.length > maxLength[field]) {
      problems.add(['theme', field], 'TOO_LONG', `At most ${maxLength[field]} characters`);
    }
  }
  if (problems.list.length > before) return;
  const check = checkTenantTheme(toTenantTheme(theme));
  if (check.ok) return;
  for (const problem of check.problems) {
    problems.add(['theme', inputFieldOf[problem.field] ?? problem.field], problem.code, problem.message);
  }
}
