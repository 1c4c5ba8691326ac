import {
  DateTimeScalar,
  loaderFor,
  notFound,
  type RequestContext,
  type Resolvers,
  referenceResolver,
} from '@meridian/kit';
import { inArray } from 'drizzle-orm';
import { productStatuses, products } from '../db/schema.ts';
import { loadCategories } from '../model/category-read.ts';
import { tenantDb } from '../model/context.ts';
import {
  findProduct,
  loadProductView,
  loadVisibleProducts,
  loadVisibleVariant,
  variantAvailability,
} from '../model/product-read.ts';
import { archiveProduct, createProductVariant, updateProduct, updateProductVariant } from '../model/product-update.ts';
import type { ProductView, VariantView } from '../model/product-view.ts';
import { createProduct } from '../model/product-write.ts';
import { moneyOut, productPriceRange, variantPrice } from '../model/quote.ts';
import { countProducts, type ProductFacets, productFacets } from '../model/search.ts';
import type { PreparedSearch } from '../model/search-query.ts';
import { enumValues, productConnection, seoOf } from './shared.ts';

/** products.in_stock, read live (stock changes do not go through the product cache). */
function productInStock(ctx: RequestContext) {
  return loaderFor<string, boolean>(ctx, 'catalog:product-in-stock', async (ids) => {
    const rows = await tenantDb(ctx).transaction((tx) =>
      tx
        .select({ id: products.id, inStock: products.inStock })
        .from(products)
        .where(inArray(products.id, [...ids])),
    );
    return new Map(rows.map((r) => [r.id, r.inStock]));
  });
}

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
    products: (_p, args, ctx) => productConnection(ctx, args),
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
    availableForSale: async (p: ProductView, _a, ctx) => (await productInStock(ctx).load(p.id)) ?? false,
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
    availableForSale: async (v: VariantView, _a, ctx) => ((await variantAvailability(ctx).load(v.id)) ?? 0) > 0,
  },
  ProductConnection: {
    totalCount: (c: { search: PreparedSearch }, _a, ctx) => countProducts(ctx, c.search),
    facets: (c: { search: PreparedSearch }, _a, ctx) => productFacets(ctx, c.search),
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
