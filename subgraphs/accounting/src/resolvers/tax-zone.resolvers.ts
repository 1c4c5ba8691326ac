import { idToUuid, type Resolvers, referenceResolver } from '@meridian/kit';
import { listTaxRates } from '../model/tax-rate-read.ts';
import {
  createTaxZone,
  deleteTaxZone,
  findTaxZone,
  listTaxZones,
  type TaxZoneInput,
  type TaxZoneRow,
  taxZoneById,
  updateTaxZone,
} from '../model/tax-zone.ts';
import { connectionOf } from './shared.ts';

type PageArgs = { first?: number; after?: string };

const zoneReference = referenceResolver<TaxZoneRow>('TaxZone', async (ctx, ids) => {
  const found = await Promise.all(ids.map((id) => taxZoneById(ctx, id)));
  return new Map(found.flatMap((zone) => (zone ? [[zone.id, zone] as const] : [])));
});

export const taxZoneResolvers: Resolvers = {
  Query: {
    taxZones: async (_p, args: PageArgs & { country?: string }, ctx) => connectionOf(await listTaxZones(ctx, args)),
    taxZone: (_p, args: { id: string }, ctx) => findTaxZone(ctx, args.id),
  },
  Mutation: {
    createTaxZone: (_p, args: { input: TaxZoneInput }, ctx) => createTaxZone(ctx, args.input),
    updateTaxZone: (_p, args: { input: TaxZoneInput & { id: string } }, ctx) => updateTaxZone(ctx, args.input),
    deleteTaxZone: (_p, args: { input: { id: string } }, ctx) => deleteTaxZone(ctx, args.input),
  },
  TaxZone: {
    __resolveReference: (ref: { id: string }, ctx) => {
      idToUuid('txz', ref.id); // an id of another kind is NOT_FOUND, never a lookup
      return zoneReference(ref, ctx);
    },
    rates: async (zone: TaxZoneRow, args: PageArgs, ctx) =>
      connectionOf(await listTaxRates(ctx, { ...args, zoneId: zone.id })),
  },
};
