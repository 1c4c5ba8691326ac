import { defineEvent } from '@meridian/kit';

/**
 * Events accounting publishes, in the transaction of the change they describe. The type string and the
 * payload shape are the contract (subgraphs never import each other): commerce declares the same
 * descriptor to drop cached tax quotes, reporting to rebuild tax summaries.
 */

export interface TaxRateChanged {
  rateId: string;
  zoneId: string;
  /** The zone's country, so a consumer can ignore countries it does not sell to. */
  country: string;
  taxClassId: string;
  change: 'created' | 'updated' | 'deleted';
  /** The rate after the change (before it, for 'deleted'). Percent string, e.g. '20.000'. */
  rate: string;
  priority: number;
  compound: boolean;
  /** ISO 8601, or null when open. */
  validFrom: string | null;
  validTo: string | null;
}

export interface TaxSettingsChanged {
  pricesIncludeTax: boolean;
  defaultTaxClassId: string | null;
  shippingTaxMode: 'proportional' | 'class';
  shippingTaxClassId: string | null;
}

export const taxRateChanged = defineEvent<TaxRateChanged>('accounting.tax-rate.changed');
export const taxSettingsChanged = defineEvent<TaxSettingsChanged>('accounting.tax-settings.changed');
