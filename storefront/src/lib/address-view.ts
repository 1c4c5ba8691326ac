/** Saved addresses as pages and client components use them (no server-only imports: this reaches the browser). */
import type { AddressFieldsFragment } from '../__generated__/graphql.ts';

/** A saved address as the pages use it (and as it may go to the browser). */
export interface SavedAddress {
  id: string;
  name: string;
  company: string;
  line1: string;
  line2: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
  phone: string;
  isDefault: boolean;
}

/** The graph's address → plain strings for forms; the default first, then in the graph's order. */
export function savedAddresses(list: readonly AddressFieldsFragment[]): SavedAddress[] {
  const plain = list.map((a) => ({
    id: a.id,
    name: a.name,
    company: a.company ?? '',
    line1: a.line1,
    line2: a.line2 ?? '',
    city: a.city,
    region: a.region ?? '',
    postalCode: a.postalCode ?? '',
    country: a.country,
    phone: a.phone ?? '',
    isDefault: a.isDefault,
  }));
  return [...plain.filter((a) => a.isDefault), ...plain.filter((a) => !a.isDefault)];
}

/** One line for a list or a radio label: "Ada Lovelace, 1 Market Street, 94103 San Francisco, US". */
export function addressSummary(a: SavedAddress): string {
  return [a.name, a.company, a.line1, a.line2, [a.postalCode, a.city].filter(Boolean).join(' '), a.region, a.country]
    .filter(Boolean)
    .join(', ');
}
