import type { Money as DisplayMoney } from '@meridian/design-system';
import { minorUnitExponent } from '@meridian/design-system';

/** The graph's money: a decimal string in the currency's precision ("12.50", "500" for JPY). */
export interface GraphMoney {
  amount: string;
  currencyCode: string;
}

/**
 * The graph's decimal string → the design system's integer minor units, without floating point: "12.5" EUR → 1250.
 * A malformed amount is a bug upstream: it throws rather than showing a wrong price.
 */
export function toMinorUnits(money: GraphMoney): DisplayMoney {
  const exponent = minorUnitExponent(money.currencyCode);
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(money.amount.trim());
  if (!match) throw new Error(`not a decimal amount: ${money.amount}`);
  const [, sign, whole = '0', fraction = ''] = match;
  if (fraction.length > exponent && /[1-9]/.test(fraction.slice(exponent))) {
    throw new Error(`${money.amount} ${money.currencyCode} has more than ${exponent} decimals`);
  }
  const digits = `${whole}${fraction.slice(0, exponent).padEnd(exponent, '0')}`;
  const amount = Number(digits);
  return { amount: sign === '-' && amount !== 0 ? -amount : amount, currency: money.currencyCode };
}

export function maybeMinorUnits(money: GraphMoney | null | undefined): DisplayMoney | undefined {
  return money ? toMinorUnits(money) : undefined;
}
