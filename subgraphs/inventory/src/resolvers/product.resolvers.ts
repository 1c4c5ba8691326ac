import { idToUuid, loaderFor, type RequestContext, type Resolvers, read, referenceResolver } from '@meridian/kit';
import { type InventoryItemRow, inventoryItemsByVariant } from '../model/inventory-item.ts';
import { levelsOfProduct, levelsOfVariant, sellable } from '../model/stock-read.ts';

/**
 * Catalog's entities, extended with stock. The gateway sends `{ id }` references in one `_entities`
 * call; each reference primes the per-request loader, so 24 products cost one stock query. A product
 * or variant inventory has never heard of simply has no stock.
 */
type Ref = { id: string };

const variantReference = referenceResolver<Ref>('ProductVariant', async (ctx, ids) => {
  await Promise.all(ids.map((id) => levelsOfVariant(ctx, id)));
  return new Map(ids.map((id) => [id, { id }]));
});

const productReference = referenceResolver<Ref>('Product', async (ctx, ids) => {
  await Promise.all(ids.map((id) => levelsOfProduct(ctx, id)));
  return new Map(ids.map((id) => [id, { id }]));
});

const itemOf = (ctx: RequestContext, variantId: string) =>
  loaderFor<string, InventoryItemRow>(ctx, 'itemByVariant', async (ids) => {
    const items = await read(ctx, (tx) => inventoryItemsByVariant(tx, ids));
    return new Map(items.map((item) => [item.variantId, item]));
  }).load(variantId);

export const productResolvers: Resolvers = {
  ProductVariant: {
    __resolveReference: (ref: Ref, ctx) => {
      idToUuid('var', ref.id); // an id of another kind is NOT_FOUND, never a lookup
      return variantReference(ref, ctx);
    },
    available: async (variant: Ref, _args, ctx) => sellable(await levelsOfVariant(ctx, variant.id)),
    inStock: async (variant: Ref, _args, ctx) => sellable(await levelsOfVariant(ctx, variant.id)) > 0,
    stock: (variant: Ref, _args, ctx) => levelsOfVariant(ctx, variant.id),
    inventoryItem: (variant: Ref, _args, ctx) => itemOf(ctx, variant.id),
  },
  Product: {
    __resolveReference: (ref: Ref, ctx) => {
      idToUuid('prd', ref.id);
      return productReference(ref, ctx);
    },
    available: async (product: Ref, _args, ctx) => sellable(await levelsOfProduct(ctx, product.id)),
    inStock: async (product: Ref, _args, ctx) => sellable(await levelsOfProduct(ctx, product.id)) > 0,
    stock: (product: Ref, _args, ctx) => levelsOfProduct(ctx, product.id),
  },
};
