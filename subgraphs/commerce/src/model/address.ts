import { type AddressInput, checkAddress as checkAnyAddress, isCountryCode, type Problems } from '@meridian/kit';
import { CommerceError } from '../commerce.errors.ts';
import type { Address } from '../db/types.ts';

// The rules (countries, postal formats, required regions) live in the kit; commerce reports its own codes.
export { type AddressInput, isCountryCode };

/** A normalised address, or null with the problems added under `field` (see the kit's checkAddress). */
export function checkAddress(problems: Problems, field: string[], input: AddressInput): Address | null {
  return checkAnyAddress(problems, field, input, CommerceError);
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
