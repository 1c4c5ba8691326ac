// The ids module alone: drizzle-kit loads schema files as CommonJS, where the kit's index cannot evaluate.
import { prefixedId } from '@meridian/kit/ids';

/** Commerce's id kinds (`ord_…`): a wrong prefix is NOT_FOUND before any query runs. */
export const cartId = prefixedId('crt', 'Cart');
export const cartLineId = prefixedId('cli', 'CartLine');
export const orderId = prefixedId('ord', 'Order');
export const orderLineId = prefixedId('oli', 'OrderLine');
export const orderEventId = prefixedId('oev', 'OrderEvent');
export const paymentId = prefixedId('pay', 'Payment');
export const refundId = prefixedId('rfd', 'Refund');
export const shipmentId = prefixedId('shp', 'Shipment');
export const returnId = prefixedId('rma', 'Return');
export const shippingZoneId = prefixedId('shz', 'ShippingZone');
export const shippingMethodId = prefixedId('shm', 'ShippingMethod');
export const shippingRateId = prefixedId('shr', 'ShippingRate');
// Other domains' ids: commerce stores the ones it is told about and never reads their tables.
export const variantId = prefixedId('var', 'ProductVariant');
export const productId = prefixedId('prd', 'Product');
export const userId = prefixedId('usr', 'User');
export const reservationId = prefixedId('rsv', 'Reservation');
