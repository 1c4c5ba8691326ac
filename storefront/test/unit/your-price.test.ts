import { describe, expect, it } from 'vitest';
import { priceView } from '../../src/lib/your-price.ts';

const usd = (amount: number) => ({ amount, currency: 'USD' });

describe("the product page's price for a signed-in shopper in a customer group", () => {
  it('shows the public price (with its sale) until the shopper’s own price is known', () => {
    expect(priceView(usd(10000), usd(12000), undefined)).toEqual({
      kind: 'public',
      price: usd(10000),
      compareAt: usd(12000),
    });
    // the group has no price in this currency: the catalog charges the public one
    expect(priceView(usd(10000), null, null)).toEqual({ kind: 'public', price: usd(10000), compareAt: null });
  });

  it('shows the public price when the group pays the same', () => {
    expect(priceView(usd(10000), usd(12000), usd(10000))).toEqual({
      kind: 'public',
      price: usd(10000),
      compareAt: usd(12000),
    });
  });

  it('shows "your price" with the higher public one struck through', () => {
    expect(priceView(usd(10000), usd(12000), usd(8000))).toEqual({ kind: 'yours', price: usd(8000), was: usd(10000) });
  });

  it('never strikes through a lower public price, nor one in another currency', () => {
    expect(priceView(usd(10000), null, usd(11000))).toEqual({ kind: 'yours', price: usd(11000), was: null });
    expect(priceView(usd(10000), null, { amount: 8000, currency: 'EUR' })).toEqual({
      kind: 'yours',
      price: { amount: 8000, currency: 'EUR' },
      was: null,
    });
  });

  it('shows the group price of a variant the public cannot buy in this currency, and nothing when neither has one', () => {
    expect(priceView(null, null, usd(8000))).toEqual({ kind: 'yours', price: usd(8000), was: null });
    expect(priceView(null, null, undefined)).toBeNull();
    expect(priceView(null, null, null)).toBeNull();
  });
});
