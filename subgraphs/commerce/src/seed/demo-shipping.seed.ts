import { newId, type TenantTx } from '@meridian/kit';
import { shippingMethods, shippingRates, shippingZones } from '../db/schema.ts';

type Rate = {
  currency: string;
  kind: 'flat' | 'weight' | 'price';
  min?: number;
  max?: number | null;
  amount: number;
  freeOver?: number | null;
};

const zones: { name: string; countries: string[]; methods: { name: string; carrier: string; rates: Rate[] }[] }[] = [
  {
    name: 'United Kingdom',
    countries: ['GB'],
    methods: [
      {
        name: 'Standard',
        carrier: 'Royal Mail',
        rates: [{ currency: 'GBP', kind: 'flat', amount: 399, freeOver: 5000 }],
      },
      { name: 'Next day', carrier: 'DPD', rates: [{ currency: 'GBP', kind: 'flat', amount: 899 }] },
    ],
  },
  {
    name: 'Europe',
    countries: ['DE', 'FR', 'NL', 'BE', 'AT', 'IE', 'ES', 'IT'],
    methods: [
      {
        name: 'Standard',
        carrier: 'DHL',
        rates: [
          { currency: 'EUR', kind: 'weight', min: 0, max: 2000, amount: 595, freeOver: 7500 },
          { currency: 'EUR', kind: 'weight', min: 2000, max: null, amount: 1295, freeOver: 7500 },
          { currency: 'GBP', kind: 'flat', amount: 999 },
        ],
      },
    ],
  },
  {
    name: 'United States',
    countries: ['US'],
    methods: [
      {
        name: 'Ground',
        carrier: 'UPS',
        rates: [
          { currency: 'USD', kind: 'price', min: 0, max: 5000, amount: 799 },
          { currency: 'USD', kind: 'price', min: 5000, max: null, amount: 0 },
        ],
      },
      { name: 'Express', carrier: 'FedEx', rates: [{ currency: 'USD', kind: 'flat', amount: 2499 }] },
    ],
  },
];

/** Shipping for the demo tenant: UK, Europe and US zones with flat, weight- and price-based rates. Idempotent. */
export async function seedDemoShipping(tx: TenantTx): Promise<void> {
  const existing = await tx.select({ id: shippingZones.id }).from(shippingZones).limit(1);
  if (existing.length > 0) return;
  for (const zone of zones) {
    const zoneId = newId('shz');
    await tx.insert(shippingZones).values({ id: zoneId, name: zone.name, countries: zone.countries, regions: [] });
    for (const [position, method] of zone.methods.entries()) {
      const methodId = newId('shm');
      await tx
        .insert(shippingMethods)
        .values({ id: methodId, zoneId, name: method.name, carrier: method.carrier, position });
      await tx.insert(shippingRates).values(
        method.rates.map((r) => ({
          id: newId('shr'),
          methodId,
          currency: r.currency,
          kind: r.kind,
          min: r.min ?? 0,
          max: r.max ?? null,
          amount: r.amount,
          freeOver: r.freeOver ?? null,
        })),
      );
    }
  }
}
