export {
  adjustForContrast,
  bestContrast,
  contrastRatio,
  formatRatio,
  mix,
  parseHex,
  type Rgb,
  relativeLuminance,
  TEXT_CONTRAST,
  toHex,
  UI_CONTRAST,
} from './contrast.ts';
export { type DemoThemeName, demoThemes } from './demo-themes.ts';
export {
  checkTenantTheme,
  DARK_BACKGROUND,
  LIGHT_BACKGROUND,
  type RadiusScale,
  type TenantTheme,
  type ThemeCheck,
  type ThemeProblem,
  themeStylesheet,
} from './tenant-theme.ts';
export { type ColourMode, ThemeProvider, type ThemeProviderProps, useTenantBrand } from './theme-provider.tsx';
