import type { Problems } from '@meridian/kit';
import { CommerceError } from '../commerce.errors.ts';
import type { Address } from '../db/types.ts';
import { checkText } from './validate.ts';

/**
 * ISO 3166-1 alpha-2 codes (the 249 assigned, plus XK). Not Intl.DisplayNames: it also names regions that
 * are no countries (EU, UN) and withdrawn codes (UK), which an address must not carry.
 * (The same list as accounting's; it belongs in the kit once a third domain needs it.)
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

/**
 * A normalised address, or null with the problems added under `field`. Required everywhere: name, first
 * line, city, country; the postal code where the country has a format above; the region in US, CA, AU.
 */
export function checkAddress(problems: Problems, field: string[], input: AddressInput): Address | null {
  const before = problems.list.length;
  const name = checkText(problems, [...field, 'name'], input.name, { required: true, max: 200 });
  const company = checkText(problems, [...field, 'company'], input.company, { max: 200 });
  const line1 = checkText(problems, [...field, 'line1'], input.line1, { required: true, max: 200 });
  const line2 = checkText(problems, [...field, 'line2'], input.line2, { max: 200 });
  const city = checkText(problems, [...field, 'city'], input.city, { required: true, max: 100 });
  const phone = checkText(problems, [...field, 'phone'], input.phone, { max: 40 });
  const country = (input.country ?? '').trim().toUpperCase();
  if (!isCountryCode(country)) {
    problems.add([...field, 'country'], CommerceError.INVALID_COUNTRY, 'Use an ISO 3166-1 alpha-2 country code');
  }
  let region = checkText(problems, [...field, 'region'], input.region, { max: 10 });
  region = region ? region.toUpperCase().replace(new RegExp(`^${country}-`), '') : null;
  if (region && !/^[A-Z0-9]{1,3}$/.test(region)) {
    problems.add([...field, 'region'], CommerceError.INVALID, 'Use the ISO 3166-2 subdivision code, e.g. CA');
  }
  if (!region && regionRequired.has(country)) {
    problems.add([...field, 'region'], CommerceError.REQUIRED, 'A state or province is required in this country');
  }
  let postalCode = checkText(problems, [...field, 'postalCode'], input.postalCode, { max: 16 });
  postalCode = postalCode ? postalCode.toUpperCase().replace(/\s+/g, ' ') : null;
  const format = postalFormats[country];
  if (format && !postalCode) {
    problems.add([...field, 'postalCode'], CommerceError.REQUIRED, 'A postal code is required in this country');
  } else if (format && postalCode && !format.test(postalCode)) {
    problems.add([...field, 'postalCode'], CommerceError.INVALID_POSTAL_CODE, `Not a valid postal code for ${country}`);
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

/** One line per part, for emails and packing slips. */
export function formatAddress(address: Address): string {
  return [
    address.name,
    address.company,
    address.line1,
    address.line2,
    [address.postalCode, address.city, address.region].filter(Boolean).join(' '),
    address.country,
  ]
    .filter(Boolean)
    .join('\n');
}
