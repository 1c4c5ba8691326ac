/**
 * Money for display. The graph sends money as integer minor units plus an ISO 4217 code (ARCHITECTURE §3); the
 * design system only formats it. The exponent table mirrors @meridian/kit's money.ts (the design system cannot
 * import the server kit): ISO 4217 minor units, not Intl's display precision, so 1050 HUF-minor is 10.50 Ft.
 */
export interface Money {
  /** Integer minor units: cents, fils, yen. */
  amount: number;
  /** ISO 4217 code, upper case. */
  currency: string;
}

// biome-ignore format: a table reads better packed
const exponents: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0,
  UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

/** Digits after the decimal point: 2 for EUR, 0 for JPY, 3 for KWD. */
export function minorUnitExponent(currency: string): number {
  return exponents[currency] ?? 2;
}

/** The exact decimal string of a Money (`-12.05`), built from the integer so no float rounding creeps in. */
export function toDecimalString({ amount, currency }: Money): string {
  const exponent = minorUnitExponent(currency);
  const digits = Math.abs(Math.trunc(amount))
    .toString()
    .padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const text = exponent === 0 ? whole : `${whole}.${digits.slice(digits.length - exponent)}`;
  return amount < 0 ? `-${text}` : text;
}

const formats = new Map<string, Intl.NumberFormat>();

/** '€1,234.50' (en), '1.234,50 €' (de-DE), '¥1,235' (ja-JP, JPY). Formatters are cached per locale+currency. */
export function formatMoney(money: Money, locale = 'en'): string {
  const key = `${locale}|${money.currency}`;
  let format = formats.get(key);
  if (!format) {
    const exponent = minorUnitExponent(money.currency);
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: money.currency,
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
    });
    formats.set(key, format);
  }
  // Intl.NumberFormat formats a decimal string exactly, without going through a double
  return format.format(toDecimalString(money) as unknown as number);
}

/** '1,234' / '1.234' for counts (results, quantities) in the shopper's locale. */
export function formatNumber(value: number, locale = 'en'): string {
  return new Intl.NumberFormat(locale).format(value);
}
