import type { RateKind } from '../db/shipping.schema.ts';

/** Pure shipping pricing: which zone an address is in, and what each of its methods costs for a cart. */

export interface ZoneRule {
  id: string;
  name: string;
  countries: string[];
  /** `US-CA` style codes. */
  regions: string[];
}

export interface RateRule {
  id: string;
  currency: string;
  kind: RateKind;
  min: number;
  max: number | null;
  amount: number;
  freeOver: number | null;
}

export interface MethodRule {
  id: string;
  zoneId: string;
  name: string;
  carrier: string | null;
  active: boolean;
  position: number;
  rates: RateRule[];
}

export interface ShippingRules {
  zones: ZoneRule[];
  methods: MethodRule[];
}

/**
 * How specifically a zone names an address: 2 when it lists the address's subdivision, 1 when it lists the
 * country and no subdivision of it, 0 when the address is not in the zone.
 */
export function zoneMatch(zone: ZoneRule, country: string, region: string | null): 0 | 1 | 2 {
  if (region && zone.regions.includes(`${country}-${region}`)) return 2;
  if (!zone.countries.includes(country)) return 0;
  return zone.regions.some((r) => r.startsWith(`${country}-`)) ? 0 : 1;
}

/** The most specific zone containing the address (the older one between equals: zones come oldest first). */
export function zoneFor(rules: ShippingRules, country: string, region: string | null): ZoneRule | null {
  let best: ZoneRule | null = null;
  let bestScore = 0;
  for (const zone of rules.zones) {
    const score = zoneMatch(zone, country, region);
    if (score > bestScore) {
      best = zone;
      bestScore = score;
    }
  }
  return best;
}

/** Countries some zone ships to (a region-only zone ships to part of its country, which counts). */
export function shipsTo(rules: ShippingRules, country: string): boolean {
  return rules.zones.some((z) => z.countries.includes(country) || z.regions.some((r) => r.startsWith(`${country}-`)));
}

export interface CartMeasure {
  currency: string;
  /** The goods after discounts, as the shopper sees them (minor units). */
  subtotal: number;
  weightGrams: number;
}

/** What one rate charges for the cart, or null when it does not apply. */
export function ratePrice(rate: RateRule, cart: CartMeasure): number | null {
  if (rate.currency !== cart.currency) return null;
  const measured = rate.kind === 'weight' ? cart.weightGrams : rate.kind === 'price' ? cart.subtotal : null;
  if (measured !== null && (measured < rate.min || (rate.max !== null && measured >= rate.max))) return null;
  if (rate.freeOver !== null && cart.subtotal >= rate.freeOver) return 0;
  return rate.amount;
}

export interface ShippingOption {
  methodId: string;
  name: string;
  carrier: string | null;
  amount: number;
}

/** The methods of the address's zone that can carry this cart, each at its cheapest applicable rate. */
export function shippingOptions(
  rules: ShippingRules,
  address: { country: string; region: string | null },
  cart: CartMeasure,
): ShippingOption[] {
  const zone = zoneFor(rules, address.country, address.region);
  if (!zone) return [];
  const options: (ShippingOption & { position: number })[] = [];
  for (const method of rules.methods) {
    if (method.zoneId !== zone.id || !method.active) continue;
    const prices = method.rates.map((r) => ratePrice(r, cart)).filter((p): p is number => p !== null);
    if (prices.length === 0) continue;
    options.push({
      methodId: method.id,
      name: method.name,
      carrier: method.carrier,
      amount: Math.min(...prices),
      position: method.position,
    });
  }
  return options
    .sort((a, b) => a.position - b.position || a.amount - b.amount || (a.methodId < b.methodId ? -1 : 1))
    .map(({ position: _position, ...option }) => option);
}
