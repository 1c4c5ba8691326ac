/**
 * Client-side checks for an address: fast feedback only. The server validates again and its userErrors win (they
 * are shown next to the same fields). Messages say how to fix the value, not just that it is wrong.
 */
export interface Address {
  name: string;
  company?: string;
  line1: string;
  line2?: string;
  city: string;
  region?: string;
  postalCode: string;
  /** ISO 3166-1 alpha-2 */
  country: string;
  phone?: string;
}

export type AddressField = keyof Address;
export type AddressErrors = Partial<Record<AddressField, string>>;

// Postal code shapes for the countries the demo ships to; anything else only needs to be present and short.
const POSTAL: Record<string, { pattern: RegExp; example: string }> = {
  AT: { pattern: /^\d{4}$/, example: '1010' },
  BE: { pattern: /^\d{4}$/, example: '1000' },
  DE: { pattern: /^\d{5}$/, example: '10115' },
  FR: { pattern: /^\d{5}$/, example: '75001' },
  NL: { pattern: /^\d{4} ?[A-Z]{2}$/i, example: '1012 AB' },
  GB: { pattern: /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/i, example: 'EH6 6LD' },
  US: { pattern: /^\d{5}(-\d{4})?$/, example: '94103' },
  IE: { pattern: /^[A-Z]\d[\dW] ?[A-Z\d]{4}$/i, example: 'D02 X285' },
};

const REQUIRED: Array<[AddressField, string]> = [
  ['name', 'Enter the full name of the recipient.'],
  ['line1', 'Enter the street and house number.'],
  ['city', 'Enter the town or city.'],
  ['postalCode', 'Enter the postal code.'],
  ['country', 'Choose a country.'],
];

export function validateAddress(address: Partial<Address>): AddressErrors {
  const errors: AddressErrors = {};
  for (const [field, message] of REQUIRED) {
    if (!address[field]?.trim()) errors[field] = message;
  }
  const postal = address.postalCode?.trim();
  const rule = address.country ? POSTAL[address.country] : undefined;
  if (postal && rule && !rule.pattern.test(postal)) {
    errors.postalCode = `Enter a postal code like ${rule.example}.`;
  } else if (postal && postal.length > 12) {
    errors.postalCode = 'A postal code has at most 12 characters.';
  }
  const phone = address.phone?.trim();
  if (phone && !/^\+?[\d\s().-]{6,20}$/.test(phone)) {
    errors.phone = 'Enter a phone number with digits only, like +49 30 1234567.';
  }
  for (const field of ['name', 'company', 'line1', 'line2', 'city', 'region'] as const) {
    if ((address[field]?.length ?? 0) > 100) errors[field] = 'Keep this under 100 characters.';
  }
  return errors;
}
