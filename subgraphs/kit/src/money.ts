import { badUserInput } from './errors.ts';

/**
 * Money is an integer count of the currency's minor units (cents, fils, yen) plus its ISO 4217 code.
 * `amount` is a JS number guarded by Number.isSafeInteger (±9.007e15 minor units, ~90 trillion EUR):
 * plain numbers serialize to JSON and GraphQL without ceremony; arithmetic that could leave the safe
 * range throws instead of losing cents. Store it in a `bigint` column (drizzle `bigint({ mode: 'number' })`).
 * Anything fractional (rates, percentages, allocation) is computed exactly in bigint, never in floats.
 */
export interface Money {
  readonly amount: number;
  readonly currency: string;
}

/** `half-even` (banker's rounding) is the default; `half-up` rounds .5 away from zero where a rule demands it. */
export type Rounding = 'half-even' | 'half-up';

/** A programming or data error (mixed currencies, overflow). Unhandled, it surfaces as INTERNAL and is logged. */
export class MoneyError extends Error {
  override name = 'MoneyError';
}

/**
 * ISO 4217 minor-unit exponents that are not 2. Not Intl's `maximumFractionDigits`: that is CLDR's display
 * precision and differs from ISO for several currencies (HUF, IDR, COP show 0 but have 2; IQD shows 0 but has 3).
 */
// biome-ignore format: a table reads better packed
const exponents: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0,
  UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

const knownCurrencies = new Set([...Intl.supportedValuesOf('currency'), ...Object.keys(exponents)]);

export function isCurrency(code: string): boolean {
  return knownCurrencies.has(code);
}

/** Digits after the decimal point: 2 for EUR, 0 for JPY, 3 for KWD. */
export function minorUnitExponent(currency: string): number {
  if (!isCurrency(currency)) throw new MoneyError(`Unknown currency: ${currency}`);
  return exponents[currency] ?? 2;
}

function checked(amount: bigint | number): number {
  const value = Number(amount);
  if (!Number.isSafeInteger(value)) throw new MoneyError(`Not a safe integer number of minor units: ${amount}`);
  return value === 0 ? 0 : value; // no -0
}

/** A validated Money: `amount` in minor units, `currency` an upper-case ISO 4217 code. */
export function money(amount: number | bigint, currency: string): Money {
  minorUnitExponent(currency);
  return { amount: checked(amount), currency };
}

export const zero = (currency: string): Money => money(0, currency);

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new MoneyError(`Currency mismatch: ${a.currency} and ${b.currency}`);
}

export function add(a: Money, ...rest: Money[]): Money {
  let total = BigInt(a.amount);
  for (const b of rest) {
    sameCurrency(a, b);
    total += BigInt(b.amount);
  }
  return money(total, a.currency);
}

export function subtract(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(BigInt(a.amount) - BigInt(b.amount), a.currency);
}

export const negate = (m: Money): Money => money(-m.amount, m.currency);

/** Price × quantity. The quantity must be a whole number; use multiplyRate for fractions. */
export function multiply(m: Money, quantity: number): Money {
  if (!Number.isSafeInteger(quantity)) throw new MoneyError(`Quantity must be an integer: ${quantity}`);
  return money(BigInt(m.amount) * BigInt(quantity), m.currency);
}

/** Sum of a list that may be empty (hence the currency). */
export function sum(currency: string, items: Iterable<Money>): Money {
  return add(zero(currency), ...items);
}

export function compare(a: Money, b: Money): -1 | 0 | 1 {
  sameCurrency(a, b);
  return a.amount < b.amount ? -1 : a.amount > b.amount ? 1 : 0;
}

/** An exact decimal: value = digits / 10^scale. */
interface Decimal {
  digits: bigint;
  scale: number;
}

const decimalPattern = /^([+-])?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** Parses '1.0825', '-0.5', 19 or 1e-7 exactly; a number is read as its shortest decimal form (0.1 → '0.1'). */
function parseRate(value: string | number): Decimal {
  const text = typeof value === 'number' ? String(value) : value;
  const match = decimalPattern.exec(text);
  if (!match) throw new MoneyError(`Not a decimal number: ${text}`);
  const [, sign, whole = '', fraction = '', exponent = '0'] = match;
  let digits = BigInt(whole + fraction);
  let scale = fraction.length - Number(exponent);
  if (scale < 0) {
    digits *= 10n ** BigInt(-scale);
    scale = 0;
  }
  if (scale > 40) throw new MoneyError(`Too many decimal places: ${text}`);
  return { digits: sign === '-' ? -digits : digits, scale };
}

/** numerator / denominator rounded to an integer; denominator > 0. Exported for tax and FX code. */
export function divideRounded(numerator: bigint, denominator: bigint, rounding: Rounding = 'half-even'): bigint {
  if (denominator <= 0n) throw new MoneyError('Denominator must be positive');
  const negative = numerator < 0n;
  const absolute = negative ? -numerator : numerator;
  let quotient = absolute / denominator;
  const twiceRemainder = (absolute % denominator) * 2n;
  if (twiceRemainder > denominator) quotient += 1n;
  else if (twiceRemainder === denominator && (rounding === 'half-up' || quotient % 2n === 1n)) quotient += 1n;
  return negative ? -quotient : quotient;
}

/** Money × a decimal rate ('0.2', '1.0825', 0.5), rounded once to minor units. */
export function multiplyRate(m: Money, rate: string | number, rounding: Rounding = 'half-even'): Money {
  const { digits, scale } = parseRate(rate);
  return money(divideRounded(BigInt(m.amount) * digits, 10n ** BigInt(scale), rounding), m.currency);
}

/** `percent` % of the money: percentage(€10.00, '19') = €1.90. */
export function percentage(m: Money, percent: string | number, rounding: Rounding = 'half-even'): Money {
  const { digits, scale } = parseRate(percent);
  return money(divideRounded(BigInt(m.amount) * digits, 10n ** BigInt(scale + 2), rounding), m.currency);
}

/**
 * Splits money in proportion to `ratios` so the parts add up exactly to the total (largest remainder:
 * each part gets its floor, the leftover units go to the largest fractional remainders, ties to the
 * earlier part). 100 over [1, 1, 1] = [34, 33, 33]. A negative total is split like its absolute value.
 */
export function allocate(m: Money, ratios: ReadonlyArray<string | number>): Money[] {
  if (ratios.length === 0) throw new MoneyError('allocate needs at least one ratio');
  const parsed = ratios.map(parseRate);
  const scale = Math.max(...parsed.map((r) => r.scale));
  const weights = parsed.map((r) => r.digits * 10n ** BigInt(scale - r.scale));
  if (weights.some((w) => w < 0n)) throw new MoneyError('Ratios must not be negative');
  const totalWeight = weights.reduce((a, b) => a + b, 0n);
  if (totalWeight === 0n) throw new MoneyError('Ratios must not all be zero');

  const total = BigInt(m.amount);
  const absolute = total < 0n ? -total : total;
  const parts = weights.map((w) => (absolute * w) / totalWeight);
  const remainders = weights.map((w, index) => ({ index, remainder: (absolute * w) % totalWeight }));
  let leftover = absolute - parts.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of remainders) {
    if (leftover === 0n) break;
    parts[index] = (parts[index] ?? 0n) + 1n;
    leftover -= 1n;
  }
  return parts.map((part) => money(total < 0n ? -part : part, m.currency));
}

const amountPattern = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * Reads a decimal string as the client sends it ('12.34', '-5', '1000.5') into minor units. Exact only:
 * more decimals than the currency has ('12.345' EUR) is BAD_USER_INPUT, never silently rounded.
 */
export function parseDecimal(text: string, currency: string, field = 'amount'): Money {
  if (!isCurrency(currency)) throw badUserInput(`Unknown currency: ${currency}`, 'currency');
  const exponent = minorUnitExponent(currency);
  const match = amountPattern.exec(text);
  if (!match) throw badUserInput(`Not a decimal amount: ${text}`, field);
  const [, sign, whole = '', fraction = ''] = match;
  if (fraction.length > exponent) {
    throw badUserInput(`${currency} amounts have at most ${exponent} decimal places: ${text}`, field);
  }
  const minor = BigInt(whole + fraction.padEnd(exponent, '0'));
  const value = Number(minor);
  if (!Number.isSafeInteger(value)) throw badUserInput(`Amount is too large: ${text}`, field);
  return money(sign === '-' ? -minor : minor, currency);
}

/** The exact decimal string: 1230 EUR → '12.30', 500 JPY → '500', -50 KWD → '-0.050'. */
export function toDecimalString(m: Money): string {
  const exponent = minorUnitExponent(m.currency);
  const digits = Math.abs(m.amount)
    .toString()
    .padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const text = exponent === 0 ? whole : `${whole}.${digits.slice(digits.length - exponent)}`;
  return m.amount < 0 ? `-${text}` : text;
}

/**
 * For people: '€1,234.50' (en), '1.234,50 €' (de-DE). Intl formats the exact decimal string, so large
 * amounts don't pass through a float; digits follow ISO 4217, not CLDR's display precision.
 */
export function formatMoney(m: Money, locale = 'en'): string {
  const exponent = minorUnitExponent(m.currency);
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: m.currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
  // Intl.NumberFormat v3 accepts a decimal string and formats it without converting to a double.
  return format.format(toDecimalString(m) as unknown as number);
}
