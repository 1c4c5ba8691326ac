import type { RequestContext, SecretBox } from '@meridian/kit';
import { storedStripeSettings } from '../model/payment-settings.ts';
import type { PaymentProvider, PaymentProviders } from './provider.ts';
import { createStripePaymentProvider, type StripeSettings } from './stripe-provider.ts';

/** The payment providers serving one request: its tenant's own Stripe account, else the installation's. */
export type ProvidersFor = (ctx: RequestContext) => Promise<PaymentProviders>;

/** Where tenant-built Stripe clients connect (tests point them at a local stand-in; default api.stripe.com). */
export type StripeConnection = Omit<StripeSettings, 'secretKey' | 'webhookSecret'>;

export interface TenantProviderOptions {
  /** The installation's providers (test cards outside production; Stripe from STRIPE_* as the fallback). */
  installation: PaymentProviders;
  secretBox: () => Promise<SecretBox>;
  connection?: StripeConnection;
  /** How many tenants' Stripe clients stay built (least recently used dropped first). */
  maxCached?: number;
}

/**
 * Precedence: a tenant with its own Stripe settings is served ONLY by its own account (its key charges,
 * its signing secret verifies webhooks); a tenant without them uses the installation's STRIPE_* account;
 * with neither, Stripe is not offered ("provider not available"). Own settings that cannot be opened
 * (a retired secret-box key) leave Stripe unavailable rather than fall back: the installation's account
 * must never take a shop's money by accident.
 */
export function tenantProviders(options: TenantProviderOptions): ProvidersFor {
  const maxCached = options.maxCached ?? 500;
  // Map order is insertion order: re-inserting on use makes the first key the least recently used.
  const built = new Map<string, { version: string; stripe: PaymentProvider }>();

  const stripeFor = async (ctx: RequestContext, tenantId: string): Promise<PaymentProvider | null | undefined> => {
    const stored = storedStripeSettings(ctx.tenant?.settings);
    if (!stored) return undefined;
    const version = `${stored.updatedAt}|${stored.secretKey}|${stored.webhookSecret ?? ''}`;
    const hit = built.get(tenantId);
    if (hit?.version === version) {
      built.delete(tenantId);
      built.set(tenantId, hit);
      return hit.stripe;
    }
    let secrets: { secretKey: string; webhookSecret: string | null };
    try {
      const box = await options.secretBox();
      secrets = {
        secretKey: box.open(stored.secretKey),
        webhookSecret: stored.webhookSecret ? box.open(stored.webhookSecret) : null,
      };
    } catch (error) {
      ctx.log.error({ err: error }, "the shop's Stripe settings cannot be opened: Stripe is unavailable for it");
      return null;
    }
    const stripe = createStripePaymentProvider({ ...options.connection, ...secrets });
    built.delete(tenantId);
    built.set(tenantId, { version, stripe });
    while (built.size > maxCached) built.delete(built.keys().next().value as string);
    return stripe;
  };

  return async (ctx) => {
    if (!ctx.tenant) return options.installation;
    const own = await stripeFor(ctx, ctx.tenant.id);
    if (own === undefined) return options.installation;
    const { stripe: _installation, ...others } = options.installation;
    return own ? { ...others, stripe: own } : others;
  };
}
