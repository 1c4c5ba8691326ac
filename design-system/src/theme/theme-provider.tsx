'use client';
import '../tokens/tokens.css';
import '../styles/base.css';
import { type ComponentProps, type CSSProperties, createContext, useContext, useEffect, useMemo } from 'react';
import { cx } from '../utils/cx.ts';
import { checkTenantTheme, type TenantTheme, type ThemeProblem } from './tenant-theme.ts';

export type ColourMode = 'light' | 'dark' | 'system';

export interface ThemeProviderProps extends ComponentProps<'div'> {
  /** The tenant's branding; checked here again, and ignored (default look) when refused. */
  theme?: TenantTheme;
  /** `system` follows the device setting. */
  mode?: ColourMode;
  /** Told why a stored theme was refused, so the app can log it; the shopper still gets a readable store. */
  onThemeRejected?: (problems: ThemeProblem[]) => void;
}

interface Brand {
  name?: string;
  logo?: { src: string; alt: string };
}

const BrandContext = createContext<Brand>({});

/** The tenant's name and accepted logo, for Header, Footer and the shells. */
export function useTenantBrand(): Brand {
  return useContext(BrandContext);
}

/**
 * The root of every Meridian UI: loads the tokens, applies the tenant theme as CSS variables on its element at run
 * time, and sets the colour mode. Themes can nest (a preview of a tenant inside the back-office).
 */
export function ThemeProvider({
  theme,
  mode = 'system',
  onThemeRejected,
  className,
  style,
  children,
  ...props
}: ThemeProviderProps) {
  // the check is pure and cheap, but keyed on content so a new object with the same theme does not redo it
  const key = JSON.stringify(theme ?? {});
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` is the theme's content
  const check = useMemo(() => checkTenantTheme(theme ?? {}), [key]);

  useEffect(() => {
    if (!check.ok) onThemeRejected?.(check.problems);
  }, [check, onThemeRejected]);

  const brand = useMemo<Brand>(
    () => ({ ...(theme?.name ? { name: theme.name } : {}), ...(check.ok && check.logo ? { logo: check.logo } : {}) }),
    [theme?.name, check],
  );
  const tokens = check.ok ? (check.tokens as CSSProperties) : undefined;
  const state = !theme || Object.keys(theme).length === 0 ? 'default' : check.ok ? 'accepted' : 'rejected';

  return (
    <BrandContext value={brand}>
      {check.ok && check.fontStylesheet ? (
        <link rel="stylesheet" href={check.fontStylesheet} precedence="default" />
      ) : null}
      <div
        className={cx('mds-theme', className)}
        data-theme={mode === 'system' ? undefined : mode}
        data-state={state}
        style={{ ...tokens, ...style }}
        {...props}
      >
        {children}
      </div>
    </BrandContext>
  );
}
