import type { Resolvers } from '@meridian/kit';
import { paymentStatuses } from '../db/payment.schema.ts';
import { type PlaceOrderInput, placeOrder } from '../model/checkout.ts';
import { confirmOrderPayment } from '../model/payment-confirm.ts';
import type { PaymentRow } from '../model/payment-outcome.ts';
import { reconcileDuePayments } from '../model/reconcile.ts';
import { processPaymentWebhook } from '../model/webhook.ts';
import type { ProvidersFor } from '../payments/tenant-providers.ts';
import { enumValues, moneyOut } from './shared.ts';

export function checkoutResolvers(providersFor: ProvidersFor): Resolvers {
  return {
    PaymentStatus: enumValues(paymentStatuses),
    PaymentProviderName: { TEST: 'test', STRIPE: 'stripe' },
    WebhookProvider: { STRIPE: 'stripe' },
    TestAuthentication: { SUCCEED: 'succeed', FAIL: 'fail' },
    Mutation: {
      placeOrder: async (_p, args: { input: PlaceOrderInput }, ctx) =>
        placeOrder(ctx, await providersFor(ctx), args.input),
      confirmOrderPayment: async (_p, args: { input: Parameters<typeof confirmOrderPayment>[2] }, ctx) =>
        confirmOrderPayment(ctx, await providersFor(ctx), args.input),
      processPaymentWebhook: async (_p, args: { input: Parameters<typeof processPaymentWebhook>[2] }, ctx) =>
        processPaymentWebhook(ctx, await providersFor(ctx), args.input),
      reconcilePayments: async (_p, args: { input: { olderThanSeconds?: number | null } }, ctx) => ({
        reconciled: await reconcileDuePayments(ctx, await providersFor(ctx), {
          olderThanSeconds: args.input.olderThanSeconds ?? 60,
        }),
        userErrors: [],
      }),
    },
    Payment: {
      amount: (p: PaymentRow) => moneyOut(p.amount, p.currency),
      refundedAmount: (p: PaymentRow) => moneyOut(p.refundedAmount, p.currency),
    },
  };
}
