import { newId, type Tenant, type TenantTx } from '@meridian/kit';
import { inArray } from 'drizzle-orm';
import { categories, discountCategories, discounts, priceLists, prices } from '../db/schema.ts';
import { ulidOf } from './category.ts';
import { soldCurrencies } from './context.ts';
import { placeholderImage } from './demo-images.ts';
import { checkProductInput, type NewProduct, type ProductInput } from './product-input.ts';
import { insertProducts } from './product-write.ts';
import { Problems } from './validate.ts';

/** Three levels: department → category → leaf; products live on leaves. */
const tree: Record<string, Record<string, string[]>> = {
  Apparel: {
    Tops: ['T-Shirts', 'Shirts', 'Sweaters'],
    Bottoms: ['Jeans', 'Shorts'],
    Outerwear: ['Jackets', 'Raincoats'],
  },
  Home: { Kitchen: ['Mugs', 'Bowls'], Living: ['Cushions', 'Throws'], Bath: ['Towels'] },
  Outdoors: { Camping: ['Tents', 'Lanterns'], Hiking: ['Backpacks', 'Bottles'] },
  Accessories: { Bags: ['Totes', 'Wallets'], Headwear: ['Caps', 'Beanies'] },
};

const adjectives = [
  'Classic',
  'Everyday',
  'Heritage',
  'Urban',
  'Coastal',
  'Alpine',
  'Studio',
  'Nordic',
  'Field',
  'Harbor',
];
const colours = ['black', 'white', 'red', 'blue', 'green', 'grey', 'sand', 'navy'];
const materials = ['cotton', 'linen', 'wool', 'recycled polyester', 'canvas', 'ceramic', 'steel'];
const sizes = ['S', 'M', 'L', 'XL'];

/** A small deterministic generator: the same demo on every machine. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

async function seedCategories(tx: TenantTx) {
  const leaves: { id: string; title: string; top: string }[] = [];
  const departments: Record<string, string> = {};
  const rows: (typeof categories.$inferInsert)[] = [];
  Object.entries(tree).forEach(([top, middles], i) => {
    const topId = newId('cat');
    departments[top] = topId;
    rows.push({ id: topId, parentId: null, title: top, slug: slug(top), position: i, path: ulidOf(topId), depth: 0 });
    Object.entries(middles).forEach(([middle, leafNames], j) => {
      const middleId = newId('cat');
      const middlePath = `${ulidOf(topId)}/${ulidOf(middleId)}`;
      rows.push({
        id: middleId,
        parentId: topId,
        title: middle,
        slug: slug(`${top}-${middle}`),
        position: j,
        path: middlePath,
        depth: 1,
      });
      leafNames.forEach((leaf, k) => {
        const leafId = newId('cat');
        rows.push({
          id: leafId,
          parentId: middleId,
          title: leaf,
          slug: slug(leaf),
          position: k,
          path: `${middlePath}/${ulidOf(leafId)}`,
          depth: 2,
        });
        leaves.push({ id: leafId, title: leaf, top });
      });
    });
  });
  await tx.insert(categories).values(rows);
  return { leaves, departments };
}

function demoProduct(
  n: number,
  leaf: { id: string; title: string; top: string },
  rand: () => number,
  currencies: string[],
): ProductInput {
  const adjective = adjectives[Math.floor(rand() * adjectives.length)] as string;
  const noun = leaf.title.replace(/s$/, '');
  const title = `${adjective} ${noun} ${n + 1}`;
  const apparel = leaf.top === 'Apparel';
  const productColours = colours.filter(() => rand() < 0.35).slice(0, 3);
  if (productColours.length === 0) productColours.push(colours[n % colours.length] as string);
  const material = materials[Math.floor(rand() * materials.length)] as string;
  const base = 900 + Math.floor(rand() * 150) * 50; // 9.00 to 83.50
  const sizeValues = apparel ? sizes : [];
  const variants = productColours.flatMap((colour) =>
    (sizeValues.length ? sizeValues : [null]).map((size) => ({
      sku: `DEMO-${String(n + 1).padStart(4, '0')}-${colour.toUpperCase()}${size ? `-${size}` : ''}`,
      optionValues: [{ name: 'Colour', value: colour }, ...(size ? [{ name: 'Size', value: size }] : [])],
      weightGrams: 200 + Math.floor(rand() * 1800),
      dimensions: { lengthMm: 300, widthMm: 200, heightMm: 20 + Math.floor(rand() * 200) },
      prices: currencies.map((currency) => ({
        currencyCode: currency,
        amount: (
          (Math.round(base * (currency === 'GBP' ? 0.85 : currency === 'EUR' ? 0.93 : 1)) + (size === 'XL' ? 200 : 0)) /
          100
        ).toFixed(2),
      })),
    })),
  );
  return {
    title,
    slug: `${slug(title)}`,
    descriptionHtml: `<p>The ${title.toLowerCase()} is made of ${material}.</p><ul><li>Designed to last</li><li>Ships in recycled packaging</li></ul>`,
    status: n % 25 === 24 ? 'draft' : 'active',
    seo: { title: `${title} | Demo Store`, description: `Buy the ${title} in ${productColours.join(', ')}.` },
    attributes: [
      { key: 'material', values: [material] },
      { key: 'color', values: productColours },
    ],
    options: [{ name: 'Colour', values: productColours }, ...(apparel ? [{ name: 'Size', values: sizes }] : [])],
    variants,
    media: productColours.map((colour) => ({
      url: placeholderImage(title, colour),
      alt: `${title} in ${colour}`,
    })),
    categoryIds: [leaf.id],
  };
}

/**
 * The demo tenant's catalog: a three-level category tree, 200 products with colour (and size)
 * variants, SVG placeholder images, prices in every currency the tenant sells in, a wholesale price
 * list with quantity tiers, an automatic category sale and a WELCOME10 code. Every product publishes
 * `catalog.product.created` with demo: true, which inventory answers with demo stock.
 */
export async function seedCatalogDemo(tx: TenantTx, tenant: Tenant, count = 200): Promise<void> {
  const currencies = soldCurrencies({ tenant });
  const rand = random(20240601);
  const { leaves, departments } = await seedCategories(tx);
  const products: NewProduct[] = [];
  for (let n = 0; n < count; n++) {
    const problems = new Problems();
    const product = checkProductInput(
      demoProduct(n, leaves[n % leaves.length] as (typeof leaves)[number], rand, currencies),
      currencies,
      problems,
    );
    if (!problems.ok) throw new Error(`demo product ${n} is invalid: ${JSON.stringify(problems.list)}`);
    products.push(product);
  }
  const created = [];
  for (let i = 0; i < products.length; i += 50)
    created.push(...(await insertProducts(tx, products.slice(i, i + 50), { demo: true })));

  const currency = currencies[0] as string;
  const wholesale = newId('prl');
  await tx
    .insert(priceLists)
    .values({ id: wholesale, name: `Wholesale ${currency}`, currency, customerGroup: 'wholesale', priority: 10 });
  const variantIds = created.slice(0, 40).flatMap((p) => p.variants.map((v) => v.id));
  const base = await tx.select().from(prices).where(inArray(prices.variantId, variantIds));
  const baseByVariant = new Map(base.filter((b) => b.minQuantity === 1).map((b) => [b.variantId, b.amount]));
  await tx.insert(prices).values(
    variantIds.flatMap((variantId) => {
      const amount = baseByVariant.get(variantId) ?? 1000;
      return [
        { priceListId: wholesale, variantId, minQuantity: 1, amount: Math.round(amount * 0.8) },
        { priceListId: wholesale, variantId, minQuantity: 10, amount: Math.round(amount * 0.7) },
      ];
    }),
  );
  const sale = newId('dsc');
  await tx.insert(discounts).values([
    { id: sale, title: 'Outdoors sale', kind: 'percentage', percentBasisPoints: 1500, scope: 'category' },
    {
      id: newId('dsc'),
      title: 'Welcome 10 %',
      code: 'WELCOME10',
      kind: 'percentage',
      percentBasisPoints: 1000,
      scope: 'order',
      usageLimit: 1000,
    },
  ]);
  await tx.insert(discountCategories).values({ discountId: sale, categoryId: departments.Outdoors as string });
}
