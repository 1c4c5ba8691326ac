import type { Problems } from './mutations/mutation.ts';

/**
 * Postal addresses: the rules every domain that stores one shares (commerce's carts and orders, identity's
 * address book, accounting's tax lookups). The userError codes are the caller's, so each domain keeps its own.
 */

/**
 * ISO 3166-1 alpha-2 country codes (the 249 officially assigned), plus XK (Kosovo, user-assigned but used
 * by payment providers and carriers). Not Intl.DisplayNames: it also names regions that are no countries
 * (EU, UN, EZ) and withdrawn codes (UK, YU), which an address must not carry.
 */
// biome-ignore format: a table reads better packed
const codes = `
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP
KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT
MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG
UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW XK`;

const countries = new Set(codes.trim().split(/\s+/));

export function isCountryCode(code: string): boolean {
  return countries.has(code);
}

/**
 * Postal-code formats of the countries where carriers refuse a parcel without a valid one. Elsewhere a
 * postal code is optional free text (many countries have none; a strict world-wide table goes stale).
 */
const postalFormats: Record<string, RegExp> = {
  US: /^\d{5}(-\d{4})?$/,
  CA: /^[A-Z]\d[A-Z] ?\d[A-Z]\d$/,
  GB: /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/,
  DE: /^\d{5}$/,
  FR: /^\d{5}$/,
  ES: /^\d{5}$/,
  IT: /^\d{5}$/,
  NL: /^\d{4} ?[A-Z]{2}$/,
  BE: /^\d{4}$/,
  AT: /^\d{4}$/,
  CH: /^\d{4}$/,
  AU: /^\d{4}$/,
  JP: /^\d{3}-?\d{4}$/,
};

/** Countries whose addresses need a state or province (it decides tax and carriers there). */
const regionRequired = new Set(['US', 'CA', 'AU']);

/** A checked address: trimmed, country and region upper-cased, empty parts null. */
export interface Address {
  name: string;
  company: string | null;
  line1: string;
  line2: string | null;
  city: string;
  /** ISO 3166-2 subdivision code without the country part (CA for California). */
  region: string | null;
  postalCode: string | null;
  /** ISO 3166-1 alpha-2. */
  country: string;
  phone: string | null;
}

export interface AddressInput {
  name: string;
  company?: string | null;
  line1: string;
  line2?: string | null;
  city: string;
  region?: string | null;
  postalCode?: string | null;
  country: string;
  phone?: string | null;
}

/** The userError codes an address check reports, in the caller's vocabulary. */
export interface AddressErrorCodes {
  REQUIRED: string;
  TOO_LONG: string;
  INVALID: string;
  INVALID_COUNTRY: string;
  INVALID_POSTAL_CODE: string;
}

export const addressErrorCodes: AddressErrorCodes = {
  REQUIRED: 'REQUIRED',
  TOO_LONG: 'TOO_LONG',
  INVALID: 'INVALID',
  INVALID_COUNTRY: 'INVALID_COUNTRY',
  INVALID_POSTAL_CODE: 'INVALID_POSTAL_CODE',
};

type Field = (string | number)[];

function text(
  problems: Problems,
  field: Field,
  value: string | null | undefined,
  options: { required?: boolean; max: number },
  codes: AddressErrorCodes,
): string | null {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (!trimmed) {
    if (options.required) problems.add(field, codes.REQUIRED, 'Required');
    return null;
  }
  if (trimmed.length > options.max) {
    problems.add(field, codes.TOO_LONG, `At most ${options.max} characters`);
    return null;
  }
  return trimmed;
}

/**
 * A normalised address, or null with the problems added under `field`. Required everywhere: name, first
 * line, city, country; the postal code where the country has a format above; the region in US, CA, AU.
 */
export function checkAddress(
  problems: Problems,
  field: Field,
  input: AddressInput,
  codes: AddressErrorCodes = addressErrorCodes,
): Address | null {
  const before = problems.list.length;
  const at = (name: string) => [...field, name];
  const name = text(problems, at('name'), input.name, { required: true, max: 200 }, codes);
  const company = text(problems, at('company'), input.company, { max: 200 }, codes);
  const line1 = text(problems, at('line1'), input.line1, { required: true, max: 200 }, codes);
  const line2 = text(problems, at('line2'), input.line2, { max: 200 }, codes);
  const city = text(problems, at('city'), input.city, { required: true, max: 100 }, codes);
  const phone = text(problems, at('phone'), input.phone, { max: 40 }, codes);
  const country = (typeof input.country === 'string' ? input.country : '').trim().toUpperCase();
  if (!isCountryCode(country)) {
    problems.add(at('country'), codes.INVALID_COUNTRY, 'Use an ISO 3166-1 alpha-2 country code');
  }
  let region = text(problems, at('region'), input.region, { max: 10 }, codes);
  // `US-CA` becomes `CA` (a plain prefix test: the country is raw input, never a pattern).
  region = region ? region.toUpperCase() : null;
  if (region?.startsWith(`${country}-`)) region = region.slice(country.length + 1);
  if (region && !/^[A-Z0-9]{1,3}$/.test(region)) {
    problems.add(at('region'), codes.INVALID, 'Use the ISO 3166-2 subdivision code, e.g. CA');
  }
  if (!region && regionRequired.has(country)) {
    problems.add(at('region'), codes.REQUIRED, 'A state or province is required in this country');
  }
  let postalCode = text(problems, at('postalCode'), input.postalCode, { max: 16 }, codes);
  postalCode = postalCode ? postalCode.toUpperCase().replace(/\s+/g, ' ') : null;
  const format = postalFormats[country];
  if (format && !postalCode) {
    problems.add(at('postalCode'), codes.REQUIRED, 'A postal code is required in this country');
  } else if (format && postalCode && !format.test(postalCode)) {
    problems.add(at('postalCode'), codes.INVALID_POSTAL_CODE, `Not a valid postal code for ${country}`);
  }
  if (problems.list.length > before) return null;
  return {
    name: name as string,
    company,
    line1: line1 as string,
    line2,
    city: city as string,
    region,
    postalCode,
    country,
    phone,
  };
}
