// The kit's ids module itself, not the package index: drizzle-kit loads schema files as CommonJS, where
// the index's env module (import.meta.dirname) cannot evaluate. Same file, so the same module instance.
import { prefixedId } from '../../../kit/src/ids.ts';

/** Accounting's id kinds (`txz_…`): a wrong prefix is NOT_FOUND before any query runs. */
export const taxZoneId = prefixedId('txz', 'TaxZone');
export const taxClassId = prefixedId('txc', 'TaxClass');
export const taxRateId = prefixedId('txr', 'TaxRate');
// Catalog's product ids: accounting stores the ones it is told about and never reads catalog's tables.
export const productId = prefixedId('prd', 'Product');
