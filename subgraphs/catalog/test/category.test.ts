import { startTestSubgraphs, type TestSubgraphs } from '@meridian/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalogSubgraph } from '../src/index.ts';
import { createProduct } from './helpers.ts';

let t: TestSubgraphs;
beforeAll(async () => {
  t = await startTestSubgraphs([createCatalogSubgraph()]);
});
afterAll(async () => {
  await t?.close();
});

const writer = () => t.as({ permissions: ['catalog:write'] });
const create = async (title: string, parentId?: string, position?: number) => {
  const r = await writer().request<any>(
    `mutation($input: CreateCategoryInput!) { createCategory(input: $input) { category { id slug position depth } userErrors { field code } } }`,
    { input: { title, parentId, position } },
  );
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data.createCategory.category;
};
const move = (id: string, parentId: string | null, position?: number) =>
  writer().request<any>(
    `mutation($input: MoveCategoryInput!) { moveCategory(input: $input) { category { id depth position parent { id } } userErrors { field code } } }`,
    { input: { id, parentId, position } },
  );
const children = async (parentId?: string) => {
  const r = await t
    .asAnonymous()
    .request<any>('query($p: ID) { categories(parentId: $p) { edges { node { title position depth } } } }', {
      p: parentId,
    });
  return r.data.categories.edges.map((e: any) => `${e.node.title}@${e.node.position}/${e.node.depth}`);
};

describe('category tree', () => {
  it('builds a tree with ordering among siblings', async () => {
    const root = await create('Clothing');
    await create('Tops', root.id);
    await create('Bottoms', root.id);
    await create('Shoes', root.id, 0);
    expect(await children(root.id)).toEqual(['Shoes@0/1', 'Tops@1/1', 'Bottoms@2/1']);
  });

  it('moves a subtree: descendants follow, depths and sibling positions stay consistent', async () => {
    const a = await create('Alpha');
    const a1 = await create('Alpha One', a.id);
    const a11 = await create('Alpha One One', a1.id);
    const b = await create('Beta');
    const moved = await move(a1.id, b.id, 0);
    expect(moved.data.moveCategory.userErrors).toEqual([]);
    expect(moved.data.moveCategory.category).toMatchObject({ depth: 1, position: 0, parent: { id: b.id } });
    const deep = await t
      .asAnonymous()
      .request<any>('query($id: ID) { category(id: $id) { depth ancestors { id } } }', { id: a11.id });
    expect(deep.data.category).toEqual({ depth: 2, ancestors: [{ id: b.id }, { id: a1.id }] });
    expect(await children(a.id)).toEqual([]);
    // back to the root level, first
    const toRoot = await move(a1.id, null, 0);
    expect(toRoot.data.moveCategory.category).toMatchObject({ depth: 0, position: 0, parent: null });
  });

  it('refuses a cycle (under itself or a descendant) and changes nothing', async () => {
    const x = await create('Xray');
    const x1 = await create('Xray One', x.id);
    const x11 = await create('Xray One One', x1.id);
    for (const target of [x.id, x1.id, x11.id]) {
      const r = await move(x.id, target);
      expect(r.data.moveCategory.userErrors).toEqual([
        { field: ['input', 'parentId'], code: target === x.id ? 'CATEGORY_CYCLE' : 'CATEGORY_CYCLE' },
      ]);
    }
    const still = await t
      .asAnonymous()
      .request<any>('query($id: ID) { category(id: $id) { depth parent { id } } }', { id: x11.id });
    expect(still.data.category).toEqual({ depth: 2, parent: { id: x1.id } });
  });

  it('lists products of a category including its subcategories', async () => {
    const top = await create('Garden');
    const leaf = await create('Garden Tools', top.id);
    const { product } = await createProduct(writer(), { categoryIds: [leaf.id] });
    const r = await t
      .asAnonymous()
      .request<any>('query($id: ID) { category(id: $id) { products { edges { node { id } } } } }', { id: top.id });
    expect(r.data.category.products.edges.map((e: any) => e.node.id)).toEqual([product.id]);
  });

  it('refuses a duplicate slug and deleting a category with children', async () => {
    const parent = await create('Kitchen');
    await create('Knives', parent.id);
    const dup = await writer().request<any>(
      'mutation { createCategory(input: { title: "Kitchen" }) { category { id } userErrors { field code } } }',
    );
    expect(dup.data.createCategory.userErrors).toEqual([{ field: ['input', 'slug'], code: 'DUPLICATE_SLUG' }]);
    const del = await writer().request<any>(
      'mutation($id: ID!) { deleteCategory(input: { id: $id }) { deletedId userErrors { code } } }',
      {
        id: parent.id,
      },
    );
    expect(del.data.deleteCategory.userErrors).toEqual([{ code: 'CATEGORY_NOT_EMPTY' }]);
  });
});

describe('manual collections', () => {
  it('keeps products in the order they were added, and removes them', async () => {
    const c = await writer().request<any>(
      'mutation { createCollection(input: { title: "Staff picks" }) { collection { id slug } userErrors { code } } }',
    );
    const id = c.data.createCollection.collection.id;
    const p1 = (await createProduct(writer())).product.id;
    const p2 = (await createProduct(writer())).product.id;
    const p3 = (await createProduct(writer())).product.id;
    const add =
      'mutation($input: CollectionProductsInput!) { addProductsToCollection(input: $input) { userErrors { field code } } }';
    await writer().request(add, { input: { collectionId: id, productIds: [p2, p1] } });
    await writer().request(add, { input: { collectionId: id, productIds: [p3, p2] } });
    const list = async () =>
      (
        await t
          .asAnonymous()
          .request<any>('query($id: ID) { collection(id: $id) { products { edges { node { id } } } } }', { id })
      ).data.collection.products.edges.map((e: any) => e.node.id);
    expect(await list()).toEqual([p2, p1, p3]);
    await writer().request(
      'mutation($input: CollectionProductsInput!) { removeProductsFromCollection(input: $input) { userErrors { code } } }',
      { input: { collectionId: id, productIds: [p1] } },
    );
    expect(await list()).toEqual([p2, p3]);
    const bad = await writer().request<any>(add, {
      input: { collectionId: id, productIds: ['prd_01J0000000000000000000000Z'] },
    });
    expect(bad.data.addProductsToCollection.userErrors).toEqual([
      { field: ['input', 'productIds', '0'], code: 'NOT_FOUND' },
    ]);
  });
});
