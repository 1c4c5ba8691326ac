import { describe, expect, it } from 'vitest';
import { contrastRatio } from './contrast.ts';
import { checkTenantTheme, DARK_BACKGROUND, LIGHT_BACKGROUND, themeStylesheet } from './tenant-theme.ts';

/** The light and dark halves of a `light-dark(a, b)` token. */
function halves(value: string | undefined): [string, string] {
  const match = /^light-dark\((#[0-9a-f]{6}), (#[0-9a-f]{6})\)$/.exec(value ?? '');
  if (!match) throw new Error(`not a light-dark pair: ${value}`);
  return [match[1]!, match[2]!];
}

describe('checkTenantTheme', () => {
  it('accepts an empty theme (the default look) with no overrides', () => {
    expect(checkTenantTheme({})).toEqual({ ok: true, tokens: {} });
  });

  it('turns a readable brand colour into brand tokens for light and dark', () => {
    const check = checkTenantTheme({ colours: { brand: '#0B6E4F' } });
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    const [light, dark] = halves(check.tokens['--mds-color-brand']);
    expect(light).toBe('#0b6e4f');
    expect(contrastRatio(light, LIGHT_BACKGROUND)).toBeGreaterThanOrEqual(4.5);
    // derived for dark mode: lightened until it reads on the dark background
    expect(contrastRatio(dark, DARK_BACKGROUND)).toBeGreaterThanOrEqual(4.5);
    const [onLight, onDark] = halves(check.tokens['--mds-color-on-brand']);
    expect(contrastRatio(onLight, light)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(onDark, dark)).toBeGreaterThanOrEqual(4.5);
    // the hover shade keeps the label readable
    const [hoverLight, hoverDark] = halves(check.tokens['--mds-color-brand-hover']);
    expect(contrastRatio(onLight, hoverLight)).toBeGreaterThan(contrastRatio(onLight, light));
    expect(contrastRatio(onDark, hoverDark)).toBeGreaterThanOrEqual(4.5);
  });

  it('refuses a brand colour that is unreadable on the page', () => {
    const check = checkTenantTheme({ colours: { brand: '#ffd400' } });
    expect(check).toEqual({
      ok: false,
      problems: [
        {
          field: 'colours.brand',
          code: 'LOW_CONTRAST',
          message: expect.stringMatching(
            /^#ffd400 on the light page background has a contrast of 1\.\d\d:1; text needs at least 4\.5:1\.$/,
          ),
        },
      ],
    });
  });

  it('refuses a chosen text colour that is unreadable on the brand colour', () => {
    const check = checkTenantTheme({ colours: { brand: '#1d3bb3', onBrand: '#3355cc' } });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.problems.map((p) => [p.field, p.code])).toEqual([['colours.onBrand', 'LOW_CONTRAST']]);
  });

  it('refuses an explicit dark-mode brand colour that is unreadable on the dark background', () => {
    const check = checkTenantTheme({ colours: { brand: '#1d3bb3', brandDark: '#1d3bb3' } });
    expect(check.ok ? [] : check.problems.map((p) => p.field)).toEqual(['colours.brandDark']);
  });

  it('refuses what is not a colour, and a dark colour without the brand colour', () => {
    const check = checkTenantTheme({ colours: { brand: 'blue', accent: '#12' } });
    expect(check.ok ? [] : check.problems.map((p) => [p.field, p.code])).toEqual([
      ['colours.brand', 'INVALID_COLOUR'],
      ['colours.accent', 'INVALID_COLOUR'],
    ]);
    const orphan = checkTenantTheme({ colours: { brandDark: '#93a8ff' } });
    expect(orphan.ok ? [] : orphan.problems.map((p) => p.field)).toEqual(['colours.brand']);
  });

  it('checks the accent colour and picks readable text for it', () => {
    expect(checkTenantTheme({ colours: { accent: '#ff9f1c' } }).ok).toBe(false);
    const check = checkTenantTheme({ colours: { accent: '#b4237a' } });
    if (!check.ok) throw new Error('refused');
    const [accent] = halves(check.tokens['--mds-color-accent']);
    const [onAccent] = halves(check.tokens['--mds-color-on-accent']);
    expect(contrastRatio(accent, onAccent)).toBeGreaterThanOrEqual(4.5);
  });

  it('sets the font with the system stack as fallback and accepts only an https stylesheet', () => {
    const check = checkTenantTheme({
      font: { family: '"Work Sans", sans-serif', stylesheet: 'https://fonts.example.com/work-sans.css' },
    });
    expect(check).toEqual({
      ok: true,
      tokens: { '--mds-font-body': '"Work Sans", sans-serif, var(--mds-font-sans)' },
      fontStylesheet: 'https://fonts.example.com/work-sans.css',
    });
    const bad = checkTenantTheme({
      font: { family: 'x; } body { display: none', stylesheet: 'http://fonts.example.com/a.css' },
    });
    expect(bad.ok ? [] : bad.problems.map((p) => p.field)).toEqual(['font.family', 'font.stylesheet']);
  });

  it('maps the radius scale and refuses unknown values', () => {
    const check = checkTenantTheme({ radius: 'none' });
    expect(check.ok && check.tokens).toEqual({
      '--mds-radius-sm': '0',
      '--mds-radius-md': '0',
      '--mds-radius-lg': '0',
    });
    // settings come from storage: a value outside the type must still be refused
    for (const radius of ['huge', '__proto__', 'toString']) {
      const refused = checkTenantTheme({ radius: radius as 'none' });
      expect(refused.ok, radius).toBe(false);
    }
  });

  it('accepts a logo from https, this site or an embedded image, with a description', () => {
    for (const src of ['https://cdn.example.com/logo.svg', '/logo.png', 'data:image/png;base64,AAAA']) {
      const check = checkTenantTheme({ logo: { src, alt: 'Acme Outdoor' } });
      expect(check.ok && check.logo, src).toEqual({ src, alt: 'Acme Outdoor' });
    }
    for (const src of [
      'javascript:alert(1)',
      '//evil.example.com/x.png',
      'http://cdn.example.com/logo.svg',
      'data:text/html,hi',
    ]) {
      const check = checkTenantTheme({ logo: { src, alt: 'Acme' } });
      expect(check.ok ? [] : check.problems.map((p) => p.code), src).toEqual(['INVALID_LOGO']);
    }
    const noAlt = checkTenantTheme({ logo: { src: '/logo.png', alt: '  ' } });
    expect(noAlt.ok ? [] : noAlt.problems.map((p) => p.code)).toEqual(['MISSING_LOGO_ALT']);
  });

  it('reports every problem at once', () => {
    const check = checkTenantTheme({
      colours: { brand: '#eeeeee' },
      logo: { src: 'ftp://x', alt: 'x' },
      radius: 'round' as 'none',
    });
    expect(check.ok ? [] : check.problems.map((p) => p.field)).toEqual(['colours.brand', 'logo.src', 'radius']);
  });
});

describe('themeStylesheet', () => {
  it('renders the overrides as one rule for the document head', () => {
    const check = checkTenantTheme({ radius: 'small' });
    expect(themeStylesheet(check)).toBe(':root{--mds-radius-sm:2px;--mds-radius-md:4px;--mds-radius-lg:6px}');
    expect(themeStylesheet(check, '.shop')).toMatch(/^\.shop\{/);
  });

  it('renders nothing for a refused or empty theme', () => {
    expect(themeStylesheet(checkTenantTheme({ colours: { brand: '#fff' } }))).toBe('');
    expect(themeStylesheet(checkTenantTheme({}))).toBe('');
  });
});
