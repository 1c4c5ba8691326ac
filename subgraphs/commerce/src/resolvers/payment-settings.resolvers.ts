import { notFound, type Resolvers, type SecretBox } from '@meridian/kit';
import {
  stripePaymentSettings,
  type UpdateStripeSettingsInput,
  updateStripeSettings,
} from '../model/payment-settings.ts';
import type { PaymentProviders } from '../payments/provider.ts';
import type { StripeKeyCheck } from '../payments/stripe-provider.ts';

export function paymentSettingsResolvers(
  secretBox: () => Promise<SecretBox>,
  installation: PaymentProviders,
  checkStripeKey: (secretKey: string) => Promise<StripeKeyCheck>,
): Resolvers {
  return {
    PaymentSettingsSource: { SHOP: 'shop', INSTALLATION: 'installation', NONE: 'none' },
    StripeMode: { LIVE: 'live', TEST: 'test' },
    Query: {
      paymentSettings: (_p, _a, ctx) => {
        if (!ctx.tenant) throw notFound('Tenant');
        return { stripe: stripePaymentSettings(ctx.tenant.settings, installation) };
      },
    },
    Mutation: {
      updateStripeSettings: async (_p, args: { input: UpdateStripeSettingsInput }, ctx) =>
        updateStripeSettings(ctx, await secretBox(), installation, args.input, checkStripeKey),
    },
  };
}
