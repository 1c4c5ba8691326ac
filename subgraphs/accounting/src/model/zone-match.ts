/**
 * Which tax zones an address falls in. A zone names one country and may narrow it to regions and/or
 * postal-code patterns; a narrower zone is more specific (postal codes count more than regions).
 * Pure: no database, so the calculation and its tests share it.
 */
export interface ZoneRule {
  id: string;
  name: string;
  country: string;
  regions: string[];
  postalCodePatterns: string[];
}

export interface TaxAddress {
  country: string;
  region?: string | null;
  postalCode?: string | null;
}

/** Upper case without spaces: 'sw1a 1aa' and 'SW1A1AA' are the same postal code. */
export function normalisePostalCode(value: string): string {
  return value.toUpperCase().replace(/\s+/g, '');
}

const exactPattern = /^[A-Z0-9-]{1,16}$/;
const prefixPattern = /^[A-Z0-9-]{1,15}\*$/;
const rangePattern = /^(\d{1,10})\.\.(\d{1,10})$/;

/** A pattern as stored, or null when it is none of: exact code, prefix (`BT*`), numeric range (`10000..14999`). */
export function normalisePostalPattern(value: string): string | null {
  const pattern = normalisePostalCode(value);
  if (exactPattern.test(pattern) || prefixPattern.test(pattern)) return pattern;
  const range = rangePattern.exec(pattern);
  if (range && range[1]?.length === range[2]?.length && (range[1] ?? '') <= (range[2] ?? '')) return pattern;
  return null;
}

export function postalCodeMatches(pattern: string, postalCode: string): boolean {
  if (pattern.endsWith('*')) return postalCode.startsWith(pattern.slice(0, -1));
  const range = rangePattern.exec(pattern);
  if (range) {
    const [, low = '', high = ''] = range;
    // Same-length digit strings compare like the numbers they spell, leading zeros included.
    return /^\d+$/.test(postalCode) && postalCode.length === low.length && low <= postalCode && postalCode <= high;
  }
  return pattern === postalCode;
}

function specificity(zone: ZoneRule): number {
  return (zone.postalCodePatterns.length > 0 ? 2 : 0) + (zone.regions.length > 0 ? 1 : 0);
}

/**
 * The zones containing the address, most specific first; between equally specific zones the older one
 * (lower id: ids are time-ordered ULIDs) comes first, so the order never depends on the database.
 */
export function matchingZones<Z extends ZoneRule>(zones: readonly Z[], address: TaxAddress): Z[] {
  const region = address.region?.trim().toUpperCase() || null;
  const postalCode = address.postalCode ? normalisePostalCode(address.postalCode) : null;
  return zones
    .filter(
      (zone) =>
        zone.country === address.country &&
        (zone.regions.length === 0 || (region !== null && zone.regions.includes(region))) &&
        (zone.postalCodePatterns.length === 0 ||
          (postalCode !== null && zone.postalCodePatterns.some((p) => postalCodeMatches(p, postalCode)))),
    )
    .sort((a, b) => specificity(b) - specificity(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
