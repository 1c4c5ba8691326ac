/**
 * Tax rates are percentages with at most three decimals ('20', '5.5', '9.975'), between 0 and 100,
 * kept as exact strings end to end ('20.000' as stored in numeric(6,3)); never floats.
 */
const ratePattern = /^(\d{1,3})(?:\.(\d{1,3}))?$/;

/** The canonical form ('20' → '20.000'), or null when it is not a percentage we accept. */
export function parseRatePercent(text: string): string | null {
  const match = ratePattern.exec(text.trim());
  if (!match) return null;
  const [, whole = '', fraction = ''] = match;
  const canonical = `${Number(whole)}.${fraction.padEnd(3, '0')}`;
  return thousandths(canonical) > 100_000n ? null : canonical;
}

/** The percentage in thousandths of a percent: '20.000' → 20000n, '9.975' → 9975n. */
export function thousandths(percent: string): bigint {
  const [whole = '0', fraction = ''] = percent.split('.');
  return BigInt(whole) * 1000n + BigInt(fraction.padEnd(3, '0').slice(0, 3) || '0');
}

/** A rate of `p` thousandths of a percent is the fraction p / 100 000. */
export const rateDenominator = 100_000n;
