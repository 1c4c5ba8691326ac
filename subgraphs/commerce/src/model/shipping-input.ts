import type { Problems } from '@meridian/kit';
import { type MoneyError, parseDecimal, type RequestContext } from '@meridian/kit';
import { CommerceError } from '../commerce.errors.ts';
import type { RateKind } from '../db/shipping.schema.ts';
import { isCountryCode } from './address.ts';
import { checkCurrency, checkText } from './validate.ts';

export interface ShippingRateInput {
  currencyCode: string;
  kind: RateKind;
  amount: string;
  minWeightGrams?: number | null;
  maxWeightGrams?: number | null;
  minSubtotal?: string | null;
  maxSubtotal?: string | null;
  freeOver?: string | null;
}

export interface CheckedRate {
  currency: string;
  kind: RateKind;
  min: number;
  max: number | null;
  amount: number;
  freeOver: number | null;
}

/** A non-negative decimal in `currency`, or null with a problem at `field`. */
export function checkMoney(problems: Problems, field: (string | number)[], text: string, currency: string) {
  try {
    const value = parseDecimal(text.trim(), currency, field.join('.')).amount;
    if (value < 0) throw new Error('negative');
    return value;
  } catch (error) {
    if ((error as MoneyError).name === 'MoneyError') throw error;
    problems.add(field, CommerceError.INVALID_AMOUNT, `A non-negative amount in ${currency}, e.g. 4.99`);
    return null;
  }
}

function checkGrams(problems: Problems, field: (string | number)[], value: number | null | undefined) {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < 0) {
    problems.add(field, CommerceError.INVALID, 'Whole grams, 0 or more');
    return null;
  }
  return value;
}

export function checkRates(ctx: RequestContext, problems: Problems, inputs: ShippingRateInput[]): CheckedRate[] {
  if (inputs.length > 50) problems.add(['rates'], CommerceError.TOO_MANY, 'At most 50 rates per method');
  const checked: CheckedRate[] = [];
  for (const [i, rate] of inputs.entries()) {
    const at = ['rates', i];
    const currency = checkCurrency(problems, [...at, 'currencyCode'], ctx.tenant, rate.currencyCode);
    if (!currency) continue;
    const amount = checkMoney(problems, [...at, 'amount'], rate.amount, currency);
    const freeOver = rate.freeOver ? checkMoney(problems, [...at, 'freeOver'], rate.freeOver, currency) : null;
    let min = 0;
    let max: number | null = null;
    if (rate.kind === 'weight') {
      min = checkGrams(problems, [...at, 'minWeightGrams'], rate.minWeightGrams) ?? 0;
      max = checkGrams(problems, [...at, 'maxWeightGrams'], rate.maxWeightGrams);
    } else if (rate.kind === 'price') {
      min = rate.minSubtotal ? (checkMoney(problems, [...at, 'minSubtotal'], rate.minSubtotal, currency) ?? 0) : 0;
      max = rate.maxSubtotal ? checkMoney(problems, [...at, 'maxSubtotal'], rate.maxSubtotal, currency) : null;
    }
    const usesWeight = rate.minWeightGrams != null || rate.maxWeightGrams != null;
    const usesSubtotal = rate.minSubtotal != null || rate.maxSubtotal != null;
    if ((usesWeight && rate.kind !== 'weight') || (usesSubtotal && rate.kind !== 'price')) {
      problems.add(
        [...at, 'kind'],
        CommerceError.INVALID,
        'Weight bounds are for WEIGHT rates, subtotal bounds for PRICE rates',
      );
    }
    if (max !== null && max <= min) {
      problems.add(
        [...at, rate.kind === 'weight' ? 'maxWeightGrams' : 'maxSubtotal'],
        CommerceError.INVALID,
        'The upper bound must be above the lower one',
      );
    }
    if (amount !== null) checked.push({ currency, kind: rate.kind, min, max, amount, freeOver });
  }
  return checked;
}

export function checkZoneInput(
  problems: Problems,
  input: { name?: string | null; countries?: string[] | null; regions?: string[] | null },
  required: boolean,
) {
  const name = checkText(problems, ['name'], input.name, { required, max: 120 });
  const countries = input.countries?.map((c) => c.trim().toUpperCase());
  countries?.forEach((c, i) => {
    if (!isCountryCode(c))
      problems.add(['countries', i], CommerceError.INVALID_COUNTRY, `${c} is not an ISO 3166-1 alpha-2 code`);
  });
  const regions = input.regions?.map((r) => r.trim().toUpperCase());
  regions?.forEach((r, i) => {
    const [country, sub] = r.split('-');
    if (!country || !isCountryCode(country) || !sub || !/^[A-Z0-9]{1,3}$/.test(sub)) {
      problems.add(['regions', i], CommerceError.INVALID, 'Use ISO 3166-2 codes, e.g. US-CA');
    }
  });
  if (required && (countries?.length ?? 0) + (regions?.length ?? 0) === 0) {
    problems.add(['countries'], CommerceError.REQUIRED, 'Name at least one country or region');
  }
  if ((countries?.length ?? 0) > 250 || (regions?.length ?? 0) > 500) {
    problems.add(['countries'], CommerceError.TOO_MANY, 'Too many countries or regions');
  }
  return {
    name,
    countries: countries ? [...new Set(countries)] : undefined,
    regions: regions ? [...new Set(regions)] : undefined,
  };
}
