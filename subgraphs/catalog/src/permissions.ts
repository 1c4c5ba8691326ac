import { allow, can, hasTenant, or, type RuleMap } from '@meridian/kit';

/** Back-office reading: catalog:read (catalog:write implies it). */
const reader = or(can('catalog:read'), can('catalog:write'));
const writer = can('catalog:write');

/**
 * Deny by default: every field reachable here is listed. Storefront reads need only a tenant (the
 * anonymous shopper on the tenant's host): the model shows them active products only, and drafts,
 * archived products, price lists, discounts and imports need catalog:read.
 */
export const catalogPermissions: RuleMap = {
  Query: {
    product: hasTenant,
    productVariant: hasTenant,
    products: hasTenant,
    category: hasTenant,
    categories: hasTenant,
    collection: hasTenant,
    collections: hasTenant,
    priceQuote: hasTenant,
    priceLists: reader,
    priceList: reader,
    discounts: reader,
    discount: reader,
    productImport: reader,
  },
  Mutation: {
    '*': writer,
    // Commerce counts a code's use when an order is placed.
    redeemDiscount: or(writer, can('orders:write')),
  },
  Product: hasTenant,
  ProductVariant: hasTenant,
  Category: hasTenant,
  Collection: hasTenant,
  ProductConnection: hasTenant,
  ProductFacets: hasTenant,
  PriceList: reader,
  PriceListConnection: reader,
  PriceListEdge: reader,
  Discount: reader,
  DiscountConnection: reader,
  DiscountEdge: reader,
  ProductImport: reader,
  ProductImportFailureConnection: reader,
  ProductImportFailureEdge: reader,
  ProductImportFailure: reader,
  ProductImportRowError: reader,
  // Value types: reachable only through the fields above, which carry the rules.
  Money: allow,
  PageInfo: allow,
  UserError: allow,
  Seo: allow,
  ProductAttribute: allow,
  ProductOption: allow,
  OptionValue: allow,
  ProductMedia: allow,
  Dimensions: allow,
  PriceRange: allow,
  VariantPrice: allow,
  ProductEdge: allow,
  CategoryFacet: allow,
  PriceFacet: allow,
  AttributeFacet: allow,
  AttributeValueFacet: allow,
  AvailabilityFacet: allow,
  CategoryConnection: allow,
  CategoryEdge: allow,
  CollectionConnection: allow,
  CollectionEdge: allow,
  PriceQuotePayload: allow,
  PriceQuote: allow,
  PriceQuoteLine: allow,
  OrderDiscount: allow,
  ProductPayload: allow,
  CategoryPayload: allow,
  DeleteCategoryPayload: allow,
  CollectionPayload: allow,
  PriceListPayload: allow,
  SetVariantPricesPayload: allow,
  DiscountPayload: allow,
  ProductImportPayload: allow,
};
