import { deliverEvent, outbox, withTenant } from '@meridian/kit';
import { startTestSubgraphs, type TestSubgraphs } from '@meridian/kit/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { products } from '../src/db/schema.ts';
import { createCatalogSubgraph } from '../src/index.ts';
import { createProduct, createProductMutation, productInput } from './helpers.ts';

let t: TestSubgraphs;
const subgraph = createCatalogSubgraph();
beforeAll(async () => {
  t = await startTestSubgraphs([subgraph]);
});
afterAll(async () => {
  await t?.close();
});
const writer = () => t.as({ permissions: ['catalog:write'] });
const inTenant = <T>(work: Parameters<typeof withTenant<T>>[2]) => withTenant(t.platform.database, t.tenant, work);
const drainOutbox = () => inTenant((tx) => tx.delete(outbox).returning());

beforeEach(async () => {
  await drainOutbox();
});

describe('events', () => {
  it('publishes catalog.product.created with the contract payload in the same transaction', async () => {
    const { product } = await createProduct(writer());
    const events = await drainOutbox();
    expect(events.map((e) => e.type)).toEqual(['catalog.product.created']);
    expect(events[0]?.payload).toEqual({
      productId: product.id,
      variants: product.variants.map((v: any) => ({ id: v.id, sku: v.sku })),
      demo: false,
    });
    expect(events[0]?.key).toBe(product.id);
  });

  it('publishes nothing when the mutation is refused', async () => {
    const { product } = await createProduct(writer());
    await drainOutbox();
    const dup = await writer().request<any>(createProductMutation, { input: productInput({ slug: product.slug }) });
    expect(dup.data.createProduct.userErrors[0].code).toBe('DUPLICATE_SLUG');
    expect(await drainOutbox()).toEqual([]);
  });

  it('publishes updated, archived and price.changed with typed payloads', async () => {
    const { product } = await createProduct(writer());
    await drainOutbox();
    await writer().request(
      'mutation($id: ID!) { updateProduct(input: { id: $id, title: "New" }) { userErrors { code } } }',
      { id: product.id },
    );
    await writer().request('mutation($id: ID!) { archiveProduct(input: { id: $id }) { userErrors { code } } }', {
      id: product.id,
    });
    await writer().request(
      'mutation($v: ID!) { setVariantPrices(input: { variantId: $v, currencyCode: "EUR", tiers: [{ minQuantity: 1, amount: "9.00" }] }) { userErrors { code } } }',
      { v: product.variants[0].id },
    );
    const events = await drainOutbox();
    expect(events.map((e) => e.type)).toEqual([
      'catalog.product.updated',
      'catalog.product.updated',
      'catalog.product.archived',
      'catalog.price.changed',
    ]);
    expect(events[0]?.payload).toMatchObject({ productId: product.id, changed: ['details'] });
    expect(events[2]?.payload).toEqual({ productId: product.id });
    expect(events[3]?.payload).toMatchObject({
      currency: 'EUR',
      variantIds: [product.variants[0].id],
      productIds: [product.id],
    });
  });
});

describe('cache tagged by product', () => {
  const read = async (id: string) =>
    (await t.asAnonymous().request<any>('query($id: ID) { product(id: $id) { title } }', { id })).data.product.title;

  it('serves cached reads, and a product event clears the entry (another writer changed the row)', async () => {
    const { product } = await createProduct(writer(), { title: 'Cached Title' });
    expect(await read(product.id)).toBe('Cached Title');
    // A write that bypasses this process (another instance, a script): the cache does not know yet.
    await inTenant((tx) => tx.update(products).set({ title: 'Changed Elsewhere' }).where(eq(products.id, product.id)));
    expect(await read(product.id)).toBe('Cached Title');
    const invalidate = subgraph.subscribers.find((s) => s.name === 'catalog.invalidate-on-product-updated')!;
    await deliverEvent(
      t.platform.database,
      invalidate,
      {
        tenantId: t.tenant.id,
        eventId: 'evt_01J00000000000000000000001',
        type: 'catalog.product.updated',
        key: product.id,
        payload: { productId: product.id, changed: ['details'], variants: [] },
        occurredAt: new Date().toISOString(),
      },
      { cache: t.platform.cache },
    );
    expect(await read(product.id)).toBe('Changed Elsewhere');
  });

  it('a mutation invalidates at once, so the next read is fresh', async () => {
    const { product } = await createProduct(writer(), { title: 'Before' });
    expect(await read(product.id)).toBe('Before');
    await writer().request(
      'mutation($id: ID!) { updateProduct(input: { id: $id, title: "After" }) { userErrors { code } } }',
      { id: product.id },
    );
    expect(await read(product.id)).toBe('After');
  });

  it('a price change is visible on the next read', async () => {
    const { product } = await createProduct(writer());
    const price = async () =>
      (
        await t
          .asAnonymous()
          .request<any>('query($id: ID) { product(id: $id) { priceRange { min { amount } } } }', { id: product.id })
      ).data.product.priceRange.min.amount;
    expect(await price()).toBe('20.00');
    await writer().request(
      'mutation($v: ID!) { setVariantPrices(input: { variantId: $v, currencyCode: "USD", tiers: [{ minQuantity: 1, amount: "5.00" }] }) { userErrors { code } } }',
      { v: product.variants[0].id },
    );
    expect(await price()).toBe('5.00');
  });
});
