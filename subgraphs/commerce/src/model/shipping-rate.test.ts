import { describe, expect, it } from 'vitest';
import { ratePrice, type ShippingRules, shippingOptions, shipsTo, zoneFor } from './shipping-rate.ts';

const rules: ShippingRules = {
  zones: [
    { id: 'z1', name: 'US', countries: ['US'], regions: [] },
    { id: 'z2', name: 'California', countries: [], regions: ['US-CA'] },
    { id: 'z3', name: 'EU', countries: ['DE', 'FR'], regions: [] },
  ],
  methods: [
    {
      id: 'm1',
      zoneId: 'z1',
      name: 'Ground',
      carrier: 'UPS',
      active: true,
      position: 0,
      rates: [
        { id: 'r1', currency: 'USD', kind: 'price', min: 0, max: 5000, amount: 799, freeOver: null },
        { id: 'r2', currency: 'USD', kind: 'price', min: 5000, max: null, amount: 0, freeOver: null },
      ],
    },
    {
      id: 'm2',
      zoneId: 'z2',
      name: 'Courier',
      carrier: null,
      active: true,
      position: 0,
      rates: [{ id: 'r3', currency: 'USD', kind: 'flat', min: 0, max: null, amount: 1500, freeOver: 10000 }],
    },
    {
      id: 'm3',
      zoneId: 'z3',
      name: 'Parcel',
      carrier: 'DHL',
      active: true,
      position: 1,
      rates: [
        { id: 'r4', currency: 'EUR', kind: 'weight', min: 0, max: 2000, amount: 595, freeOver: null },
        { id: 'r5', currency: 'EUR', kind: 'weight', min: 2000, max: 10000, amount: 1295, freeOver: null },
      ],
    },
    {
      id: 'm4',
      zoneId: 'z3',
      name: 'Off',
      carrier: null,
      active: false,
      position: 0,
      rates: [{ id: 'r6', currency: 'EUR', kind: 'flat', min: 0, max: null, amount: 1, freeOver: null }],
    },
  ],
};

describe('shipping zones', () => {
  it('puts an address in the most specific zone', () => {
    expect(zoneFor(rules, 'US', 'NY')?.name).toBe('US');
    expect(zoneFor(rules, 'US', 'CA')?.name).toBe('California');
    expect(zoneFor(rules, 'DE', null)?.name).toBe('EU');
    expect(zoneFor(rules, 'JP', null)).toBeNull();
    expect(shipsTo(rules, 'FR')).toBe(true);
    expect(shipsTo(rules, 'JP')).toBe(false);
  });
});

describe('rates', () => {
  it('applies flat, weight-based, price-based and free-over-threshold rates', () => {
    const cart = (subtotal: number, weightGrams = 0, currency = 'USD') => ({ currency, subtotal, weightGrams });
    expect(shippingOptions(rules, { country: 'US', region: 'NY' }, cart(4999))).toEqual([
      { methodId: 'm1', name: 'Ground', carrier: 'UPS', amount: 799 },
    ]);
    expect(shippingOptions(rules, { country: 'US', region: 'NY' }, cart(5000))[0]?.amount).toBe(0);
    expect(shippingOptions(rules, { country: 'US', region: 'CA' }, cart(9999))[0]?.amount).toBe(1500);
    expect(shippingOptions(rules, { country: 'US', region: 'CA' }, cart(10000))[0]?.amount).toBe(0);
    expect(shippingOptions(rules, { country: 'DE', region: null }, cart(1000, 1999, 'EUR'))).toEqual([
      { methodId: 'm3', name: 'Parcel', carrier: 'DHL', amount: 595 },
    ]);
    expect(shippingOptions(rules, { country: 'DE', region: null }, cart(1000, 2000, 'EUR'))[0]?.amount).toBe(1295);
    // Too heavy for every rate, or a currency without rates: the method is not offered.
    expect(shippingOptions(rules, { country: 'DE', region: null }, cart(1000, 10000, 'EUR'))).toEqual([]);
    expect(shippingOptions(rules, { country: 'DE', region: null }, cart(1000, 100, 'USD'))).toEqual([]);
  });
  it('takes the cheapest rate that applies', () => {
    expect(
      ratePrice(
        { id: 'x', currency: 'EUR', kind: 'flat', min: 0, max: null, amount: 500, freeOver: 500 },
        { currency: 'EUR', subtotal: 500, weightGrams: 0 },
      ),
    ).toBe(0);
    expect(
      ratePrice(
        { id: 'x', currency: 'EUR', kind: 'price', min: 100, max: 200, amount: 300, freeOver: null },
        { currency: 'EUR', subtotal: 200, weightGrams: 0 },
      ),
    ).toBeNull();
  });
});
