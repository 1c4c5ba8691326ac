/**
 * Colour maths for the contrast rules of WCAG 2.2 (1.4.3 text, 1.4.11 non-text): pure functions, no DOM, so the
 * back-office can validate a tenant's brand colours before saving them and the storefront can trust them after.
 */

/** An sRGB colour with channels 0–255. */
export interface Rgb {
  r: number;
  g: number;
  b: number;
}

/** WCAG AA for body text (1.4.3). */
export const TEXT_CONTRAST = 4.5;
/** WCAG AA for large text and for UI parts such as borders and focus rings (1.4.3, 1.4.11). */
export const UI_CONTRAST = 3;

const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/** Parses `#rgb` or `#rrggbb`; anything else is `undefined` (tenant colours come from a picker, not free CSS). */
export function parseHex(value: string): Rgb | undefined {
  const text = value.trim();
  if (!HEX.test(text)) return undefined;
  const digits =
    text.length === 4
      ? text
          .slice(1)
          .split('')
          .map((d) => d + d)
          .join('')
      : text.slice(1);
  return {
    r: Number.parseInt(digits.slice(0, 2), 16),
    g: Number.parseInt(digits.slice(2, 4), 16),
    b: Number.parseInt(digits.slice(4, 6), 16),
  };
}

export function toHex({ r, g, b }: Rgb): string {
  const channel = (v: number) =>
    Math.round(Math.min(255, Math.max(0, v)))
      .toString(16)
      .padStart(2, '0');
  return `#${channel(r)}${channel(g)}${channel(b)}`;
}

/** Relative luminance as defined by WCAG (sRGB linearised, Rec. 709 weights). */
export function relativeLuminance({ r, g, b }: Rgb): number {
  const linear = (v: number) => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** Contrast ratio between two colours, 1 (same) to 21 (black on white); order does not matter. */
export function contrastRatio(a: Rgb | string, b: Rgb | string): number {
  const la = relativeLuminance(asRgb(a));
  const lb = relativeLuminance(asRgb(b));
  const [light, dark] = la > lb ? [la, lb] : [lb, la];
  return (light + 0.05) / (dark + 0.05);
}

/** Mixes `a` towards `b` by `amount` (0 = a, 1 = b) in sRGB, as CSS `color-mix(in srgb …)` does. */
export function mix(a: Rgb | string, b: Rgb | string, amount: number): Rgb {
  const x = asRgb(a);
  const y = asRgb(b);
  const t = Math.min(1, Math.max(0, amount));
  return { r: x.r + (y.r - x.r) * t, g: x.g + (y.g - x.g) * t, b: x.b + (y.b - x.b) * t };
}

/** Of the candidates, the one with the highest contrast against `background`. */
export function bestContrast(background: Rgb | string, candidates: readonly string[]): string {
  let best = candidates[0] ?? '#000000';
  let bestRatio = 0;
  for (const candidate of candidates) {
    const ratio = contrastRatio(background, candidate);
    if (ratio > bestRatio) {
      best = candidate;
      bestRatio = ratio;
    }
  }
  return best;
}

/**
 * Moves `colour` towards `towards` in small steps until it reaches `minimum` contrast against `background`;
 * `undefined` when even `towards` itself does not. Used to derive a dark-mode brand colour from the light one.
 */
export function adjustForContrast(
  colour: string,
  background: string,
  minimum: number,
  towards: string,
): string | undefined {
  for (let step = 0; step <= 20; step += 1) {
    const candidate = toHex(mix(colour, towards, step / 20));
    if (contrastRatio(candidate, background) >= minimum) return candidate;
  }
  return undefined;
}

/** Rounds a ratio for messages the way contrast checkers show it (`4.47:1`), never rounding up across a limit. */
export function formatRatio(ratio: number): string {
  return `${(Math.floor(ratio * 100) / 100).toFixed(2)}:1`;
}

function asRgb(value: Rgb | string): Rgb {
  if (typeof value !== 'string') return value;
  const rgb = parseHex(value);
  if (!rgb) throw new Error(`not a #rgb or #rrggbb colour: ${value}`);
  return rgb;
}
