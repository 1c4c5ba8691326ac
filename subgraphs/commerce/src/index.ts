import { fileURLToPath } from 'node:url';
import {
  createMailer,
  createSubgraph,
  DateTimeScalar,
  env,
  loadMigrations,
  loadSecretBox,
  loadTypeDefs,
  type Mailer,
  type SecretBox,
} from '@meridian/kit';
import type { PaymentProviders } from './payments/provider.ts';
import { checkStripeSecretKey, createStripePaymentProvider, type StripeSettings } from './payments/stripe-provider.ts';
import { type StripeConnection, tenantProviders } from './payments/tenant-providers.ts';
import { createTestPaymentProvider } from './payments/test-provider.ts';
import { commercePermissions } from './permissions.ts';
import { cartResolvers } from './resolvers/cart.resolvers.ts';
import { checkoutResolvers } from './resolvers/checkout.resolvers.ts';
import { fulfilmentResolvers } from './resolvers/fulfilment.resolvers.ts';
import { orderResolvers } from './resolvers/order.resolvers.ts';
import { paymentSettingsResolvers } from './resolvers/payment-settings.resolvers.ts';
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
  /**
   * The installation's payment providers (default: the test provider outside production, Stripe when
   * STRIPE_SECRET_KEY is set). A shop with its own Stripe settings is served by its own account instead.
   */
  providers?: PaymentProviders;
  /** Where Stripe clients built from shops' settings connect (default: STRIPE_API_HOST, else api.stripe.com). */
  stripeConnection?: StripeConnection;
  /** Seals the shops' Stripe secrets (default: the kit's secret box from the environment, loaded on first use). */
  secretBox?: SecretBox;
  /** Outgoing mail (default: the kit's mailer from the environment, created on first use). */
  mailer?: Mailer;
}

/** A stand-in Stripe API for development (STRIPE_API_HOST), used by every Stripe client this process builds. */
function stripeConnectionFromEnv(): StripeConnection {
  const host = process.env.STRIPE_API_HOST?.trim();
  return host ? { host } : {};
}

/**
 * The installation's Stripe account from STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET: the fallback for
 * shops without their own Stripe settings (see payments/tenant-providers.ts for the precedence).
 */
function stripeFromEnv(): StripeSettings | null {
  const secretKey = process.env.STRIPE_SECRET_KEY?.trim();
  const webhookSecret = process.env.STRIPE_WEBHOOK_SECRET?.trim();
  if (!secretKey || !webhookSecret) return null;
  return { secretKey, webhookSecret, ...stripeConnectionFromEnv() };
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
  const installation = options.providers ?? defaultProviders();
  let mailer = options.mailer ?? null;
  const mail = () => {
    mailer ??= createMailer(env());
    return mailer;
  };
  // Loaded once, on the first request that needs it; a failure is retried on the next one.
  let box: Promise<SecretBox> | null = options.secretBox ? Promise.resolve(options.secretBox) : null;
  const secretBox = () => {
    box ??= loadSecretBox(env()).catch((error: unknown) => {
      box = null;
      throw error;
    });
    return box;
  };
  const stripeConnection = options.stripeConnection ?? stripeConnectionFromEnv();
  const providersFor = tenantProviders({ installation, secretBox, connection: stripeConnection });
  const checkStripeKey = (secretKey: string) => checkStripeSecretKey({ ...stripeConnection, secretKey });
  return createSubgraph({
    name: 'commerce',
    typeDefs: commerceTypeDefs,
    resolvers: mergeResolvers(
      { DateTime: DateTimeScalar },
      cartResolvers,
      checkoutResolvers(providersFor),
      orderResolvers(providersFor),
      fulfilmentResolvers(providersFor),
      shippingResolvers,
      paymentSettingsResolvers(secretBox, installation, checkStripeKey),
    ),
    permissions: commercePermissions,
    migrations: commerceMigrations,
    appendOnlyTables: ['commerce_order_events'],
    seedDemo: (tx) => seedDemoShipping(tx),
    subscribers: commerceSubscribers(mail),
    webhooks: commerceWebhooks(providersFor),
  });
}

export * from './events.ts';
export type { PaymentProvider, PaymentProviders } from './payments/provider.ts';
export { createStripePaymentProvider, type StripeSettings } from './payments/stripe-provider.ts';
export { createTestPaymentProvider } from './payments/test-provider.ts';
