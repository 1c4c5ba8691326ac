import { performance } from 'node:perf_hooks';
import { type Database, type Tenant, withTenant } from '@meridian/kit';
import { checkProductInput } from '../src/model/product-input.ts';
import { insertProducts } from '../src/model/product-write.ts';

const words = [
  'trail',
  'running',
  'shoe',
  'leather',
  'wool',
  'beanie',
  'canvas',
  'jacket',
  'cotton',
  'linen',
  'mug',
  'lantern',
  'tent',
  'backpack',
];

/**
 * `count` active products with one variant each, titles from 14 words (so text queries match hundreds
 * to thousands), a colour attribute and USD prices from 5.00 to 99.00, written as the import writes them
 * (insertProducts: events, search prices). Returns the seconds it took.
 */
export async function seedSearchCatalog(database: Database, tenant: Tenant, count = 10_000): Promise<number> {
  const started = performance.now();
  for (let from = 0; from < count; from += 500) {
    const list = Array.from({ length: Math.min(500, count - from) }, (_, i) => {
      const n = from + i;
      const title = `${words[n % 14]} ${words[(n * 7) % 14]} ${words[(n * 11) % 14]} ${n}`;
      return checkProductInput(
        {
          title,
          slug: `item-${n}`,
          status: 'active',
          descriptionHtml: `<p>${title} for every day</p>`,
          attributes: [{ key: 'color', values: [['red', 'blue', 'green', 'black'][n % 4] as string] }],
          variants: [{ sku: `BIG-${n}`, prices: [{ amount: `${5 + (n % 95)}.00`, currencyCode: 'USD' }] }],
        },
        ['USD', 'EUR', 'GBP'],
      );
    });
    await withTenant(database, tenant, (tx) => insertProducts(tx, list, { demo: false }));
  }
  return (performance.now() - started) / 1000;
}
