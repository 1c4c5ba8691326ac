import type { TenantTheme } from './tenant-theme.ts';

/**
 * Sample tenant themes: Storybook's "Tenant" toolbar, the theme stories and demo data use them. `unreadable` is
 * refused by the contrast check on purpose, to show the fallback.
 */
export const demoThemes = {
  meridian: {},
  acme: {
    name: 'Acme Outdoor Co.',
    colours: { brand: '#0b6e4f', accent: '#b5451b' },
    radius: 'small',
  },
  noir: {
    name: 'Noir Atelier',
    colours: { brand: '#1c1c1c', accent: '#8c2f39' },
    font: { family: 'Georgia, "Times New Roman", serif' },
    radius: 'none',
  },
  bloom: {
    name: 'Bloom Florists',
    colours: { brand: '#a3246b', accent: '#2d6a4f' },
    radius: 'large',
  },
  unreadable: {
    name: 'Sunshine Lemonade',
    colours: { brand: '#ffe14d' },
  },
} satisfies Record<string, TenantTheme>;

export type DemoThemeName = keyof typeof demoThemes;
