import { idToUuid, type Resolvers, referenceResolver } from '@meridian/kit';
import { assignedTaxClassId, type SetProductTaxClassInput, setProductTaxClass } from '../model/product-tax-class.ts';
import { tenantTaxRules } from '../model/rules-cache.ts';
import {
  type CreateTaxClassInput,
  createTaxClass,
  deleteTaxClass,
  findTaxClass,
  listTaxClasses,
  type TaxClassRow,
  taxClassById,
  updateTaxClass,
} from '../model/tax-class.ts';
import { connectionOf } from './shared.ts';

const classReference = referenceResolver<TaxClassRow>('TaxClass', async (ctx, ids) => {
  const found = await Promise.all(ids.map((id) => taxClassById(ctx, id)));
  return new Map(found.flatMap((c) => (c ? [[c.id, c] as const] : [])));
});

type ProductRef = { id: string };

export const taxClassResolvers: Resolvers = {
  Query: {
    taxClasses: async (_p, args: { first?: number; after?: string }, ctx) =>
      connectionOf(await listTaxClasses(ctx, args)),
    taxClass: (_p, args: { id: string }, ctx) => findTaxClass(ctx, args.id),
  },
  Mutation: {
    createTaxClass: (_p, args: { input: CreateTaxClassInput }, ctx) => createTaxClass(ctx, args.input),
    updateTaxClass: (_p, args: { input: { id: string; name: string } }, ctx) => updateTaxClass(ctx, args.input),
    deleteTaxClass: (_p, args: { input: { id: string } }, ctx) => deleteTaxClass(ctx, args.input),
    setProductTaxClass: async (_p, args: { input: SetProductTaxClassInput }, ctx) => {
      const { productIds, userErrors } = await setProductTaxClass(ctx, args.input);
      return { products: productIds.map((id) => ({ id })), userErrors };
    },
  },
  TaxClass: {
    __resolveReference: (ref: { id: string }, ctx) => {
      idToUuid('txc', ref.id);
      return classReference(ref, ctx);
    },
  },
  Product: {
    // Catalog owns the product; whether it exists is catalog's answer, the class is ours.
    __resolveReference: (ref: ProductRef) => {
      idToUuid('prd', ref.id);
      return { id: ref.id };
    },
    taxClass: async (product: ProductRef, _a, ctx) => {
      const id = (await assignedTaxClassId(ctx, product.id)) ?? (await tenantTaxRules(ctx)).settings.defaultTaxClassId;
      return id ? taxClassById(ctx, id) : null;
    },
  },
};
