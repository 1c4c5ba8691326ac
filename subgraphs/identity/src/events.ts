import { defineEvent } from '@meridian/kit';

/**
 * Events identity publishes, in the transaction of the change they describe. Other subgraphs and the storefront
 * never import identity: the type string and payload shape below are the contract.
 */

export interface StorefrontSettingsChanged {
  /** Which settings changed: 'currencies', 'locale', 'theme' (only those whose value really changed). */
  changed: ('currencies' | 'locale' | 'theme')[];
}

/** The storefront re-renders the tenant's pages (theme, currencies, locale) at once instead of within 5 minutes. */
export const storefrontSettingsChanged = defineEvent<StorefrontSettingsChanged>('identity.storefront-settings.changed');
