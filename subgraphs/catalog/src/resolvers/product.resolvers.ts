import { DateTimeScalar, notFound, type RequestContext, type Resolvers, referenceResolver } from '@meridian/kit';
import { productStatuses } from '../db/schema.ts';
import { loadCategories } from '../model/category-read.ts';
import { findProduct, loadProductView, loadVisibleProducts, loadVisibleVariant } from '../model/product-read.ts';
import { archiveProduct, updateProduct } from '../model/product-update.ts';
import { createProductVariant, updateProductVariant } from '../model/product-variant-write.ts';
import type { ProductView, VariantView } from '../model/product-view.ts';
import { createProduct } from '../model/product-write.ts';
import { moneyOut, productPriceRange, variantPrice } from '../model/quote.ts';
import { countProducts } from '../model/search.ts';
import type { ProductFacets } from '../model/search-facets.ts';
import { enumValues, facetsOf, type ProductConnection, productConnection, seoOf } from './shared.ts';

async function ownerOf(ctx: RequestContext, variant: VariantView): Promise<ProductView> {
  const product = await loadProductView(ctx, variant.productId);
  if (!product) throw new Error(`variant ${variant.id} lost its product`);
  return product;
}

export const productResolvers: Resolvers = {
  DateTime: DateTimeScalar,
  ProductStatus: enumValues(productStatuses),
  ProductSort: enumValues([
    'relevance',
    'newest',
    'title_asc',
    'title_desc',
    'price_asc',
    'price_desc',
    'collection',
  ] as const),
  Query: {
    product: (_p, args: { id?: string; slug?: string }, ctx) => findProduct(ctx, args),
    productVariant: async (_p, args: { id: string }, ctx) => {
      const found = await loadVisibleVariant(ctx, args.id);
      if (!found) throw notFound('ProductVariant');
      return found.variant;
    },
    products: (_p, args, ctx, info) => productConnection(ctx, args, info),
  },
  Mutation: {
    createProduct: (_p, args: { input: Parameters<typeof createProduct>[1] }, ctx) => createProduct(ctx, args.input),
    updateProduct: (_p, args: { input: Parameters<typeof updateProduct>[1] }, ctx) => updateProduct(ctx, args.input),
    archiveProduct: (_p, args: { input: { id: string } }, ctx) => archiveProduct(ctx, args.input.id),
    createProductVariant: (_p, args: { input: Parameters<typeof createProductVariant>[1] }, ctx) =>
      createProductVariant(ctx, args.input),
    updateProductVariant: (_p, args: { input: Parameters<typeof updateProductVariant>[1] }, ctx) =>
      updateProductVariant(ctx, args.input),
  },
  Product: {
    __resolveReference: referenceResolver('Product', loadVisibleProducts),
    seo: seoOf,
    attributes: (p: ProductView) => Object.entries(p.attributes).map(([key, values]) => ({ key, values })),
    featuredImage: (p: ProductView) => p.media[0] ?? null,
    categories: (p: ProductView, _a, ctx) => loadCategories(ctx, p.categoryIds),
    priceRange: async (p: ProductView, args: { currency?: string; customerGroup?: string }, ctx) => {
      const range = await productPriceRange(ctx, p, args);
      return range
        ? {
            min: moneyOut(range.min, range.currency),
            max: moneyOut(range.max, range.currency),
            compareAtMax: moneyOut(range.compareAtMax, range.currency),
          }
        : null;
    },
    availableForSale: (p: ProductView) => p.inStock,
  },
  ProductVariant: {
    __resolveReference: referenceResolver('ProductVariant', async (ctx, ids) => {
      const found = await Promise.all(ids.map((id) => loadVisibleVariant(ctx, id)));
      return new Map(found.filter((f) => f !== null).map((f) => [f.variant.id, f.variant]));
    }),
    dimensions: (v: VariantView) => ({ lengthMm: v.lengthMm, widthMm: v.widthMm, heightMm: v.heightMm }),
    product: (v: VariantView, _a, ctx) => ownerOf(ctx, v),
    price: async (
      v: VariantView,
      args: { currency?: string; quantity?: number; customerGroup?: string; discountCode?: string },
      ctx,
    ) => {
      const decision = await variantPrice(ctx, await ownerOf(ctx, v), v, args);
      if (!decision) return null;
      const m = (amount: number) => moneyOut(amount, decision.currency);
      return {
        quantity: decision.quantity,
        unitPrice: m(decision.unitPrice),
        unitListPrice: m(decision.unitListPrice),
        lineTotal: m(decision.lineTotal),
        priceListId: decision.priceListId,
        minQuantity: decision.minQuantity,
        discountId: decision.discountId,
      };
    },
    availableForSale: (v: VariantView) => v.inStock,
  },
  ProductConnection: {
    totalCount: async (c: ProductConnection, _a, ctx) =>
      c.countWithFacets ? (await facetsOf(ctx, c)).total : countProducts(ctx, c.search),
    facets: (c: ProductConnection, _a, ctx) => facetsOf(ctx, c),
  },
  ProductFacets: {
    categories: async (f: ProductFacets, _a, ctx) => {
      const found = new Map(
        (
          await loadCategories(
            ctx,
            f.categories.map((c) => c.categoryId),
          )
        ).map((c) => [c.id, c]),
      );
      return f.categories
        .filter((c) => found.has(c.categoryId))
        .map((c) => ({ category: found.get(c.categoryId), count: c.count }));
    },
    price: (f: ProductFacets) => ({
      min: f.price.min === null ? null : moneyOut(f.price.min, f.price.currency),
      max: f.price.max === null ? null : moneyOut(f.price.max, f.price.currency),
    }),
    availability: (f: ProductFacets) => f.inStock,
  },
};
