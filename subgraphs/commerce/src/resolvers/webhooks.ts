import type { WebhookHandlers } from '@meridian/kit';
import { processPaymentWebhook } from '../model/webhook.ts';
import type { ProvidersFor } from '../payments/tenant-providers.ts';

/**
 * `POST /webhooks/stripe` (through the gateway, on the shop's host): the same model function as the
 * processPaymentWebhook mutation, answered the way Stripe reads it. 200 when handled or already handled
 * (a replay), 400 when the delivery is refused (bad signature, malformed payload, no Stripe account for
 * this shop): nothing is written then. The signature is checked with the HOST's tenant's signing secret
 * (its own, else the installation's fallback), so one shop's deliveries never verify on another's host.
 */
export function commerceWebhooks(providersFor: ProvidersFor): WebhookHandlers {
  return {
    stripe: async (request, ctx) => {
      const header = request.headers['stripe-signature'];
      const signature = typeof header === 'string' ? header : '';
      const result = await processPaymentWebhook(ctx, await providersFor(ctx), {
        provider: 'stripe',
        payload: request.rawBody,
        signature,
      });
      if (result.userErrors.length > 0) return { status: 400, body: { received: false, errors: result.userErrors } };
      return { status: 200, body: { received: true, duplicate: result.duplicate } };
    },
  };
}
