import { allocate, divideRounded, money, multiply, percentage } from '@meridian/kit';
import { rateDenominator, thousandths } from './rate-value.ts';
import { matchingZones, type TaxAddress, type ZoneRule } from './zone-match.ts';

/**
 * THE tax calculation (docs/accounting/tax.md explains it with worked examples). Pure: the caller passes
 * the tenant's rules, so commerce, the graph and the tests all get the same numbers. Amounts are integer
 * minor units; rates are exact percentage strings; nothing passes through a float.
 */

export interface RateRule {
  id: string;
  zoneId: string;
  taxClassId: string;
  name: string;
  /** Percent, '20.000'. */
  rate: string;
  /** Stacking level 1-9: one rate per level applies, higher levels after lower ones. */
  priority: number;
  /** Charged on the amount plus the taxes of the lower levels. */
  compound: boolean;
  /** Valid in [validFrom, validTo); null is open. */
  validFrom: Date | null;
  validTo: Date | null;
}

export interface ClassRule {
  id: string;
  code: string;
  exempt: boolean;
}

/** How shipping is taxed: like the goods, split by their value per class, or with one class. */
export type ShippingRule = { mode: 'proportional'; fallbackTaxClassId: string } | { mode: 'class'; taxClassId: string };

export interface TaxRules {
  zones: ZoneRule[];
  rates: RateRule[];
  classes: ClassRule[];
  shipping: ShippingRule;
}

export interface TaxLineInput {
  /** The caller's line reference (cart line id), echoed back. */
  key: string;
  /** Unit price in minor units: gross when prices include tax, net otherwise. */
  amount: number;
  quantity: number;
  /** Discount on the whole line, minor units, already decided by the caller; 0 ≤ discount ≤ amount × quantity. */
  discount?: number;
  taxClassId: string;
}

export interface TaxInput {
  lines: TaxLineInput[];
  /** Shipping charged, minor units (gross or net like the lines). */
  shipping?: { amount: number } | null;
  currency: string;
  address: TaxAddress;
  pricesIncludeTax: boolean;
  /** Which rates are valid: the time of the sale. */
  at: Date;
}

export interface AppliedTax {
  rateId: string;
  name: string;
  rate: string;
  priority: number;
  compound: boolean;
  zoneId: string;
  taxClassId: string;
  /** What the rate was applied to (for a compound rate: the net plus the lower levels' taxes). */
  taxableAmount: number;
  taxAmount: number;
}

export interface TaxedAmount {
  netAmount: number;
  taxAmount: number;
  grossAmount: number;
  taxes: AppliedTax[];
}

export interface TaxedLine extends TaxedAmount {
  key: string;
  taxClassId: string;
  quantity: number;
  /** amount × quantity − discount, as given (gross or net). */
  amount: number;
}

export interface TaxedShipping extends TaxedAmount {
  amount: number;
}

export interface TaxCalculation {
  currency: string;
  pricesIncludeTax: boolean;
  at: Date;
  /** The most specific zone containing the address; null: no zone, no tax. */
  zone: { id: string; name: string } | null;
  lines: TaxedLine[];
  shipping: TaxedShipping | null;
  /** One entry per rate applied, summed over lines and shipping; the tax amounts add up to taxTotal. */
  breakdown: AppliedTax[];
  netTotal: number;
  taxTotal: number;
  grossTotal: number;
}

function validAt(rate: RateRule, at: Date): boolean {
  const time = at.getTime();
  return (
    (rate.validFrom === null || rate.validFrom.getTime() <= time) &&
    (rate.validTo === null || time < rate.validTo.getTime())
  );
}

/**
 * The rates a class pays in the address's zones at a time: per priority level, the rate of the most
 * specific zone that has one for the class; ordered by level. An exempt class pays none.
 */
export function applicableRates(rules: TaxRules, zones: readonly ZoneRule[], taxClassId: string, at: Date): RateRule[] {
  const taxClass = rules.classes.find((c) => c.id === taxClassId);
  if (!taxClass) throw new Error(`unknown tax class ${taxClassId}`);
  if (taxClass.exempt) return [];
  const chosen = new Map<number, RateRule>();
  for (const zone of zones) {
    for (const rate of rules.rates) {
      if (rate.zoneId !== zone.id || rate.taxClassId !== taxClassId || chosen.has(rate.priority)) continue;
      if (validAt(rate, at)) chosen.set(rate.priority, rate);
    }
  }
  return [...chosen.values()].sort((a, b) => a.priority - b.priority);
}

function applied(rate: RateRule, taxableAmount: number, taxAmount: number): AppliedTax {
  const { id: rateId, name, rate: percent, priority, compound, zoneId, taxClassId } = rate;
  return { rateId, name, rate: percent, priority, compound, zoneId, taxClassId, taxableAmount, taxAmount };
}

/** Net prices: each rate's tax on its base, rounded half-even to minor units once per line and rate. */
function taxExclusive(net: number, rates: RateRule[], currency: string): TaxedAmount {
  const taxes: AppliedTax[] = [];
  let prior = 0;
  for (const rate of rates) {
    const taxable = rate.compound ? net + prior : net;
    const tax = percentage(money(taxable, currency), rate.rate).amount;
    taxes.push(applied(rate, taxable, tax));
    prior += tax;
  }
  return { netAmount: net, taxAmount: prior, grossAmount: net + prior, taxes };
}

/**
 * Gross prices: the tax inside G is G × (m − 1) / m, where m is what 1 of net grows to under the rates
 * (m += r for a simple rate, m ×= 1 + r for a compound one), rounded half-even once per line; the net is
 * G minus that, so net + tax = G exactly. Several rates share the line's tax in proportion to their
 * exact amounts (largest remainder), so the parts add up to it too.
 */
function taxInclusive(gross: number, rates: RateRule[], currency: string): TaxedAmount {
  let multiplier = 1n; // m = multiplier / denominator, denominator = 100 000^levels
  let denominator = 1n;
  const weights: { numerator: bigint; level: number }[] = [];
  for (const [index, rate] of rates.entries()) {
    const p = thousandths(rate.rate);
    weights.push({ numerator: rate.compound ? p * multiplier : p * denominator, level: index + 1 });
    multiplier = rate.compound ? multiplier * (rateDenominator + p) : multiplier * rateDenominator + p * denominator;
    denominator *= rateDenominator;
  }
  const tax = divideRounded(BigInt(gross) * (multiplier - denominator), multiplier);
  const common = weights.map((w) => String(w.numerator * rateDenominator ** BigInt(rates.length - w.level)));
  const parts = tax === 0n ? rates.map(() => 0) : allocate(money(tax, currency), common).map((part) => part.amount);
  const net = gross - Number(tax);
  const taxes: AppliedTax[] = [];
  let prior = 0;
  for (const [index, rate] of rates.entries()) {
    const part = parts[index] ?? 0;
    taxes.push(applied(rate, rate.compound ? net + prior : net, part));
    prior += part;
  }
  return { netAmount: net, taxAmount: Number(tax), grossAmount: gross, taxes };
}

function taxAmount(amount: number, rates: RateRule[], input: TaxInput): TaxedAmount {
  if (rates.length === 0) return { netAmount: amount, taxAmount: 0, grossAmount: amount, taxes: [] };
  return input.pricesIncludeTax
    ? taxInclusive(amount, rates, input.currency)
    : taxExclusive(amount, rates, input.currency);
}

/** Adds applied taxes up per rate, in the order the rates first appear. */
function mergeByRate(taxes: AppliedTax[]): AppliedTax[] {
  const merged = new Map<string, AppliedTax>();
  for (const tax of taxes) {
    const seen = merged.get(tax.rateId);
    if (!seen) merged.set(tax.rateId, { ...tax });
    else {
      seen.taxableAmount += tax.taxableAmount;
      seen.taxAmount += tax.taxAmount;
    }
  }
  return [...merged.values()];
}

/**
 * Shipping as its own amount. Proportional: split over the tax classes of the lines by their net value
 * (largest remainder), each part taxed like those goods; with no goods value, the fallback class.
 */
function taxShipping(
  amount: number,
  lines: TaxedLine[],
  rates: (classId: string) => RateRule[],
  input: TaxInput,
  rules: TaxRules,
) {
  const byClass = new Map<string, number>();
  if (rules.shipping.mode === 'class') byClass.set(rules.shipping.taxClassId, 1);
  else for (const line of lines) byClass.set(line.taxClassId, (byClass.get(line.taxClassId) ?? 0) + line.netAmount);
  if ([...byClass.values()].every((value) => value === 0)) {
    byClass.clear();
    byClass.set(rules.shipping.mode === 'class' ? rules.shipping.taxClassId : rules.shipping.fallbackTaxClassId, 1);
  }
  const classIds = [...byClass.keys()];
  const shares = allocate(money(amount, input.currency), [...byClass.values()]);
  const parts = classIds.map((classId, index) => taxAmount(shares[index]?.amount ?? 0, rates(classId), input));
  return {
    amount,
    netAmount: parts.reduce((total, part) => total + part.netAmount, 0),
    taxAmount: parts.reduce((total, part) => total + part.taxAmount, 0),
    grossAmount: parts.reduce((total, part) => total + part.grossAmount, 0),
    taxes: mergeByRate(parts.flatMap((part) => part.taxes)),
  };
}

export function calculateTax(input: TaxInput, rules: TaxRules): TaxCalculation {
  const zones = matchingZones(rules.zones, input.address);
  const ratesByClass = new Map<string, RateRule[]>();
  const rates = (classId: string) => {
    const found = ratesByClass.get(classId) ?? applicableRates(rules, zones, classId, input.at);
    ratesByClass.set(classId, found);
    return found;
  };
  const lines: TaxedLine[] = input.lines.map((line) => {
    const amount = multiply(money(line.amount, input.currency), line.quantity).amount - (line.discount ?? 0);
    if (amount < 0) throw new RangeError(`line ${line.key}: the discount exceeds the line amount`);
    const taxed = taxAmount(amount, rates(line.taxClassId), input);
    return { key: line.key, taxClassId: line.taxClassId, quantity: line.quantity, amount, ...taxed };
  });
  const shipping = input.shipping ? taxShipping(input.shipping.amount, lines, rates, input, rules) : null;
  const all: TaxedAmount[] = shipping ? [...lines, shipping] : lines;
  const total = (pick: (t: TaxedAmount) => number) =>
    money(
      all.reduce((sum, t) => sum + BigInt(pick(t)), 0n),
      input.currency,
    ).amount;
  return {
    currency: input.currency,
    pricesIncludeTax: input.pricesIncludeTax,
    at: input.at,
    zone: zones[0] ? { id: zones[0].id, name: zones[0].name } : null,
    lines,
    shipping,
    breakdown: mergeByRate(all.flatMap((t) => t.taxes)),
    netTotal: total((t) => t.netAmount),
    taxTotal: total((t) => t.taxAmount),
    grossTotal: total((t) => t.grossAmount),
  };
}
