import { idToUuid, type Resolvers, referenceResolver } from '@meridian/kit';
import { taxClassById } from '../model/tax-class.ts';
import {
  type CreateTaxRateInput,
  createTaxRate,
  deleteTaxRate,
  type TaxRateRow,
  type UpdateTaxRateInput,
  updateTaxRate,
} from '../model/tax-rate.ts';
import { type ScheduleTaxRateChangeInput, scheduleTaxRateChange } from '../model/tax-rate-change.ts';
import { findTaxRate, listTaxRates, type TaxRateFilter, taxRateById } from '../model/tax-rate-read.ts';
import { taxZoneById } from '../model/tax-zone.ts';
import { connectionOf } from './shared.ts';

const rateReference = referenceResolver<TaxRateRow>('TaxRate', async (ctx, ids) => {
  const found = await Promise.all(ids.map((id) => taxRateById(ctx, id)));
  return new Map(found.flatMap((r) => (r ? [[r.id, r] as const] : [])));
});

export const taxRateResolvers: Resolvers = {
  Query: {
    taxRates: async (_p, args: TaxRateFilter & { first?: number; after?: string }, ctx) =>
      connectionOf(await listTaxRates(ctx, args)),
    taxRate: (_p, args: { id: string }, ctx) => findTaxRate(ctx, args.id),
  },
  Mutation: {
    createTaxRate: (_p, args: { input: CreateTaxRateInput }, ctx) => createTaxRate(ctx, args.input),
    updateTaxRate: (_p, args: { input: UpdateTaxRateInput }, ctx) => updateTaxRate(ctx, args.input),
    deleteTaxRate: (_p, args: { input: { id: string } }, ctx) => deleteTaxRate(ctx, args.input),
    scheduleTaxRateChange: (_p, args: { input: ScheduleTaxRateChangeInput }, ctx) =>
      scheduleTaxRateChange(ctx, args.input),
  },
  TaxRate: {
    __resolveReference: (ref: { id: string }, ctx) => {
      idToUuid('txr', ref.id);
      return rateReference(ref, ctx);
    },
    zone: (rate: TaxRateRow, _a, ctx) => taxZoneById(ctx, rate.zoneId),
    taxClass: (rate: TaxRateRow, _a, ctx) => taxClassById(ctx, rate.taxClassId),
  },
};
