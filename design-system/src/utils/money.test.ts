import { describe, expect, it } from 'vitest';
import { formatMoney, formatNumber, minorUnitExponent, toDecimalString } from './money.ts';

describe('money formatting', () => {
  it('uses ISO 4217 minor units', () => {
    expect(minorUnitExponent('EUR')).toBe(2);
    expect(minorUnitExponent('JPY')).toBe(0);
    expect(minorUnitExponent('KWD')).toBe(3);
  });

  it('builds the exact decimal string from minor units', () => {
    expect(toDecimalString({ amount: 123450, currency: 'EUR' })).toBe('1234.50');
    expect(toDecimalString({ amount: 5, currency: 'EUR' })).toBe('0.05');
    expect(toDecimalString({ amount: -1205, currency: 'USD' })).toBe('-12.05');
    expect(toDecimalString({ amount: 1234, currency: 'JPY' })).toBe('1234');
    expect(toDecimalString({ amount: 1, currency: 'KWD' })).toBe('0.001');
  });

  it('formats by locale', () => {
    expect(formatMoney({ amount: 123450, currency: 'EUR' }, 'en')).toBe('€1,234.50');
    expect(formatMoney({ amount: 123450, currency: 'EUR' }, 'de-DE')).toBe('1.234,50\u00a0€');
    expect(formatMoney({ amount: 1234, currency: 'JPY' }, 'en')).toBe('¥1,234');
    expect(formatMoney({ amount: 1500, currency: 'KWD' }, 'en')).toBe('KWD\u00a01.500');
    // HUF has 2 ISO minor digits though CLDR shows none: the amount keeps its cents
    expect(formatMoney({ amount: 1050, currency: 'HUF' }, 'en')).toBe('HUF\u00a010.50');
  });

  it('keeps large amounts exact', () => {
    expect(formatMoney({ amount: 9_007_199_254_740_991, currency: 'USD' }, 'en')).toBe('$90,071,992,547,409.91');
  });

  it('formats counts by locale', () => {
    expect(formatNumber(1234567, 'en')).toBe('1,234,567');
    expect(formatNumber(1234567, 'de-DE')).toBe('1.234.567');
  });
});
