import { type RequestContext, type Resolvers, referenceResolver } from '@meridian/kit';
import { rateKinds } from '../db/shipping.schema.ts';
import {
  createShippingMethod,
  deleteShippingMethod,
  type MethodInput,
  updateShippingMethod,
} from '../model/shipping-method.ts';
import {
  createShippingZone,
  deleteShippingZone,
  findShippingZone,
  listShippingZones,
  methodsOfZones,
  ratesOfMethods,
  type ShippingMethodRow,
  type ShippingRateRow,
  type ShippingZoneRow,
  updateShippingZone,
  zonesByIds,
} from '../model/shipping-zone.ts';
import { childrenLoader, connectionOf, enumValues, maybeMoney, moneyOut, pageArgs } from './shared.ts';

const zoneReference = referenceResolver<ShippingZoneRow>('ShippingZone', zonesByIds);

type Input<T> = { input: T };

export const shippingResolvers: Resolvers = {
  ShippingRateKind: enumValues(rateKinds),
  Query: {
    shippingZones: async (_p, args: { first?: number; after?: string }, ctx) =>
      connectionOf(await listShippingZones(ctx, pageArgs(args))),
    shippingZone: (_p, args: { id: string }, ctx) => findShippingZone(ctx, args.id),
  },
  Mutation: {
    createShippingZone: (_p, args: Input<Parameters<typeof createShippingZone>[1]>, ctx) =>
      createShippingZone(ctx, args.input),
    updateShippingZone: (_p, args: Input<Parameters<typeof updateShippingZone>[1]>, ctx) =>
      updateShippingZone(ctx, args.input),
    deleteShippingZone: (_p, args: Input<{ id: string }>, ctx) => deleteShippingZone(ctx, args.input),
    createShippingMethod: (_p, args: Input<MethodInput & { zoneId: string }>, ctx) =>
      createShippingMethod(ctx, args.input),
    updateShippingMethod: (_p, args: Input<MethodInput & { id: string }>, ctx) => updateShippingMethod(ctx, args.input),
    deleteShippingMethod: (_p, args: Input<{ id: string }>, ctx) => deleteShippingMethod(ctx, args.input),
  },
  ShippingZone: {
    __resolveReference: (ref: { id: string }, ctx: RequestContext) => zoneReference(ref, ctx),
    methods: async (zone: ShippingZoneRow, _a, ctx) =>
      (await childrenLoader<ShippingMethodRow>(ctx, 'zone-methods', methodsOfZones, (m) => m.zoneId).load(zone.id)) ??
      [],
  },
  ShippingMethod: {
    rates: async (method: ShippingMethodRow, _a, ctx) =>
      (await childrenLoader<ShippingRateRow>(ctx, 'method-rates', ratesOfMethods, (r) => r.methodId).load(method.id)) ??
      [],
  },
  ShippingRate: {
    currencyCode: (rate: ShippingRateRow) => rate.currency,
    amount: (rate: ShippingRateRow) => moneyOut(rate.amount, rate.currency),
    minWeightGrams: (rate: ShippingRateRow) => (rate.kind === 'weight' ? rate.min : null),
    maxWeightGrams: (rate: ShippingRateRow) => (rate.kind === 'weight' ? rate.max : null),
    minSubtotal: (rate: ShippingRateRow) => (rate.kind === 'price' ? moneyOut(rate.min, rate.currency) : null),
    maxSubtotal: (rate: ShippingRateRow) => (rate.kind === 'price' ? maybeMoney(rate.max, rate.currency) : null),
    freeOver: (rate: ShippingRateRow) => maybeMoney(rate.freeOver, rate.currency),
  },
};
