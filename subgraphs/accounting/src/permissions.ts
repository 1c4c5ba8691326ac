import { allow, can, hasTenant, or, type RuleMap } from '@meridian/kit';

/** Staff reading tax setup: accounting:read (accounting:write implies it). */
const reader = or(can('accounting:read'), can('accounting:write'));
const writer = can('accounting:write');
/** Merchandisers pick a product's class, so catalog staff may read the classes too. */
const classReader = or(reader, can('catalog:read'), can('catalog:write'));

/**
 * Deny by default: every field reachable here is listed. The storefront (anonymous, with a tenant)
 * may ask for a tax quote and nothing else; commerce calls the same field.
 */
export const accountingPermissions: RuleMap = {
  Query: {
    taxQuote: hasTenant,
    calculateTax: reader,
    taxZones: reader,
    taxZone: reader,
    taxRates: reader,
    taxRate: reader,
    taxSettings: reader,
    taxClasses: classReader,
    taxClass: classReader,
  },
  Mutation: {
    '*': writer,
    setProductTaxClass: or(writer, can('catalog:write')),
  },
  TaxZone: reader,
  TaxZoneConnection: reader,
  TaxZoneEdge: reader,
  TaxRate: reader,
  TaxRateConnection: reader,
  TaxRateEdge: reader,
  TaxSettings: reader,
  TaxClass: classReader,
  TaxClassConnection: classReader,
  TaxClassEdge: classReader,
  Product: { id: hasTenant, taxClass: classReader },
  // Value types: reachable only through the fields above, which carry the rules.
  Money: allow,
  PageInfo: allow,
  UserError: allow,
  TaxQuotePayload: allow,
  TaxQuote: allow,
  TaxQuoteLine: allow,
  TaxQuoteShipping: allow,
  TaxQuoteZone: allow,
  AppliedTax: allow,
  TaxZonePayload: allow,
  DeleteTaxZonePayload: allow,
  TaxClassPayload: allow,
  DeleteTaxClassPayload: allow,
  SetProductTaxClassPayload: allow,
  TaxRatePayload: allow,
  DeleteTaxRatePayload: allow,
  ScheduleTaxRateChangePayload: allow,
  TaxSettingsPayload: allow,
};
