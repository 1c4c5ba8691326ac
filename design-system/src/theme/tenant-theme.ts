/**
 * A tenant's branding (colours, logo, font, radius) turned into token overrides, or refused. Pure: the back-office
 * calls `checkTenantTheme` to show problems next to the settings fields before saving, ThemeProvider calls it again
 * at run time and keeps the default look when a stored theme is refused, so an unreadable store never ships.
 */
import {
  adjustForContrast,
  bestContrast,
  contrastRatio,
  formatRatio,
  mix,
  parseHex,
  TEXT_CONTRAST,
  toHex,
} from './contrast.ts';

export type RadiusScale = 'none' | 'small' | 'medium' | 'large';

export interface TenantTheme {
  /** Store name, used as the logo's text when there is no logo. */
  name?: string;
  colours?: {
    /** Main brand colour (`#rgb`/`#rrggbb`): primary buttons, links, focus ring, selection. */
    brand?: string;
    /** Brand colour for dark mode; derived from `brand` (lightened until readable) when absent. */
    brandDark?: string;
    /** Text on the brand colour; the more readable of white and near-black when absent. */
    onBrand?: string;
    /** Secondary highlight: sale badges, promotions. */
    accent?: string;
  };
  logo?: { src: string; alt: string };
  font?: {
    /** CSS font-family list, e.g. `"Inter", system-ui, sans-serif`. */
    family: string;
    /** An https stylesheet that loads the font (Google Fonts or the tenant's CDN). */
    stylesheet?: string;
  };
  radius?: RadiusScale;
}

/** One reason a theme is refused, shaped like a GraphQL userError so forms can show it next to the field. */
export interface ThemeProblem {
  field: string;
  code: 'INVALID_COLOUR' | 'LOW_CONTRAST' | 'INVALID_LOGO' | 'MISSING_LOGO_ALT' | 'INVALID_FONT' | 'INVALID_RADIUS';
  message: string;
}

export type ThemeCheck =
  | { ok: true; tokens: Record<string, string>; logo?: { src: string; alt: string }; fontStylesheet?: string }
  | { ok: false; problems: ThemeProblem[] };

/** The surfaces a brand colour is read on (tokens.css `--mds-color-bg`): keep in step with it. */
export const LIGHT_BACKGROUND = '#ffffff';
export const DARK_BACKGROUND = '#0f1217';
const LIGHT_TEXT = '#ffffff';
const DARK_TEXT = '#0f1217';

const RADII: Record<RadiusScale, [string, string, string]> = {
  none: ['0', '0', '0'],
  small: ['2px', '4px', '6px'],
  medium: ['4px', '8px', '12px'],
  large: ['8px', '14px', '20px'],
};

// A font-family list only: names, quotes, commas, spaces and hyphens, so the value cannot end the declaration
// and smuggle other CSS into the page.
const FONT_FAMILY = /^[\p{L}\p{N} ,'"_-]{1,200}$/u;
const LOGO_SRC = /^(https:\/\/|\/(?!\/)|data:image\/(png|jpeg|webp|gif|svg\+xml)[;,])/i;

/** Checks a tenant theme against WCAG AA (4.5:1 for text) and turns it into CSS variable overrides. */
export function checkTenantTheme(theme: TenantTheme): ThemeCheck {
  const problems: ThemeProblem[] = [];
  const tokens: Record<string, string> = {};
  const colours = theme.colours ?? {};

  const brand = colour(colours.brand, 'colours.brand', problems);
  const brandDarkInput = colour(colours.brandDark, 'colours.brandDark', problems);
  const onBrandInput = colour(colours.onBrand, 'colours.onBrand', problems);
  const accent = colour(colours.accent, 'colours.accent', problems);

  if (brand) {
    // The brand colour is also link text and the focus ring on the page background.
    requireContrast(brand, LIGHT_BACKGROUND, 'colours.brand', 'on the light page background', problems);
    const brandDark = brandDarkInput ?? adjustForContrast(brand, DARK_BACKGROUND, TEXT_CONTRAST, '#ffffff');
    if (brandDark) {
      requireContrast(brandDark, DARK_BACKGROUND, 'colours.brandDark', 'on the dark page background', problems);
    }
    const onBrand = onBrandInput ?? bestContrast(brand, [LIGHT_TEXT, DARK_TEXT]);
    requireContrast(onBrand, brand, 'colours.onBrand', `as text on the brand colour ${brand}`, problems);
    if (brandDark) {
      const onBrandDark = bestContrast(brandDark, [LIGHT_TEXT, DARK_TEXT]);
      Object.assign(tokens, {
        '--mds-color-brand': lightDark(brand, brandDark),
        '--mds-color-brand-hover': lightDark(hover(brand, onBrand), hover(brandDark, onBrandDark)),
        '--mds-color-on-brand': lightDark(onBrand, onBrandDark),
        '--mds-color-brand-subtle': lightDark(
          toHex(mix(brand, LIGHT_BACKGROUND, 0.9)),
          toHex(mix(brandDark, DARK_BACKGROUND, 0.82)),
        ),
        '--mds-color-focus': lightDark(brand, brandDark),
      });
    }
  } else if (brandDarkInput || onBrandInput) {
    problems.push({ field: 'colours.brand', code: 'INVALID_COLOUR', message: 'Set the brand colour first.' });
  }

  if (accent) {
    const accentDark = adjustForContrast(accent, DARK_BACKGROUND, TEXT_CONTRAST, '#ffffff');
    requireContrast(accent, LIGHT_BACKGROUND, 'colours.accent', 'on the light page background', problems);
    if (accentDark) {
      tokens['--mds-color-accent'] = lightDark(accent, accentDark);
      tokens['--mds-color-on-accent'] = lightDark(
        bestContrast(accent, [LIGHT_TEXT, DARK_TEXT]),
        bestContrast(accentDark, [LIGHT_TEXT, DARK_TEXT]),
      );
    }
  }

  let logo: { src: string; alt: string } | undefined;
  if (theme.logo) {
    if (!LOGO_SRC.test(theme.logo.src.trim())) {
      problems.push({
        field: 'logo.src',
        code: 'INVALID_LOGO',
        message: 'The logo must be an https address, a path on this site, or an embedded image.',
      });
    } else if (!theme.logo.alt.trim()) {
      problems.push({
        field: 'logo.alt',
        code: 'MISSING_LOGO_ALT',
        message: 'Describe the logo for screen readers (usually the store name).',
      });
    } else {
      logo = { src: theme.logo.src.trim(), alt: theme.logo.alt.trim() };
    }
  }

  let fontStylesheet: string | undefined;
  if (theme.font) {
    if (!FONT_FAMILY.test(theme.font.family)) {
      problems.push({
        field: 'font.family',
        code: 'INVALID_FONT',
        message: 'Use a font-family list such as "Inter", system-ui, sans-serif.',
      });
    } else {
      // the system stack stays as the fallback while the tenant's font loads (or when it never does)
      tokens['--mds-font-body'] = `${theme.font.family}, var(--mds-font-sans)`;
    }
    if (theme.font.stylesheet !== undefined) {
      if (isHttpsUrl(theme.font.stylesheet)) fontStylesheet = theme.font.stylesheet;
      else
        problems.push({
          field: 'font.stylesheet',
          code: 'INVALID_FONT',
          message: 'The font stylesheet must be an https address.',
        });
    }
  }

  if (theme.radius !== undefined) {
    // stored settings are untrusted: look the value up as an own key only
    const radii = Object.hasOwn(RADII, theme.radius) ? RADII[theme.radius] : undefined;
    if (!radii) {
      problems.push({
        field: 'radius',
        code: 'INVALID_RADIUS',
        message: 'Radius is one of none, small, medium, large.',
      });
    } else {
      [tokens['--mds-radius-sm'], tokens['--mds-radius-md'], tokens['--mds-radius-lg']] = radii;
    }
  }

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    tokens,
    ...(logo ? { logo } : {}),
    ...(fontStylesheet ? { fontStylesheet } : {}),
  };
}

/**
 * The accepted theme as a CSS rule, for server rendering (`<style>` in the document head) so the first paint
 * already wears the tenant's colours; `selector` defaults to `:root`.
 */
export function themeStylesheet(check: ThemeCheck, selector = ':root'): string {
  if (!check.ok) return '';
  const body = Object.entries(check.tokens)
    .map(([name, value]) => `${name}:${value}`)
    .join(';');
  return body ? `${selector}{${body}}` : '';
}

function colour(value: string | undefined, field: string, problems: ThemeProblem[]): string | undefined {
  if (value === undefined || value === '') return undefined;
  const rgb = parseHex(value);
  if (!rgb) {
    problems.push({ field, code: 'INVALID_COLOUR', message: `"${value}" is not a colour: use #rgb or #rrggbb.` });
    return undefined;
  }
  return toHex(rgb);
}

function requireContrast(fg: string, bg: string, field: string, where: string, problems: ThemeProblem[]): void {
  const ratio = contrastRatio(fg, bg);
  if (ratio < TEXT_CONTRAST) {
    problems.push({
      field,
      code: 'LOW_CONTRAST',
      message: `${fg} ${where} has a contrast of ${formatRatio(ratio)}; text needs at least 4.5:1.`,
    });
  }
}

/** The hover shade moves away from the text colour on it, so hovering never makes the label harder to read. */
function hover(background: string, text: string): string {
  const textIsLight = contrastRatio(text, '#000000') > contrastRatio(text, '#ffffff');
  const towards = textIsLight ? '#000000' : '#ffffff';
  return toHex(mix(background, towards, 0.14));
}

function lightDark(light: string, dark: string): string {
  return `light-dark(${light}, ${dark})`;
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}
