import { describe, expect, it } from 'vitest';
import { type ClassRule, calculateTax, type RateRule, type TaxInput, type TaxRules } from './tax-calculation.ts';
import type { ZoneRule } from './zone-match.ts';

// Worked examples of docs/accounting/tax.md: every number here is computed by hand there.

const classes: ClassRule[] = [
  { id: 'standard', code: 'standard', exempt: false },
  { id: 'reduced', code: 'reduced', exempt: false },
  { id: 'zero', code: 'zero', exempt: false },
  { id: 'exempt', code: 'exempt', exempt: true },
];

const zone = (id: string, country: string, extra: Partial<ZoneRule> = {}): ZoneRule => ({
  id,
  name: id,
  country,
  regions: [],
  postalCodePatterns: [],
  ...extra,
});

let counter = 0;
const rate = (zoneId: string, taxClassId: string, percent: string, extra: Partial<RateRule> = {}): RateRule => ({
  id: `rate-${++counter}-${zoneId}-${taxClassId}-${percent}`,
  zoneId,
  taxClassId,
  name: 'VAT',
  rate: percent,
  priority: 1,
  compound: false,
  validFrom: null,
  validTo: null,
  ...extra,
});

const vatChange = new Date('2011-01-04T00:00:00Z');
const rules: TaxRules = {
  zones: [
    zone('z1-gb', 'GB'),
    zone('z2-de', 'DE'),
    // Heligoland is outside the German VAT territory: a more specific zone overrides the country.
    zone('z3-de-heligoland', 'DE', { postalCodePatterns: ['27498'] }),
    zone('z4-us-ca', 'US', { regions: ['CA'] }),
    zone('z5-us-ny', 'US', { regions: ['NY'] }),
    zone('z6-nyc', 'US', { regions: ['NY'], postalCodePatterns: ['10001..10299'] }),
    zone('z7-ca-qc', 'CA', { regions: ['QC'] }),
  ],
  rates: [
    rate('z1-gb', 'standard', '17.500', { validTo: vatChange }),
    rate('z1-gb', 'standard', '20.000', { validFrom: vatChange }),
    rate('z1-gb', 'reduced', '5.000'),
    rate('z1-gb', 'zero', '0.000'),
    rate('z2-de', 'standard', '19.000', { name: 'MwSt' }),
    rate('z2-de', 'reduced', '7.000', { name: 'MwSt' }),
    rate('z3-de-heligoland', 'standard', '0.000'),
    rate('z4-us-ca', 'standard', '7.250', { name: 'CA sales tax' }),
    rate('z4-us-ca', 'zero', '0.000', { name: 'CA sales tax' }),
    rate('z5-us-ny', 'standard', '4.000', { name: 'NY state' }),
    rate('z6-nyc', 'standard', '4.500', { name: 'NYC', priority: 2 }),
    rate('z6-nyc', 'standard', '0.375', { name: 'MCTD', priority: 3 }),
    rate('z7-ca-qc', 'standard', '5.000', { name: 'GST' }),
    rate('z7-ca-qc', 'standard', '9.500', { name: 'QST', priority: 2, compound: true }),
    // Rates attached to an exempt class never apply.
    rate('z1-gb', 'exempt', '20.000'),
  ],
  classes,
  shipping: { mode: 'proportional', fallbackTaxClassId: 'standard' },
};

const now = new Date('2026-03-01T12:00:00Z');
const input = (overrides: Partial<TaxInput>): TaxInput => ({
  lines: [],
  currency: 'GBP',
  address: { country: 'GB' },
  pricesIncludeTax: false,
  at: now,
  ...overrides,
});

const summary = (result: ReturnType<typeof calculateTax>) => ({
  lines: result.lines.map((l) => [l.key, l.netAmount, l.taxAmount, l.grossAmount]),
  totals: [result.netTotal, result.taxTotal, result.grossTotal],
});

const ukCart = [
  { key: 'jacket', amount: 1299, quantity: 3, taxClassId: 'standard' },
  { key: 'child-seat', amount: 450, quantity: 2, taxClassId: 'reduced' },
];

describe('calculateTax: worked examples', () => {
  it('UK, prices exclusive: 20% and 5% lines, rounded per line', () => {
    const result = calculateTax(input({ lines: ukCart }), rules);
    // 3897 × 20% = 779.4 → 779; 900 × 5% = 45
    expect(summary(result)).toEqual({
      lines: [
        ['jacket', 3897, 779, 4676],
        ['child-seat', 900, 45, 945],
      ],
      totals: [4797, 824, 5621],
    });
    expect(result.zone).toEqual({ id: 'z1-gb', name: 'z1-gb' });
    expect(result.breakdown.map((b) => [b.rate, b.taxableAmount, b.taxAmount])).toEqual([
      ['20.000', 3897, 779],
      ['5.000', 900, 45],
    ]);
  });

  it('UK, prices inclusive: the tax inside the gross, half-even at exactly .5', () => {
    const result = calculateTax(input({ lines: ukCart, pricesIncludeTax: true }), rules);
    // 3897 × 20/120 = 649.5 → 650 (even); 900 × 5/105 = 42.857 → 43
    expect(summary(result)).toEqual({
      lines: [
        ['jacket', 3247, 650, 3897],
        ['child-seat', 857, 43, 900],
      ],
      totals: [4104, 693, 4797],
    });
  });

  it('Germany, prices inclusive: 19% and 7%', () => {
    const result = calculateTax(
      input({
        currency: 'EUR',
        address: { country: 'DE', postalCode: '10115' },
        pricesIncludeTax: true,
        lines: [
          { key: 'boots', amount: 1999, quantity: 2, taxClassId: 'standard' },
          { key: 'coffee', amount: 249, quantity: 4, taxClassId: 'reduced' },
        ],
      }),
      rules,
    );
    // 3998 × 19/119 = 638.34 → 638; 996 × 7/107 = 65.16 → 65
    expect(summary(result)).toEqual({
      lines: [
        ['boots', 3360, 638, 3998],
        ['coffee', 931, 65, 996],
      ],
      totals: [4291, 703, 4994],
    });
    expect(result.breakdown.map((b) => b.name)).toEqual(['MwSt', 'MwSt']);
  });

  it('US state zone: a zero-rated line shows in the breakdown at 0%', () => {
    const result = calculateTax(
      input({
        currency: 'USD',
        address: { country: 'US', region: 'ca', postalCode: '94103' },
        lines: [
          { key: 'tent', amount: 2999, quantity: 1, taxClassId: 'standard' },
          { key: 'groceries', amount: 500, quantity: 3, taxClassId: 'zero' },
        ],
      }),
      rules,
    );
    // 2999 × 7.25% = 217.4275 → 217
    expect(summary(result)).toEqual({
      lines: [
        ['tent', 2999, 217, 3216],
        ['groceries', 1500, 0, 1500],
      ],
      totals: [4499, 217, 4716],
    });
    expect(result.breakdown.map((b) => [b.rate, b.taxableAmount, b.taxAmount])).toEqual([
      ['7.250', 2999, 217],
      ['0.000', 1500, 0],
    ]);
  });

  it('rounds half to even, never half up', () => {
    const lines = [
      { key: 'a', amount: 50, quantity: 1, taxClassId: 'reduced' }, // 7% of 50 = 3.5 → 4
      { key: 'b', amount: 150, quantity: 1, taxClassId: 'reduced' }, // 7% of 150 = 10.5 → 10
      { key: 'c', amount: 250, quantity: 1, taxClassId: 'reduced' }, // 7% of 250 = 17.5 → 18
    ];
    const result = calculateTax(input({ currency: 'EUR', address: { country: 'DE' }, lines }), rules);
    expect(result.lines.map((l) => l.taxAmount)).toEqual([4, 10, 18]);
    const gross = [3, 9, 15].map((amount, i) => ({ key: `g${i}`, amount, quantity: 1, taxClassId: 'standard' }));
    const inclusive = calculateTax(input({ lines: gross, pricesIncludeTax: true }), rules);
    // 20% inside 3, 9, 15: 0.5 → 0, 1.5 → 2, 2.5 → 2
    expect(inclusive.lines.map((l) => l.taxAmount)).toEqual([0, 2, 2]);
  });

  it('rounds per line, not per unit and not per cart', () => {
    // Per unit: 0.2 → 0 each (0); per line: 3 × 1 = 3 → 0.6 → 1
    const perLine = calculateTax(
      input({ lines: [{ key: 'x', amount: 1, quantity: 3, taxClassId: 'standard' }] }),
      rules,
    );
    expect(perLine.taxTotal).toBe(1);
    // Two lines of 0.4 each: per line 0 + 0 = 0 (a per-cart rounding would give 0.8 → 1)
    const twoLines = calculateTax(
      input({
        lines: [
          { key: 'p', amount: 2, quantity: 1, taxClassId: 'standard' },
          { key: 'q', amount: 2, quantity: 1, taxClassId: 'standard' },
        ],
      }),
      rules,
    );
    expect(twoLines.taxTotal).toBe(0);
  });

  it('takes the line discount off before the tax', () => {
    const result = calculateTax(
      input({ lines: [{ key: 'jacket', amount: 1299, quantity: 3, discount: 1000, taxClassId: 'standard' }] }),
      rules,
    );
    // 3897 − 1000 = 2897; × 20% = 579.4 → 579
    expect(summary(result).lines).toEqual([['jacket', 2897, 579, 3476]]);
  });

  it('changes rate exactly at the validity boundary', () => {
    const line = [{ key: 'coat', amount: 10000, quantity: 1, taxClassId: 'standard' }];
    const before = calculateTax(input({ lines: line, at: new Date(vatChange.getTime() - 1) }), rules);
    const at = calculateTax(input({ lines: line, at: vatChange }), rules);
    expect([before.taxTotal, before.breakdown[0]?.rate]).toEqual([1750, '17.500']);
    expect([at.taxTotal, at.breakdown[0]?.rate]).toEqual([2000, '20.000']);
  });

  it('charges nothing where the address is in no zone', () => {
    const result = calculateTax(input({ address: { country: 'FR' }, lines: ukCart }), rules);
    expect(result.zone).toBeNull();
    expect(result.breakdown).toEqual([]);
    expect([result.netTotal, result.taxTotal, result.grossTotal]).toEqual([4797, 0, 4797]);
  });

  it('lets a more specific zone override its country (Heligoland)', () => {
    const line = [{ key: 'boots', amount: 1000, quantity: 1, taxClassId: 'standard' }];
    const heligoland = calculateTax(
      input({ currency: 'EUR', address: { country: 'DE', postalCode: '27498' }, lines: line }),
      rules,
    );
    expect(heligoland.zone?.id).toBe('z3-de-heligoland');
    expect(heligoland.taxTotal).toBe(0);
    // Its reduced rate is not overridden: the country's applies.
    const coffee = [{ key: 'coffee', amount: 1000, quantity: 1, taxClassId: 'reduced' }];
    expect(
      calculateTax(input({ currency: 'EUR', address: { country: 'DE', postalCode: '27498' }, lines: coffee }), rules)
        .taxTotal,
    ).toBe(70);
  });

  it('stacks levels from several zones (New York City: state 4% + city 4.5% + MCTD 0.375%)', () => {
    const result = calculateTax(
      input({
        currency: 'USD',
        address: { country: 'US', region: 'NY', postalCode: '10001' },
        lines: [{ key: 'tent', amount: 10000, quantity: 1, taxClassId: 'standard' }],
      }),
      rules,
    );
    // 400 + 450 + 37.5 → 38
    expect(result.lines[0]?.taxes.map((t) => [t.name, t.taxAmount])).toEqual([
      ['NY state', 400],
      ['NYC', 450],
      ['MCTD', 38],
    ]);
    expect(result.taxTotal).toBe(888);
    const upstate = calculateTax(
      input({ currency: 'USD', address: { country: 'US', region: 'NY', postalCode: '12207' }, lines: result.lines }),
      rules,
    );
    expect(upstate.taxTotal).toBe(400);
  });

  it('compounds a rate on the lower levels (Quebec 2012: GST 5% then QST 9.5% on price + GST)', () => {
    const address = { country: 'CA', region: 'QC' };
    const net = calculateTax(
      input({ currency: 'CAD', address, lines: [{ key: 'x', amount: 10000, quantity: 1, taxClassId: 'standard' }] }),
      rules,
    );
    // GST 500; QST 9.5% of 10 500 = 997.5 → 998
    expect(net.lines[0]?.taxes.map((t) => [t.name, t.taxableAmount, t.taxAmount])).toEqual([
      ['GST', 10000, 500],
      ['QST', 10500, 998],
    ]);
    const gross = calculateTax(
      input({
        currency: 'CAD',
        address,
        pricesIncludeTax: true,
        lines: [{ key: 'x', amount: 11498, quantity: 1, taxClassId: 'standard' }],
      }),
      rules,
    );
    // m = 1.05 × 1.095 = 1.14975; tax = 11498 × 0.14975 / 1.14975 = 1497.56 → 1498; split 500 / 998
    expect(summary(gross).lines).toEqual([['x', 10000, 1498, 11498]]);
    expect(gross.lines[0]?.taxes.map((t) => t.taxAmount)).toEqual([500, 998]);
  });

  it('never taxes an exempt class, whatever rates exist', () => {
    const result = calculateTax(
      input({ lines: [{ key: 'stamp', amount: 1000, quantity: 1, taxClassId: 'exempt' }] }),
      rules,
    );
    expect([result.taxTotal, result.lines[0]?.taxes]).toEqual([0, []]);
  });

  it('taxes shipping like the goods, split by their value per class', () => {
    const lines = [
      { key: 'jacket', amount: 4000, quantity: 1, taxClassId: 'standard' },
      { key: 'seat', amount: 1000, quantity: 1, taxClassId: 'reduced' },
    ];
    // 499 over 4000 : 1000 → 399.2 / 99.8 → 399 / 100 (largest remainder); 79.8 → 80, 5
    const result = calculateTax(input({ lines, shipping: { amount: 499 } }), rules);
    expect(result.shipping).toMatchObject({ amount: 499, netAmount: 499, taxAmount: 85, grossAmount: 584 });
    expect(result.shipping?.taxes.map((t) => [t.rate, t.taxableAmount, t.taxAmount])).toEqual([
      ['20.000', 399, 80],
      ['5.000', 100, 5],
    ]);
    expect([result.netTotal, result.taxTotal, result.grossTotal]).toEqual([5499, 800 + 50 + 85, 5499 + 935]);
    expect(result.breakdown.map((b) => [b.rate, b.taxableAmount, b.taxAmount])).toEqual([
      ['20.000', 4399, 880],
      ['5.000', 1100, 55],
    ]);
    const byClass = calculateTax(input({ lines, shipping: { amount: 499 } }), {
      ...rules,
      shipping: { mode: 'class', taxClassId: 'standard' },
    });
    expect(byClass.shipping?.taxAmount).toBe(100); // 99.8 → 100
  });

  it('taxes shipping alone with the fallback class', () => {
    const result = calculateTax(input({ shipping: { amount: 500 }, pricesIncludeTax: true }), rules);
    // 500 × 20/120 = 83.33 → 83
    expect(result.shipping).toMatchObject({ netAmount: 417, taxAmount: 83, grossAmount: 500 });
  });

  it('keeps net + tax = gross and the breakdown = the tax total, for any inclusive amount', () => {
    for (let gross = 0; gross < 3000; gross += 7) {
      for (const address of [
        { country: 'US', region: 'NY', postalCode: '10001' },
        { country: 'CA', region: 'QC' },
      ]) {
        const result = calculateTax(
          input({
            currency: 'USD',
            address,
            pricesIncludeTax: true,
            lines: [{ key: 'x', amount: gross, quantity: 1, taxClassId: 'standard' }],
          }),
          rules,
        );
        const line = result.lines[0];
        expect(line && line.netAmount + line.taxAmount).toBe(gross);
        expect(result.breakdown.reduce((s, b) => s + b.taxAmount, 0)).toBe(result.taxTotal);
      }
    }
  });

  it('works in currencies without minor units (JPY)', () => {
    const jp = {
      ...rules,
      zones: [zone('z-jp', 'JP')],
      rates: [rate('z-jp', 'standard', '10.000'), rate('z-jp', 'reduced', '8.000')],
    };
    const result = calculateTax(
      input({
        currency: 'JPY',
        address: { country: 'JP' },
        pricesIncludeTax: true,
        lines: [
          { key: 'tea', amount: 1080, quantity: 1, taxClassId: 'reduced' },
          { key: 'mug', amount: 1650, quantity: 1, taxClassId: 'standard' },
        ],
      }),
      jp,
    );
    expect(summary(result).lines).toEqual([
      ['tea', 1000, 80, 1080],
      ['mug', 1500, 150, 1650],
    ]);
  });
});
