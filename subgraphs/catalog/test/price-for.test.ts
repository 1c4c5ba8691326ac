import { describe, expect, it } from 'vitest';
import { type DiscountCandidate, orderDiscountFor, type PriceListCandidate, priceFor } from '../src/model/price-for.ts';

const at = new Date('2025-06-15T12:00:00Z');
const variant = { id: 'var_1', productId: 'prd_1', categoryIds: ['cat_root', 'cat_leaf'] };

function list(id: string, tiers: [number, number][], extra: Partial<PriceListCandidate> = {}): PriceListCandidate {
  return {
    id,
    currency: 'USD',
    customerGroup: null,
    priority: 0,
    validFrom: null,
    validTo: null,
    active: true,
    tiers: tiers.map(([minQuantity, amount]) => ({ minQuantity, amount })),
    ...extra,
  };
}

function discount(id: string, extra: Partial<DiscountCandidate> = {}): DiscountCandidate {
  return {
    id,
    code: null,
    kind: 'percentage',
    percentBasisPoints: 1000,
    amount: null,
    currency: null,
    scope: 'product',
    customerGroup: null,
    startsAt: null,
    endsAt: null,
    usageLimit: null,
    usageCount: 0,
    active: true,
    productIds: ['prd_1'],
    categoryIds: [],
    ...extra,
  };
}

const price = (priceLists: PriceListCandidate[], options: Partial<Parameters<typeof priceFor>[0]> = {}) =>
  priceFor({ variant, quantity: 1, customerGroup: null, currency: 'USD', at, priceLists, discounts: [], ...options });

describe('priceFor: price lists (rules 1-3)', () => {
  it('uses the only list and multiplies by the quantity', () => {
    expect(price([list('prl_a', [[1, 1000]])], { quantity: 3 })).toMatchObject({
      unitListPrice: 1000,
      unitPrice: 1000,
      lineTotal: 3000,
      priceListId: 'prl_a',
    });
  });

  it('has no price without a list in the currency', () => {
    expect(price([list('prl_a', [[1, 1000]], { currency: 'EUR' })])).toBeNull();
  });

  it('ignores inactive lists and lists outside their window (from inclusive, to exclusive)', () => {
    const lists = [
      list('prl_base', [[1, 1000]]),
      list('prl_off', [[1, 100]], { active: false }),
      list('prl_future', [[1, 200]], { validFrom: new Date('2025-06-16T00:00:00Z') }),
      list('prl_past', [[1, 300]], { validTo: at }),
    ];
    expect(price(lists)?.priceListId).toBe('prl_base');
    expect(price([list('prl_starts_now', [[1, 700]], { validFrom: at })])?.priceListId).toBe('prl_starts_now');
  });

  it('picks the quantity tier with the greatest minQuantity <= quantity', () => {
    const tiers = list('prl_a', [
      [1, 1000],
      [10, 900],
      [100, 800],
    ]);
    expect(price([tiers], { quantity: 9 })?.unitListPrice).toBe(1000);
    expect(price([tiers], { quantity: 10 })?.unitListPrice).toBe(900);
    expect(price([tiers], { quantity: 250 })).toMatchObject({
      unitListPrice: 800,
      minQuantity: 100,
      lineTotal: 200_000,
    });
  });

  it('drops a list with only higher tiers than the quantity', () => {
    const lists = [list('prl_base', [[1, 1000]]), list('prl_bulk', [[50, 500]], { priority: 99 })];
    expect(price(lists, { quantity: 5 })?.priceListId).toBe('prl_base');
    expect(price(lists, { quantity: 50 })?.priceListId).toBe('prl_bulk');
  });

  it("a customer-group list beats a list for everyone, even a cheaper or higher-priority one; other groups' lists never apply", () => {
    const lists = [
      list('prl_all', [[1, 500]], { priority: 50 }),
      list('prl_vip', [[1, 900]], { customerGroup: 'vip' }),
      list('prl_trade', [[1, 100]], { customerGroup: 'trade' }),
    ];
    expect(price(lists, { customerGroup: 'vip' })?.priceListId).toBe('prl_vip');
    expect(price(lists)?.priceListId).toBe('prl_all');
  });

  it('then higher priority wins, then the lower amount, then the smaller id', () => {
    expect(price([list('prl_a', [[1, 500]]), list('prl_b', [[1, 900]], { priority: 1 })])?.priceListId).toBe('prl_b');
    expect(price([list('prl_a', [[1, 500]]), list('prl_b', [[1, 400]])])?.priceListId).toBe('prl_b');
    expect(price([list('prl_b', [[1, 500]]), list('prl_a', [[1, 500]])])?.priceListId).toBe('prl_a');
  });

  it('refuses a quantity that is not a positive integer', () => {
    expect(() => price([list('prl_a', [[1, 1000]])], { quantity: 0 })).toThrow(RangeError);
    expect(() => price([list('prl_a', [[1, 1000]])], { quantity: 1.5 })).toThrow(RangeError);
  });
});

describe('priceFor: line discounts (rules 4-6)', () => {
  const base = [list('prl_a', [[1, 1999]])];

  it('applies a product percentage discount, rounded half-even per unit', () => {
    // 12.5 % of 19.99 = 2.49875 → 2.50
    const d = price(base, { quantity: 2, discounts: [discount('dsc_a', { percentBasisPoints: 1250 })] });
    expect(d).toMatchObject({ unitDiscount: 250, unitPrice: 1749, lineTotal: 3498, discountId: 'dsc_a' });
  });

  it('applies a category discount through an ancestor category', () => {
    const d = price(base, {
      discounts: [discount('dsc_c', { scope: 'category', productIds: [], categoryIds: ['cat_root'] })],
    });
    expect(d?.discountId).toBe('dsc_c');
  });

  it('caps a fixed discount at the unit price and needs the same currency', () => {
    const fixed = discount('dsc_f', { kind: 'fixed', percentBasisPoints: null, amount: 5000, currency: 'USD' });
    expect(price(base, { discounts: [fixed] })).toMatchObject({ unitPrice: 0, unitDiscount: 1999 });
    expect(price(base, { discounts: [{ ...fixed, currency: 'EUR' }] })?.discountId).toBeNull();
  });

  it('ignores discounts outside their window, used up, inactive, for another group or another product', () => {
    const discounts = [
      discount('dsc_1', { startsAt: new Date('2025-07-01T00:00:00Z') }),
      discount('dsc_2', { endsAt: at }),
      discount('dsc_3', { usageLimit: 5, usageCount: 5 }),
      discount('dsc_4', { active: false }),
      discount('dsc_5', { customerGroup: 'vip' }),
      discount('dsc_6', { productIds: ['prd_other'] }),
    ];
    expect(price(base, { discounts })?.discountId).toBeNull();
    expect(price(base, { discounts, customerGroup: 'vip' })?.discountId).toBe('dsc_5');
  });

  it('applies a code discount only with its code (case-insensitive)', () => {
    const discounts = [discount('dsc_code', { code: 'SUMMER', percentBasisPoints: 2000 })];
    expect(price(base, { discounts })?.discountId).toBeNull();
    expect(price(base, { discounts, discountCode: ' summer ' })?.discountId).toBe('dsc_code');
  });

  it('never stacks: the largest reduction wins, a code beats an automatic tie, then the smaller id', () => {
    const auto10 = discount('dsc_b', { percentBasisPoints: 1000 });
    const auto20 = discount('dsc_c', { percentBasisPoints: 2000 });
    expect(price(base, { discounts: [auto10, auto20] })?.discountId).toBe('dsc_c');
    const code20 = discount('dsc_z', { code: 'X', percentBasisPoints: 2000 });
    expect(price(base, { discounts: [auto20, code20], discountCode: 'x' })?.discountId).toBe('dsc_z');
    expect(price(base, { discounts: [discount('dsc_y'), discount('dsc_x')] })?.discountId).toBe('dsc_x');
  });

  it('order-scope discounts are not part of a unit price', () => {
    expect(price(base, { discounts: [discount('dsc_o', { scope: 'order', productIds: [] })] })?.discountId).toBeNull();
  });

  it('is deterministic: the same input in any order gives the same decision', () => {
    const lists = [list('prl_b', [[1, 500]]), list('prl_a', [[1, 500]]), list('prl_c', [[1, 700]], { priority: 1 })];
    const discounts = [discount('dsc_b'), discount('dsc_a')];
    const one = price(lists, { discounts });
    const two = price([...lists].reverse(), { discounts: [...discounts].reverse() });
    expect(one).toEqual(two);
  });
});

describe('orderDiscountFor (rule 7)', () => {
  const order = (extra: Partial<DiscountCandidate>) =>
    discount(`dsc_${Math.random()}`, { scope: 'order', productIds: [], ...extra });

  it('applies the best order discount once to the subtotal', () => {
    const ten = order({ id: 'dsc_10', percentBasisPoints: 1000 });
    const fiveOff = order({ id: 'dsc_5', kind: 'fixed', percentBasisPoints: null, amount: 500, currency: 'USD' });
    expect(
      orderDiscountFor({ subtotal: 10_000, currency: 'USD', customerGroup: null, at, discounts: [ten, fiveOff] }),
    ).toEqual({
      discountId: 'dsc_10',
      amount: 1000,
    });
    expect(
      orderDiscountFor({ subtotal: 3000, currency: 'USD', customerGroup: null, at, discounts: [ten, fiveOff] }),
    ).toEqual({
      discountId: 'dsc_5',
      amount: 500,
    });
  });

  it('needs the code for a code discount and respects the window', () => {
    const coded = order({ id: 'dsc_w', code: 'WELCOME', endsAt: new Date('2025-06-01T00:00:00Z') });
    expect(
      orderDiscountFor({
        subtotal: 1000,
        currency: 'USD',
        customerGroup: null,
        at,
        discounts: [coded],
        discountCode: 'WELCOME',
      }),
    ).toBeNull();
  });
});
