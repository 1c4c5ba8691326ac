import { outbox, seedDemoData, withTenant } from '@meridian/kit';
import { startTestSubgraphs, type TestSubgraphs } from '@meridian/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalogSubgraph } from '../src/index.ts';

let t: TestSubgraphs;
const subgraph = createCatalogSubgraph();
beforeAll(async () => {
  t = await startTestSubgraphs([subgraph]);
  await seedDemoData(t.platform.database, t.tenant, [subgraph]);
}, 60_000);
afterAll(async () => {
  await t?.close();
});

describe('demo data', () => {
  it('gives the demo tenant 200 products with variants, SVG images, prices and a three-level tree', async () => {
    const admin = t.asTenantAdmin();
    const all = await admin.request<any>('{ products(first: 1) { totalCount } }');
    expect(all.data.products.totalCount).toBe(200);
    const page = await t
      .asAnonymous()
      .request<any>(
        '{ products(first: 24, sort: TITLE_ASC) { totalCount edges { node { title featuredImage { url } variants { sku } priceRange { min { amount currencyCode } } } } } }',
      );
    expect(page.data.products.totalCount).toBe(192); // every 25th is a draft
    const first = page.data.products.edges[0].node;
    expect(first.featuredImage.url).toMatch(/^data:image\/svg\+xml,%3Csvg/);
    expect(first.featuredImage.url.length).toBeLessThan(300);
    expect(decodeURIComponent(first.featuredImage.url.split(',')[1])).toContain('</svg>');
    expect(first.variants.length).toBeGreaterThan(0);
    expect(first.priceRange.min.currencyCode).toBe('USD');
    const tree = await t
      .asAnonymous()
      .request<any>('{ categories { edges { node { title children { title children { title depth } } } } } }');
    const roots = tree.data.categories.edges.map((e: any) => e.node);
    expect(roots.map((r: any) => r.title)).toEqual(['Apparel', 'Home', 'Outdoors', 'Accessories']);
    expect(roots[0].children[0].children[0]).toEqual({ title: 'T-Shirts', depth: 2 });
  });

  it('announces every demo product to inventory with demo: true', async () => {
    const events = await withTenant(t.platform.database, t.tenant, (tx) => tx.select().from(outbox));
    const created = events.filter((e) => e.type === 'catalog.product.created');
    expect(created).toHaveLength(200);
    expect(created.every((e) => (e.payload as { demo: boolean }).demo === true)).toBe(true);
  });

  it('is the same demo on every run (deterministic)', async () => {
    const r = await t
      .asTenantAdmin()
      .request<any>('{ products(first: 3, sort: TITLE_ASC) { edges { node { slug variants { sku } } } } }');
    expect(r.data.products.edges.map((e: any) => e.node.slug)).toMatchSnapshot();
  });
});
