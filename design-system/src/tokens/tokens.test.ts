import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contrastRatio, TEXT_CONTRAST, UI_CONTRAST } from '../theme/contrast.ts';

// The default palette must pass the same rules the tenant theme check enforces: parse tokens.css itself so the
// test follows the file and cannot drift from a copy.
const css = readFileSync(new URL('./tokens.css', import.meta.url), 'utf8');
const palette = new Map<string, { light: string; dark: string }>();
for (const match of css.matchAll(/--mds-color-([\w-]+):\s*light-dark\((#[0-9a-f]{6}),\s*(#[0-9a-f]{6})\)/gi)) {
  palette.set(match[1]!, { light: match[2]!, dark: match[3]! });
}

function pair(foreground: string, background: string, mode: 'light' | 'dark'): number {
  const fg = palette.get(foreground);
  const bg = palette.get(background);
  if (!fg || !bg) throw new Error(`no colour token ${fg ? background : foreground}`);
  return contrastRatio(fg[mode], bg[mode]);
}

const textPairs: [string, string][] = [
  ['text', 'bg'],
  ['text', 'surface'],
  ['text', 'surface-subtle'],
  ['text', 'surface-hover'],
  ['text', 'brand-subtle'],
  ['text-muted', 'bg'],
  ['text-muted', 'surface'],
  ['text-muted', 'surface-subtle'],
  ['brand', 'bg'],
  ['brand', 'surface'],
  ['on-brand', 'brand'],
  ['on-brand', 'brand-hover'],
  ['on-accent', 'accent'],
  ['accent', 'bg'],
  ...(['success', 'warning', 'danger', 'info'] as const).flatMap((tone): [string, string][] => [
    [tone, 'bg'],
    [tone, 'surface'],
    [tone, `${tone}-subtle`],
    // solid badges and the danger button put the page colour on the status colour
    ['bg', tone],
  ]),
];

const uiPairs: [string, string][] = [
  ['border-strong', 'bg'],
  ['border-strong', 'surface'],
  ['border-strong', 'surface-subtle'],
  ['focus', 'bg'],
  ['focus', 'surface'],
];

describe('default tokens', () => {
  it('parses every colour token from tokens.css', () => {
    expect(palette.size).toBeGreaterThan(20);
  });

  for (const mode of ['light', 'dark'] as const) {
    it.each(textPairs)(`${mode}: text %s on %s reaches 4.5:1`, (fg, bg) => {
      expect(pair(fg, bg, mode)).toBeGreaterThanOrEqual(TEXT_CONTRAST);
    });
    it.each(uiPairs)(`${mode}: control %s on %s reaches 3:1`, (fg, bg) => {
      expect(pair(fg, bg, mode)).toBeGreaterThanOrEqual(UI_CONTRAST);
    });
  }
});
