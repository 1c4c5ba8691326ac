import { fileURLToPath } from 'node:url';
import { createSubgraph, DateTimeScalar, loadMigrations, loadTypeDefs, mergeResolvers } from '@meridian/kit';
import { seedTaxDefaults, seedTaxDemo } from './model/tax-seed.ts';
import { accountingPermissions } from './permissions.ts';

import { taxClassResolvers } from './resolvers/tax-class.resolvers.ts';
import { taxQuoteResolvers } from './resolvers/tax-quote.resolvers.ts';
import { taxRateResolvers } from './resolvers/tax-rate.resolvers.ts';
import { taxSettingsResolvers } from './resolvers/tax-settings.resolvers.ts';
import { taxZoneResolvers } from './resolvers/tax-zone.resolvers.ts';

export const accountingTypeDefs = loadTypeDefs(new URL('./schema/', import.meta.url));
export const accountingMigrations = loadMigrations(
  'accounting',
  fileURLToPath(new URL('./db/migrations', import.meta.url)),
);

/** Accounting (so far its tax engine): tax zones, classes, rates, settings and THE tax calculation. */
export function createAccountingSubgraph() {
  return createSubgraph({
    name: 'accounting',
    typeDefs: accountingTypeDefs,
    resolvers: mergeResolvers(
      { DateTime: DateTimeScalar },
      taxZoneResolvers,
      taxClassResolvers,
      taxRateResolvers,
      taxSettingsResolvers,
      taxQuoteResolvers,
    ),
    permissions: accountingPermissions,
    migrations: accountingMigrations,
    seedDefaults: (tx) => seedTaxDefaults(tx),
    seedDemo: (tx) => seedTaxDemo(tx),
  });
}

export * from './events.ts';
export { calculateTax, type TaxCalculation, type TaxInput, type TaxRules } from './model/tax-calculation.ts';
