import { describe, expect, it } from 'vitest';
import {
  adjustForContrast,
  bestContrast,
  contrastRatio,
  formatRatio,
  mix,
  parseHex,
  relativeLuminance,
  toHex,
} from './contrast.ts';

describe('parseHex', () => {
  it('reads #rgb and #rrggbb in any case', () => {
    expect(parseHex('#fff')).toEqual({ r: 255, g: 255, b: 255 });
    expect(parseHex(' #1A2b3C ')).toEqual({ r: 26, g: 43, b: 60 });
  });

  it('refuses everything else', () => {
    for (const value of ['', 'red', '#ffff', '#12345g', 'rgb(0,0,0)', '#1234567', 'fff']) {
      expect(parseHex(value), value).toBeUndefined();
    }
  });
});

describe('contrastRatio', () => {
  it('is 21 for black on white and 1 for a colour on itself', () => {
    expect(contrastRatio('#000', '#fff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#777777')).toBe(1);
  });

  it('matches known WCAG values and ignores order', () => {
    // #767676 on white is the classic "just passes AA" grey
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
    expect(contrastRatio('#ffffff', '#767676')).toBeCloseTo(4.54, 2);
    expect(contrastRatio('#777777', '#ffffff')).toBeLessThan(4.5);
  });

  it('uses the linear segment for very dark channels', () => {
    expect(relativeLuminance({ r: 10, g: 10, b: 10 })).toBeCloseTo(10 / 255 / 12.92, 6);
  });
});

describe('helpers', () => {
  it('mixes in sRGB like color-mix', () => {
    expect(toHex(mix('#000000', '#ffffff', 0.5))).toBe('#808080');
    expect(toHex(mix('#ff0000', '#0000ff', 0))).toBe('#ff0000');
    expect(toHex(mix('#ff0000', '#0000ff', 2))).toBe('#0000ff');
  });

  it('picks the most readable candidate', () => {
    expect(bestContrast('#ffd400', ['#ffffff', '#0f1217'])).toBe('#0f1217');
    expect(bestContrast('#1d3bb3', ['#ffffff', '#0f1217'])).toBe('#ffffff');
  });

  it('lightens a colour until it is readable, or gives up', () => {
    const adjusted = adjustForContrast('#1d3bb3', '#0f1217', 4.5, '#ffffff');
    expect(adjusted).toBeDefined();
    expect(contrastRatio(adjusted!, '#0f1217')).toBeGreaterThanOrEqual(4.5);
    expect(adjustForContrast('#777777', '#808080', 4.5, '#888888')).toBeUndefined();
  });

  it('never rounds a failing ratio up to a passing one', () => {
    expect(formatRatio(4.4999)).toBe('4.49:1');
    expect(formatRatio(21)).toBe('21.00:1');
  });
});
