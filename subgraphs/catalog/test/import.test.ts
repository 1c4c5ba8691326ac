import { createEventRuntime, type EventRuntime } from '@meridian/kit';
import { startTestSubgraphs, type TestSubgraphs } from '@meridian/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalogSubgraph } from '../src/index.ts';

let t: TestSubgraphs;
let events: EventRuntime;
const subgraph = createCatalogSubgraph();
beforeAll(async () => {
  t = await startTestSubgraphs([subgraph]);
  events = createEventRuntime({
    database: t.platform.database,
    cache: t.platform.cache,
    subscribers: subgraph.subscribers,
    options: { pollIntervalMs: 500 },
  });
  await events.start();
  await t
    .asTenantAdmin()
    .request('mutation { createCategory(input: { title: "Imported", slug: "imported" }) { userErrors { code } } }');
}, 60_000);
afterAll(async () => {
  await events?.stop();
  await t?.close();
});

const header = 'slug,title,sku,price,currency,option1_name,option1_value,weight_grams,category_slugs,attributes,status';
const writer = () => t.as({ permissions: ['catalog:write', 'catalog:read'] });
const importFields = 'id status totalRows processedRows createdProducts failedRows progress';

function rows(from: number, to: number): string[] {
  const out: string[] = [];
  for (let i = from; i < to; i++) {
    // Every 10th product has two variants (two rows with the same slug).
    if (i % 10 === 0) {
      out.push(`p-${i},"Product ${i}, large",SKU-${i}-A,12.50,USD,Size,A,100,imported,color=red,active`);
      out.push(`p-${i},"Product ${i}, large",SKU-${i}-B,13.50,USD,Size,B,100,imported,color=red,active`);
    } else out.push(`p-${i},Product ${i},SKU-${i},9.99,,,,250,,material=cotton|linen,active`);
  }
  return out;
}

describe('CSV import', () => {
  it('imports 10,000 rows in parts with progress; bad rows fail with their column, good rows are created', async () => {
    const good = rows(0, 9_000); // 9,900 rows: 9,000 products
    const bad = [
      'bad-price,Bad price,SKU-BAD-1,12.345,USD,,,,,,active', // too many decimals
      'bad-currency,Bad currency,SKU-BAD-2,5.00,JPY,,,,,,active', // not sold
      'bad-weight,Bad weight,SKU-BAD-3,5.00,USD,,,-4,,,active', // negative
      'bad-fraction,Fraction,SKU-BAD-4,5.00,USD,,,1.5,,,active', // fractional
      'bad-category,Bad category,SKU-BAD-5,5.00,USD,,,,nowhere,,active',
      'dup-sku,Duplicate SKU,SKU-1,5.00,USD,,,,,,active', // SKU of p-1
      'p-2,Duplicate slug,SKU-BAD-7,5.00,USD,,,,,,active', // slug of p-2, other title: same group as p-2 → both fail
      ',No slug,SKU-BAD-8,5.00,USD,,,,,,active',
      'bad-status,Bad status,SKU-BAD-9,5.00,USD,,,,,,published',
    ];
    const extra = rows(9_000, 9_091); // 101 more rows
    const all = [...good, ...bad, ...extra];
    expect(all.length).toBe(10_010);
    const half = Math.floor(all.length / 2);
    const created = await writer().request<any>(
      `mutation($csv: String!) { createProductImport(input: { idempotencyKey: "big", csv: $csv }) { productImport { ${importFields} } userErrors { field code message } } }`,
      { csv: [header, ...all.slice(0, half)].join('\n') },
    );
    expect(created.data.createProductImport.userErrors).toEqual([]);
    const id = created.data.createProductImport.productImport.id;
    const part = (sequence: number) =>
      writer().request<any>(
        `mutation($id: ID!, $csv: String!, $s: Int!) { appendProductImportPart(input: { importId: $id, sequence: $s, csv: $csv }) { productImport { totalRows } userErrors { code } } }`,
        { id, s: sequence, csv: [header, ...all.slice(half)].join('\n') },
      );
    expect((await part(1)).data.appendProductImportPart.productImport.totalRows).toBe(10_010);
    expect((await part(1)).data.appendProductImportPart.productImport.totalRows).toBe(10_010); // retried part: ignored
    const started = await writer().request<any>(
      `mutation($id: ID!) { startProductImport(input: { importId: $id }) { productImport { status } userErrors { code } } }`,
      { id },
    );
    expect(started.data.startProductImport.productImport.status).toBe('QUEUED');

    const seen = new Set<number>();
    const deadline = Date.now() + 90_000;
    let state: any;
    do {
      await new Promise((r) => setTimeout(r, 200));
      state = (await writer().request<any>(`query($id: ID!) { productImport(id: $id) { ${importFields} } }`, { id }))
        .data.productImport;
      seen.add(state.processedRows);
    } while (state.status !== 'COMPLETED' && Date.now() < deadline);
    expect(state.status).toBe('COMPLETED');
    expect(seen.size).toBeGreaterThan(2); // progress was visible between batches
    expect(state).toMatchObject({ totalRows: 10_010, processedRows: 10_010, progress: 1 });
    // p-2's two rows (its own and the 'Duplicate slug' row with another title) are one product and fail together.
    expect(state.failedRows).toBe(10);
    expect(state.createdProducts).toBe(9_091 - 1);

    const failures = (
      await writer().request<any>(
        `query($id: ID!) { productImport(id: $id) { failures(first: 50) { edges { node { rowNumber errors { column code } } } } } }`,
        { id },
      )
    ).data.productImport.failures.edges.map((e: any) => e.node);
    const byCode = failures.flatMap((f: any) => f.errors.map((e: any) => `${e.column}:${e.code}`));
    expect(byCode).toEqual(
      expect.arrayContaining([
        'price:INVALID_AMOUNT',
        'currency:CURRENCY_NOT_SOLD',
        'weight_grams:NEGATIVE',
        'weight_grams:NOT_AN_INTEGER',
        'category_slugs:NOT_FOUND',
        'sku:DUPLICATE_SKU',
        'slug:REQUIRED',
        'status:INVALID',
      ]),
    );
    expect(failures.find((f: any) => f.errors.some((e: any) => e.code === 'INVALID_AMOUNT')).rowNumber).toBe(9_900 + 2);

    const listed = await t.asAnonymous().request<any>('{ products(filter: { query: "Product 8999" }) { totalCount } }');
    expect(listed.data.products.totalCount).toBeGreaterThanOrEqual(1);
    const variants = await t
      .asAnonymous()
      .request<any>(
        'query { product(slug: "p-10") { variants { sku } priceRange { min { amount } max { amount } } } }',
      );
    expect(variants.data.product).toEqual({
      variants: [{ sku: 'SKU-10-A' }, { sku: 'SKU-10-B' }],
      priceRange: { min: { amount: '12.50' }, max: { amount: '13.50' } },
    });
  }, 120_000);

  it('refuses a part with unknown or missing columns', async () => {
    const r = await writer().request<any>(
      'mutation { createProductImport(input: { idempotencyKey: "bad-header", csv: "slug,name\\nx,y" }) { productImport { id } userErrors { field code message } } }',
    );
    expect(r.data.createProductImport.userErrors.map((e: any) => [e.field.join('.'), e.code])).toEqual([
      ['input.csv', 'INVALID_CSV'],
      ['input.csv', 'INVALID_CSV'],
    ]);
  });
});
