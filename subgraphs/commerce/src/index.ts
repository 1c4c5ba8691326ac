import { fileURLToPath } from 'node:url';
import {
  createMailer,
  createSubgraph,
  DateTimeScalar,
  env,
  loadMigrations,
  loadTypeDefs,
  type Mailer,
} from '@meridian/kit';
import type { PaymentProviders } from './payments/provider.ts';
import { createStripePaymentProvider, type StripeSettings } from './payments/stripe-provider.ts';
import { createTestPaymentProvider } from './payments/test-provider.ts';
import { commercePermissions } from './permissions.ts';
import { cartResolvers } from './resolvers/cart.resolvers.ts';
import { checkoutResolvers } from './resolvers/checkout.resolvers.ts';
import { fulfilmentResolvers } from './resolvers/fulfilment.resolvers.ts';
import { orderResolvers } from './resolvers/order.resolvers.ts';
import { mergeResolvers } from './resolvers/shared.ts';
import { shippingResolvers } from './resolvers/shipping.resolvers.ts';
import { commerceWebhooks } from './resolvers/webhooks.ts';
import { seedDemoShipping } from './seed/demo-shipping.seed.ts';
import { commerceSubscribers } from './subscribers.ts';

export const commerceTypeDefs = loadTypeDefs(new URL('./schema/', import.meta.url));
export const commerceMigrations = loadMigrations(
  'commerce',
  fileURLToPath(new URL('./db/migrations', import.meta.url)),
);

export interface CommerceOptions {
  /** Payment providers offered (default: the test provider outside production, Stripe when STRIPE_SECRET_KEY is set). */
  providers?: PaymentProviders;
  /** Outgoing mail (default: the kit's mailer from the environment, created on first use). */
  mailer?: Mailer;
}

/** Stripe from the environment: STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET (STRIPE_API_HOST for a stand-in API). */
function stripeFromEnv(): StripeSettings | null {
  const secretKey = process.env.STRIPE_SECRET_KEY?.trim();
  const webhookSecret = process.env.STRIPE_WEBHOOK_SECRET?.trim();
  if (!secretKey || !webhookSecret) return null;
  const host = process.env.STRIPE_API_HOST?.trim();
  return host ? { secretKey, webhookSecret, host } : { secretKey, webhookSecret };
}

export function defaultProviders(): PaymentProviders {
  const stripe = stripeFromEnv();
  return {
    // Test cards must never be accepted by a live shop.
    ...(process.env.NODE_ENV === 'production' ? {} : { test: createTestPaymentProvider() }),
    ...(stripe ? { stripe: createStripePaymentProvider(stripe) } : {}),
  };
}

/** Commerce: carts, checkout, payments, orders, shipments, returns, refunds, shipping zones and rates. */
export function createCommerceSubgraph(options: CommerceOptions = {}) {
  const providers = options.providers ?? defaultProviders();
  let mailer = options.mailer ?? null;
  const mail = () => {
    mailer ??= createMailer(env());
    return mailer;
  };
  return createSubgraph({
    name: 'commerce',
    typeDefs: commerceTypeDefs,
    resolvers: mergeResolvers(
      { DateTime: DateTimeScalar },
      cartResolvers,
      checkoutResolvers(providers),
      orderResolvers(providers),
      fulfilmentResolvers(providers),
      shippingResolvers,
    ),
    permissions: commercePermissions,
    migrations: commerceMigrations,
    appendOnlyTables: ['commerce_order_events'],
    seedDemo: (tx) => seedDemoShipping(tx),
    subscribers: commerceSubscribers(mail),
    webhooks: commerceWebhooks(providers),
  });
}

export * from './events.ts';
export type { PaymentProvider, PaymentProviders } from './payments/provider.ts';
export { createStripePaymentProvider, type StripeSettings } from './payments/stripe-provider.ts';
export { createTestPaymentProvider } from './payments/test-provider.ts';
