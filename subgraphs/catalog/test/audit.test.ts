import { auditLog, verifyAuditChain, withTenant } from '@meridian/kit';
import { startTestSubgraphs, type TestSubgraphs } from '@meridian/kit/testing';
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalogSubgraph } from '../src/index.ts';
import { createProductMutation, productInput } from './helpers.ts';

let t: TestSubgraphs;
beforeAll(async () => {
  t = await startTestSubgraphs([createCatalogSubgraph()]);
});
afterAll(async () => {
  await t?.close();
});

const writer = () => t.as({ userId: 'usr_auditor', permissions: ['catalog:write', 'catalog:read'] });
const trail = () =>
  withTenant(t.platform.database, t.tenant, (tx) => tx.select().from(auditLog).orderBy(asc(auditLog.seq)));
const chain = () => withTenant(t.platform.database, t.tenant, (tx) => verifyAuditChain(tx));

/** Runs a mutation that must succeed; returns the payload (its first field). */
async function mutate(query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const r = await writer().request<any>(query, variables);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  const payload = Object.values(r.data as object)[0];
  expect(payload.userErrors).toEqual([]);
  return payload;
}

describe('audit trail of catalog mutations', () => {
  it('appends one hash-chained record per mutation, naming the action, entity, actor and change', async () => {
    const before = (await trail()).length;
    const { product } = await mutate(createProductMutation, {
      input: productInput({ idempotencyKey: 'audit-1', options: [{ name: 'Size', values: ['S', 'M', 'L'] }] }),
    });
    const variant = product.variants[0].id;
    await mutate('mutation($id: ID!) { updateProduct(input: { id: $id, title: "Renamed" }) { userErrors { code } } }', {
      id: product.id,
    });
    await mutate(
      'mutation($p: ID!) { createProductVariant(input: { productId: $p, sku: "AUD-L", optionValues: [{ name: "Size", value: "L" }] }) { product { id } userErrors { code } } }',
      { p: product.id },
    );
    await mutate(
      'mutation($id: ID!) { updateProductVariant(input: { id: $id, barcode: "400" }) { userErrors { code } } }',
      {
        id: variant,
      },
    );
    await mutate(
      'mutation($v: ID!) { setVariantPrices(input: { variantId: $v, currencyCode: "USD", tiers: [{ minQuantity: 1, amount: "19.00" }] }) { userErrors { code } } }',
      { v: variant },
    );
    const { category } = await mutate(
      'mutation { createCategory(input: { title: "Audited" }) { category { id } userErrors { code } } }',
    );
    const { category: child } = await mutate(
      'mutation { createCategory(input: { title: "Audited child" }) { category { id } userErrors { code } } }',
    );
    await mutate(
      'mutation($id: ID!) { updateCategory(input: { id: $id, title: "Audited 2" }) { userErrors { code } } }',
      {
        id: category.id,
      },
    );
    await mutate(
      'mutation($id: ID!, $p: ID!) { moveCategory(input: { id: $id, parentId: $p }) { userErrors { code } } }',
      {
        id: child.id,
        p: category.id,
      },
    );
    await mutate('mutation($id: ID!) { deleteCategory(input: { id: $id }) { deletedId userErrors { code } } }', {
      id: child.id,
    });
    const { collection } = await mutate(
      'mutation { createCollection(input: { title: "Audited" }) { collection { id } userErrors { code } } }',
    );
    await mutate(
      'mutation($id: ID!) { updateCollection(input: { id: $id, title: "Audited 2" }) { userErrors { code } } }',
      {
        id: collection.id,
      },
    );
    const members = { c: collection.id, p: [product.id] };
    await mutate(
      'mutation($c: ID!, $p: [ID!]!) { addProductsToCollection(input: { collectionId: $c, productIds: $p }) { userErrors { code } } }',
      members,
    );
    await mutate(
      'mutation($c: ID!, $p: [ID!]!) { removeProductsFromCollection(input: { collectionId: $c, productIds: $p }) { userErrors { code } } }',
      members,
    );
    const { priceList } = await mutate(
      'mutation { createPriceList(input: { name: "VIP", currencyCode: "USD", customerGroup: "vip" }) { priceList { id } userErrors { code } } }',
    );
    await mutate('mutation($id: ID!) { updatePriceList(input: { id: $id, priority: 5 }) { userErrors { code } } }', {
      id: priceList.id,
    });
    const { discount } = await mutate(
      'mutation { createDiscount(input: { title: "Ten", code: "AUDIT10", kind: PERCENTAGE, percentage: "10", scope: ORDER, usageLimit: 5 }) { discount { id } userErrors { code } } }',
    );
    await mutate('mutation($id: ID!) { updateDiscount(input: { id: $id, usageLimit: 6 }) { userErrors { code } } }', {
      id: discount.id,
    });
    await mutate(
      'mutation { redeemDiscount(input: { code: "audit10", idempotencyKey: "order-1" }) { userErrors { code } } }',
    );
    const { productImport } = await mutate(
      'mutation { createProductImport(input: { idempotencyKey: "audit-import", csv: "slug,title,sku\\naud-imp,Imported,AUD-IMP-1" }) { productImport { id } userErrors { code } } }',
    );
    await mutate(
      'mutation($id: ID!) { appendProductImportPart(input: { importId: $id, sequence: 1, csv: "slug,title,sku\\naud-imp-2,Imported 2,AUD-IMP-2" }) { userErrors { code } } }',
      { id: productImport.id },
    );
    await mutate('mutation($id: ID!) { startProductImport(input: { importId: $id }) { userErrors { code } } }', {
      id: productImport.id,
    });
    await mutate('mutation($id: ID!) { archiveProduct(input: { id: $id }) { userErrors { code } } }', {
      id: product.id,
    });

    const records = (await trail()).slice(before);
    expect(records.map((r) => [r.action, r.entityType])).toEqual([
      ['product.create', 'Product'],
      ['product.update', 'Product'],
      ['product-variant.create', 'ProductVariant'],
      ['product-variant.update', 'ProductVariant'],
      ['product-variant.set-prices', 'ProductVariant'],
      ['category.create', 'Category'],
      ['category.create', 'Category'],
      ['category.update', 'Category'],
      ['category.move', 'Category'],
      ['category.delete', 'Category'],
      ['collection.create', 'Collection'],
      ['collection.update', 'Collection'],
      ['collection.add-products', 'Collection'],
      ['collection.remove-products', 'Collection'],
      ['price-list.create', 'PriceList'],
      ['price-list.update', 'PriceList'],
      ['discount.create', 'Discount'],
      ['discount.update', 'Discount'],
      ['discount.redeem', 'Discount'],
      ['product-import.create', 'ProductImport'],
      ['product-import.append-part', 'ProductImport'],
      ['product-import.start', 'ProductImport'],
      ['product.archive', 'Product'],
    ]);
    expect(records.every((r) => r.actorId === 'usr_auditor' && r.tenantId === t.tenant.id)).toBe(true);
    const byAction = new Map(records.map((r) => [r.action, r]));
    expect(byAction.get('product.create')?.entityId).toBe(product.id);
    expect(byAction.get('product.update')).toMatchObject({
      entityId: product.id,
      before: { title: product.title },
      after: { title: 'Renamed' },
    });
    expect(byAction.get('product-variant.set-prices')).toMatchObject({
      entityId: variant,
      before: { currency: 'USD', tiers: [{ minQuantity: 1, amount: 2000 }] },
      after: { currency: 'USD', tiers: [{ minQuantity: 1, amount: 1900 }] },
    });
    expect(byAction.get('category.move')).toMatchObject({
      before: { parentId: null },
      after: { parentId: category.id },
    });
    expect(byAction.get('discount.redeem')).toMatchObject({ before: { usageCount: 0 }, after: { usageCount: 1 } });
    expect(byAction.get('product.archive')).toMatchObject({
      before: { status: 'active' },
      after: { status: 'archived' },
    });
    expect(await chain()).toMatchObject({ ok: true, firstBrokenId: null });
  });

  it('records nothing for a refused mutation or an idempotent replay', async () => {
    const input = productInput({ idempotencyKey: 'audit-replay' });
    await mutate(createProductMutation, { input });
    const count = (await trail()).length;
    await mutate(createProductMutation, { input }); // replay: the first call's product, no new record
    const dup = await writer().request<any>(createProductMutation, { input: productInput({ slug: input.slug }) });
    expect(dup.data.createProduct.userErrors[0].code).toBe('DUPLICATE_SLUG');
    const bad = await writer().request<any>(
      'mutation { moveCategory(input: { id: "cat_01J0000000000000000000000Z" }) { userErrors { code } } }',
    );
    expect(bad.data.moveCategory.userErrors[0].code).toBe('NOT_FOUND');
    expect((await trail()).length).toBe(count);
  });

  it('keeps one gap-free chain under 100 concurrent mutations', async () => {
    const before = (await trail()).length;
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        writer().request<any>(
          'mutation($t: String!) { createCategory(input: { title: $t }) { category { id } userErrors { code } } }',
          { t: `Concurrent ${i}` },
        ),
      ),
    );
    expect(results.every((r) => r.data?.createCategory.category)).toBe(true);
    const records = (await trail()).slice(before);
    expect(records).toHaveLength(100);
    expect(new Set(records.map((r) => r.entityId)).size).toBe(100);
    expect(await chain()).toMatchObject({ ok: true, checked: before + 100 });
  });
});
