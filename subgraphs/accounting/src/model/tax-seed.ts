import { newId, type TenantTx } from '@meridian/kit';
import { eq } from 'drizzle-orm';
import { taxClasses, taxRates, taxZones } from '../db/schema.ts';
import { builtInClasses } from './tax-class.ts';
import { ensureTaxSettings } from './tax-settings.ts';

/**
 * Every new tenant: the built-in classes and the settings row (prices exclusive of tax, standard class
 * by default, shipping taxed like the goods). No zones and no rates: which taxes a business must charge
 * depends on where it is registered, which Meridian cannot know, and a shipped rate table would go
 * stale with every budget. Until the tenant adds a zone, every address is in no zone: zero tax.
 */
export async function seedTaxDefaults(tx: TenantTx): Promise<void> {
  await tx
    .insert(taxClasses)
    .values(builtInClasses.map((c) => ({ id: newId('txc'), ...c, builtIn: true })))
    .onConflictDoNothing({ target: taxClasses.code });
  await ensureTaxSettings(tx);
}

type DemoRate = {
  classCode: string;
  rate: string;
  name: string;
  priority?: number;
  validFrom?: string;
  validTo?: string;
};
type DemoZone = { name: string; country: string; regions?: string[]; postalCodePatterns?: string[]; rates: DemoRate[] };

const vat = (standard: string, reduced: string, books: string, name = 'VAT'): DemoRate[] => [
  { classCode: 'standard', rate: standard, name },
  { classCode: 'reduced', rate: reduced, name },
  { classCode: 'zero', rate: '0', name },
  { classCode: 'books', rate: books, name },
];

/** UK, EU and US examples for the demo tenant (rates as published at the time of writing). */
const demoZones: DemoZone[] = [
  {
    name: 'United Kingdom',
    country: 'GB',
    rates: [
      // The 2011 change, kept to show a rate's validity window.
      {
        classCode: 'standard',
        rate: '17.5',
        name: 'VAT',
        validFrom: '2010-01-01T00:00:00Z',
        validTo: '2011-01-04T00:00:00Z',
      },
      { classCode: 'standard', rate: '20', name: 'VAT', validFrom: '2011-01-04T00:00:00Z' },
      ...vat('20', '5', '0').slice(1),
    ],
  },
  { name: 'Germany', country: 'DE', rates: vat('19', '7', '7', 'MwSt') },
  { name: 'France', country: 'FR', rates: vat('20', '5.5', '5.5', 'TVA') },
  { name: 'Netherlands', country: 'NL', rates: vat('21', '9', '9', 'BTW') },
  {
    name: 'California',
    country: 'US',
    regions: ['CA'],
    rates: [
      { classCode: 'standard', rate: '7.25', name: 'CA sales tax' },
      { classCode: 'books', rate: '7.25', name: 'CA sales tax' },
      { classCode: 'zero', rate: '0', name: 'CA sales tax' },
    ],
  },
  {
    name: 'New York State',
    country: 'US',
    regions: ['NY'],
    rates: [
      { classCode: 'standard', rate: '4', name: 'NY state tax' },
      { classCode: 'books', rate: '4', name: 'NY state tax' },
    ],
  },
  {
    // Stacks on the state rate for addresses in New York City.
    name: 'New York City',
    country: 'US',
    regions: ['NY'],
    postalCodePatterns: ['100*', '101*', '102*', '103*', '104*', '111*', '112*', '113*', '114*', '116*'],
    rates: [
      { classCode: 'standard', rate: '4.5', name: 'NYC tax', priority: 2 },
      { classCode: 'standard', rate: '0.375', name: 'MCTD', priority: 3 },
      { classCode: 'books', rate: '4.5', name: 'NYC tax', priority: 2 },
      { classCode: 'books', rate: '0.375', name: 'MCTD', priority: 3 },
    ],
  },
  {
    name: 'Texas',
    country: 'US',
    regions: ['TX'],
    rates: [{ classCode: 'standard', rate: '6.25', name: 'TX sales tax' }],
  },
];

export async function seedTaxDemo(tx: TenantTx): Promise<void> {
  await seedTaxDefaults(tx);
  await tx
    .insert(taxClasses)
    .values({ id: newId('txc'), code: 'books', name: 'Books' })
    .onConflictDoNothing({ target: taxClasses.code });
  const classes = new Map((await tx.select().from(taxClasses)).map((c) => [c.code, c.id]));
  for (const demo of demoZones) {
    const [existing] = await tx.select({ id: taxZones.id }).from(taxZones).where(eq(taxZones.name, demo.name));
    if (existing) continue;
    const zoneId = newId('txz');
    await tx.insert(taxZones).values({
      id: zoneId,
      name: demo.name,
      country: demo.country,
      regions: demo.regions ?? [],
      postalCodePatterns: demo.postalCodePatterns ?? [],
    });
    await tx.insert(taxRates).values(
      demo.rates.map((r) => ({
        id: newId('txr'),
        zoneId,
        taxClassId: classes.get(r.classCode) as string,
        name: r.name,
        rate: r.rate,
        priority: r.priority ?? 1,
        validFrom: r.validFrom ? new Date(r.validFrom) : null,
        validTo: r.validTo ? new Date(r.validTo) : null,
      })),
    );
  }
}
