import { describe, expect, it } from 'vitest';
import {
  add,
  allocate,
  compare,
  divideRounded,
  formatMoney,
  MoneyError,
  minorUnitExponent,
  money,
  multiply,
  multiplyRate,
  parseDecimal,
  percentage,
  subtract,
  sum,
  toDecimalString,
} from '../src/money.ts';

const eur = (amount: number) => money(amount, 'EUR');
const amounts = (list: { amount: number }[]) => list.map((m) => m.amount);

describe('money', () => {
  it('validates amount and currency', () => {
    expect(eur(1234)).toEqual({ amount: 1234, currency: 'EUR' });
    expect(money(12n, 'JPY')).toEqual({ amount: 12, currency: 'JPY' });
    expect(() => eur(12.5)).toThrow(MoneyError);
    expect(() => eur(Number.MAX_SAFE_INTEGER + 1)).toThrow(/safe integer/);
    expect(() => money(1, 'eur')).toThrow(/Unknown currency/);
    expect(() => money(1, 'XYZ')).toThrow(/Unknown currency/);
  });

  it('knows ISO 4217 exponents, not CLDR display digits', () => {
    expect(minorUnitExponent('EUR')).toBe(2);
    expect(minorUnitExponent('JPY')).toBe(0);
    expect(minorUnitExponent('KWD')).toBe(3);
    expect(minorUnitExponent('BHD')).toBe(3);
    expect(minorUnitExponent('HUF')).toBe(2); // CLDR displays 0
    expect(minorUnitExponent('IQD')).toBe(3); // CLDR displays 0
  });
});

describe('arithmetic', () => {
  it('adds, subtracts, multiplies and compares within one currency', () => {
    expect(add(eur(150), eur(275), eur(-25))).toEqual(eur(400));
    expect(subtract(eur(100), eur(250))).toEqual(eur(-150));
    expect(multiply(eur(1999), 3)).toEqual(eur(5997));
    expect(sum('EUR', [])).toEqual(eur(0));
    expect(sum('EUR', [eur(1), eur(2)])).toEqual(eur(3));
    expect(compare(eur(1), eur(2))).toBe(-1);
  });

  it('refuses mixed currencies', () => {
    expect(() => add(eur(1), money(1, 'USD'))).toThrow('Currency mismatch: EUR and USD');
    expect(() => subtract(eur(1), money(1, 'USD'))).toThrow(MoneyError);
  });

  it('refuses fractional quantities and overflow', () => {
    expect(() => multiply(eur(100), 1.5)).toThrow(/integer/);
    expect(() => multiply(eur(Number.MAX_SAFE_INTEGER), 2)).toThrow(/safe integer/);
  });
});

describe('half-even rounding', () => {
  it('rounds ties to the even neighbour', () => {
    // 2.5 -> 2, 3.5 -> 4, -2.5 -> -2, -3.5 -> -4; non-ties round to nearest.
    expect(multiplyRate(eur(5), '0.5').amount).toBe(2);
    expect(multiplyRate(eur(7), '0.5').amount).toBe(4);
    expect(multiplyRate(eur(-5), '0.5').amount).toBe(-2);
    expect(multiplyRate(eur(-7), '0.5').amount).toBe(-4);
    expect(multiplyRate(eur(26), '0.1').amount).toBe(3); // 2.6
    expect(multiplyRate(eur(24), '0.1').amount).toBe(2); // 2.4
  });

  it('can round half up (away from zero) when asked', () => {
    expect(multiplyRate(eur(5), '0.5', 'half-up').amount).toBe(3);
    expect(multiplyRate(eur(-5), '0.5', 'half-up').amount).toBe(-3);
  });

  it('is exact where floats are not', () => {
    // 1.005 * 100 in floats is 100.49999…; exactly it is a tie: 100.5 -> 100 (even).
    expect(multiplyRate(eur(100), '1.005').amount).toBe(100);
    expect(multiplyRate(eur(300), '1.005').amount).toBe(302); // 301.5 -> 302
    expect(multiplyRate(eur(1000), 0.1).amount).toBe(100); // number read as '0.1', not 0.1000000000000000055…
    expect(multiplyRate(eur(1_000_000_000), 1e-7).amount).toBe(100);
    expect(multiplyRate(eur(1999), '1.0825').amount).toBe(2164); // 2163.9175
  });

  it('percentage', () => {
    expect(percentage(eur(1000), '19')).toEqual(eur(190));
    expect(percentage(eur(1999), 19).amount).toBe(380); // 379.81
    expect(percentage(eur(250), '1').amount).toBe(2); // 2.5 -> 2
    expect(percentage(eur(350), '1').amount).toBe(4); // 3.5 -> 4
    expect(percentage(eur(1000), '7.25').amount).toBe(72); // 72.5 -> 72
  });

  it('divideRounded', () => {
    expect(divideRounded(5n, 2n)).toBe(2n);
    expect(divideRounded(7n, 2n)).toBe(4n);
    expect(divideRounded(-5n, 2n)).toBe(-2n);
    expect(divideRounded(10n, 3n)).toBe(3n);
    expect(() => divideRounded(1n, 0n)).toThrow(MoneyError);
    expect(() => multiplyRate(eur(1), 'abc')).toThrow(/Not a decimal/);
    expect(() => multiplyRate(eur(1), Number.NaN)).toThrow(/Not a decimal/);
  });
});

describe('allocate', () => {
  it('gives leftover units to the largest remainders, earlier parts first on ties', () => {
    expect(amounts(allocate(eur(100), [1, 1, 1]))).toEqual([34, 33, 33]);
    expect(amounts(allocate(eur(5), [3, 7]))).toEqual([2, 3]); // 1.5, 3.5 -> tie, earlier wins
    expect(amounts(allocate(eur(1000), [70, 20, 10]))).toEqual([700, 200, 100]);
    expect(amounts(allocate(eur(101), ['0.5', '0.25', '0.25']))).toEqual([51, 25, 25]);
    expect(amounts(allocate(eur(2), [1, 1, 1]))).toEqual([1, 1, 0]);
    expect(amounts(allocate(eur(10), [0, 1, 2]))).toEqual([0, 3, 7]); // 3.33, 6.67
  });

  it('splits negative totals symmetrically and always sums to the total', () => {
    expect(amounts(allocate(eur(-100), [1, 1, 1]))).toEqual([-34, -33, -33]);
    for (const total of [0, 1, 7, 99, 12345, -12345]) {
      const parts = allocate(eur(total), [3, 1, 4, 1, 5]);
      expect(sum('EUR', parts)).toEqual(eur(total));
    }
  });

  it('works in JPY and rejects bad ratios', () => {
    expect(allocate(money(1000, 'JPY'), [1, 2])).toEqual([money(333, 'JPY'), money(667, 'JPY')]);
    expect(() => allocate(eur(1), [])).toThrow(MoneyError);
    expect(() => allocate(eur(1), [0, 0])).toThrow(/zero/);
    expect(() => allocate(eur(1), [1, -1])).toThrow(/negative/);
  });
});

describe('parseDecimal and formatting', () => {
  it('parses exact decimal strings into minor units', () => {
    expect(parseDecimal('12.34', 'EUR')).toEqual(eur(1234));
    expect(parseDecimal('12.3', 'EUR')).toEqual(eur(1230));
    expect(parseDecimal('-0.05', 'EUR')).toEqual(eur(-5));
    expect(parseDecimal('500', 'JPY')).toEqual(money(500, 'JPY'));
    expect(parseDecimal('1.234', 'KWD')).toEqual(money(1234, 'KWD'));
  });

  it('rejects what it cannot read exactly, as BAD_USER_INPUT', () => {
    for (const [text, currency] of [
      ['12.345', 'EUR'],
      ['1.5', 'JPY'],
      ['1,00', 'EUR'],
      ['', 'EUR'],
      ['1e3', 'EUR'],
      [' 1', 'EUR'],
      ['1', 'XXX1'],
    ]) {
      expect(() => parseDecimal(text as string, currency as string)).toThrow(
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
      );
    }
    expect(() => parseDecimal('99999999999999999', 'EUR')).toThrow(/too large/);
  });

  it('prints exact decimals and locale formats', () => {
    expect(toDecimalString(eur(1230))).toBe('12.30');
    expect(toDecimalString(eur(-5))).toBe('-0.05');
    expect(toDecimalString(money(500, 'JPY'))).toBe('500');
    expect(toDecimalString(money(-50, 'KWD'))).toBe('-0.050');
    expect(formatMoney(eur(123450), 'en')).toBe('€1,234.50');
    expect(formatMoney(eur(123450), 'de-DE')).toBe('1.234,50\u00a0€');
    expect(formatMoney(money(1234, 'JPY'), 'ja-JP')).toBe('￥1,234');
    expect(formatMoney(money(1234, 'KWD'), 'en')).toBe('KWD\u00a01.234');
    // Past 2^53 / 100 a float would lose the cents; the string path keeps them.
    expect(formatMoney(eur(9_007_199_254_740_991), 'en')).toBe('€90,071,992,547,409.91');
  });
});
