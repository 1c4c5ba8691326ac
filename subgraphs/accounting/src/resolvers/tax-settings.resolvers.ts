import type { Resolvers } from '@meridian/kit';
import { taxClassById } from '../model/tax-class.ts';
import {
  getTaxSettings,
  type TaxSettingsRow,
  type UpdateTaxSettingsInput,
  updateTaxSettings,
} from '../model/tax-settings.ts';

export const taxSettingsResolvers: Resolvers = {
  ShippingTaxMode: { PROPORTIONAL: 'proportional', CLASS: 'class' },
  Query: {
    taxSettings: (_p, _a, ctx) => getTaxSettings(ctx),
  },
  Mutation: {
    updateTaxSettings: (_p, args: { input: UpdateTaxSettingsInput }, ctx) => updateTaxSettings(ctx, args.input),
  },
  TaxSettings: {
    defaultTaxClass: (s: TaxSettingsRow, _a, ctx) =>
      s.defaultTaxClassId ? taxClassById(ctx, s.defaultTaxClassId) : null,
    shippingTaxClass: (s: TaxSettingsRow, _a, ctx) =>
      s.shippingTaxClassId ? taxClassById(ctx, s.shippingTaxClassId) : null,
  },
};
