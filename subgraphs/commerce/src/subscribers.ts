import { type Mailer, subscribe } from '@meridian/kit';
import { orderPaid, shipmentShipped, taxSettingsChanged } from './events.ts';
import { confirmationMail, shippingMail } from './model/order-mail.ts';
import { taxModeCacheKey } from './model/tax-client.ts';

/**
 * Mail goes out from events (at least once, retried with backoff, after the order committed), never from
 * the request: a slow or failing mail server neither slows nor fails a checkout.
 */
export function commerceSubscribers(mailer: () => Mailer) {
  return [
    subscribe(orderPaid, {
      name: 'commerce.send-order-confirmation',
      handle: async (_tx, event) => {
        await mailer().send(confirmationMail(event.payload));
      },
    }),
    subscribe(shipmentShipped, {
      name: 'commerce.send-shipping-notice',
      handle: async (_tx, event) => {
        await mailer().send(shippingMail(event.payload));
      },
    }),
    // Carts without an address show whether prices include tax; that setting is cached per tenant.
    subscribe(taxSettingsChanged, {
      name: 'commerce.forget-tax-mode',
      handle: async (_tx, _event, services) => {
        services.afterCommit(async () => {
          await services.cache?.delete(taxModeCacheKey);
        });
      },
    }),
  ];
}
