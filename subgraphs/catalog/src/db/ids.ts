// The kit's ids module itself, not the package index: drizzle-kit loads schema files as CommonJS, where
// the index's env module (import.meta.dirname) cannot evaluate. Same file, so the same module instance.
import { prefixedId } from '../../../kit/src/ids.ts';

/** The catalog's id kinds (`prd_…`, `var_…`): a wrong prefix is NOT_FOUND before any query runs. */
export const productId = prefixedId('prd', 'Product');
export const variantId = prefixedId('var', 'ProductVariant');
export const optionId = prefixedId('opt', 'ProductOption');
export const mediaId = prefixedId('med', 'ProductMedia');
export const categoryId = prefixedId('cat', 'Category');
export const collectionId = prefixedId('col', 'Collection');
export const priceListId = prefixedId('prl', 'PriceList');
export const discountId = prefixedId('dsc', 'Discount');
export const importId = prefixedId('imp', 'ProductImport');
