import Stripe from 'stripe';
import type { NextAction } from '../db/types.ts';
import {
  type CardSummary,
  type ChargeRequest,
  InvalidWebhookSignature,
  MalformedWebhook,
  type PaymentOutcome,
  type PaymentProvider,
  type WebhookNotice,
} from './provider.ts';

export interface StripeSettings {
  secretKey: string;
  /** Null: this account's webhooks are refused (a shop that has not set its signing secret yet). */
  webhookSecret: string | null;
  /** Another API endpoint than api.stripe.com (tests point it at a local server). */
  host?: string;
  port?: number;
  protocol?: 'http' | 'https';
  timeoutMs?: number;
}

function stripeClient(settings: Omit<StripeSettings, 'webhookSecret'>): Stripe {
  return new Stripe(settings.secretKey, {
    maxNetworkRetries: 1,
    timeout: settings.timeoutMs ?? 15_000,
    telemetry: false,
    ...(settings.host ? { host: settings.host } : {}),
    ...(settings.port ? { port: settings.port } : {}),
    ...(settings.protocol ? { protocol: settings.protocol } : {}),
  });
}

/**
 * What Stripe says of a secret key: usable; refused (mistyped, revoked, rolled); no answer (network,
 * timeout, rate limit, Stripe's own error: worth trying again); or another error, with what identifies it
 * (never its message, which may quote the request).
 */
export type StripeKeyCheck =
  | { answer: 'accepted' }
  | { answer: 'refused' }
  | { answer: 'unreachable' }
  | {
      answer: 'failed';
      error: { type: string; code: string | null; statusCode: number | null; requestId: string | null };
    };

/**
 * Asks Stripe whether it accepts a secret key, with the cheapest authenticated call (GET /v1/account).
 * A restricted key without the permission to read the account is still a key Stripe accepts.
 */
export async function checkStripeSecretKey(settings: Omit<StripeSettings, 'webhookSecret'>): Promise<StripeKeyCheck> {
  try {
    await stripeClient({ timeoutMs: 10_000, ...settings }).accounts.retrieveCurrent();
    return { answer: 'accepted' };
  } catch (error) {
    if (error instanceof Stripe.errors.StripePermissionError) return { answer: 'accepted' };
    if (error instanceof Stripe.errors.StripeAuthenticationError) return { answer: 'refused' };
    if (
      error instanceof Stripe.errors.StripeConnectionError ||
      error instanceof Stripe.errors.StripeRateLimitError ||
      error instanceof Stripe.errors.StripeAPIError ||
      !(error instanceof Stripe.errors.StripeError)
    )
      return { answer: 'unreachable' };
    return {
      answer: 'failed',
      error: {
        type: error.type,
        code: error.code ?? null,
        statusCode: error.statusCode ?? null,
        requestId: error.requestId ?? null,
      },
    };
  }
}

/** Stripe's currencies are lower case; its amounts are minor units like ours (zero-decimal ones included). */
const stripeCurrency = (code: string) => code.toLowerCase();

function cardOf(intent: Stripe.PaymentIntent): CardSummary | null {
  const charge = intent.latest_charge;
  const details = typeof charge === 'object' && charge ? charge.payment_method_details?.card : null;
  return details ? { brand: details.brand ?? 'card', last4: details.last4 ?? '' } : null;
}

/** A PaymentIntent's state as a checkout outcome. `processing` stays unknown: the webhook will tell. */
function outcomeOf(intent: Stripe.PaymentIntent): PaymentOutcome | null {
  const card = cardOf(intent);
  switch (intent.status) {
    case 'succeeded':
      return { status: 'succeeded', providerRef: intent.id, card };
    case 'requires_action': {
      const redirect = intent.next_action?.redirect_to_url?.url ?? null;
      const nextAction: NextAction = {
        type: 'authenticate',
        clientSecret: intent.client_secret,
        redirectUrl: redirect,
      };
      return { status: 'requires_action', providerRef: intent.id, nextAction, card };
    }
    case 'requires_payment_method':
    case 'canceled': {
      const error = intent.last_payment_error;
      return {
        status: 'failed',
        providerRef: intent.id,
        code: error?.decline_code ?? error?.code ?? (intent.status === 'canceled' ? 'canceled' : 'card_declined'),
        message: error?.message ?? 'The payment was not completed.',
        card,
      };
    }
    default:
      return null;
  }
}

/** Thrown when Stripe has not decided yet (`processing`): the attempt stays open for the webhook or reconciler. */
export class PaymentStillProcessing extends Error {
  override name = 'PaymentStillProcessing';
}

function decided(intent: Stripe.PaymentIntent): PaymentOutcome {
  const outcome = outcomeOf(intent);
  if (!outcome) throw new PaymentStillProcessing(`PaymentIntent ${intent.id} is ${intent.status}`);
  return outcome;
}

/**
 * Stripe through the official SDK: PaymentIntents created and confirmed in one call (our payment id is
 * the idempotency key, so a repeated call never charges twice), retrieved after 3-D Secure, cancelled,
 * refunded; webhooks verified with `stripe.webhooks.constructEvent`. A card decline is an outcome; any
 * other error (network, 5xx) is thrown and leaves the attempt to the reconciler.
 */
export function createStripePaymentProvider(settings: StripeSettings): PaymentProvider {
  const stripe = stripeClient(settings);

  const create = async (request: ChargeRequest): Promise<PaymentOutcome> => {
    try {
      const intent = await stripe.paymentIntents.create(
        {
          amount: request.amount,
          currency: stripeCurrency(request.currency),
          payment_method: request.method.paymentMethodId ?? undefined,
          // Cards and wallets without redirects: 3-D Secure runs in Stripe.js (`use_stripe_sdk`).
          automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
          confirm: true,
          receipt_email: request.email,
          description: request.description,
          metadata: request.metadata,
          expand: ['latest_charge'],
        },
        { idempotencyKey: request.paymentId },
      );
      return decided(intent);
    } catch (error) {
      if (error instanceof Stripe.errors.StripeCardError) {
        const intent = (error as { payment_intent?: Stripe.PaymentIntent }).payment_intent;
        return {
          status: 'failed',
          providerRef: intent?.id ?? null,
          code: error.decline_code ?? error.code ?? 'card_declined',
          message: error.message,
          card: null,
        };
      }
      throw error;
    }
  };

  return {
    name: 'stripe',
    checkMethod(method) {
      if (!method.paymentMethodId || !/^pm_[A-Za-z0-9_]{1,200}$/.test(method.paymentMethodId)) {
        return [
          {
            field: ['paymentMethodId'],
            code: 'INVALID_CARD',
            message: 'A Stripe PaymentMethod id (pm_…) from Stripe.js',
          },
        ];
      }
      return method.card
        ? [{ field: ['card'], code: 'INVALID_CARD', message: 'Card numbers never reach the server: use Stripe.js' }]
        : [];
    },
    methodRef: (method) => method.paymentMethodId ?? null,
    charge: create,
    async confirm(providerRef) {
      return decided(await stripe.paymentIntents.retrieve(providerRef, { expand: ['latest_charge'] }));
    },
    async retrieve(request, providerRef) {
      // Never heard back: the same create with the same idempotency key answers with the first result.
      if (!providerRef) return create(request);
      return decided(await stripe.paymentIntents.retrieve(providerRef, { expand: ['latest_charge'] }));
    },
    async cancel(providerRef) {
      await stripe.paymentIntents.cancel(providerRef);
    },
    async refund(request) {
      const refund = await stripe.refunds.create(
        { payment_intent: request.providerRef, amount: request.amount, metadata: { refundId: request.refundId } },
        { idempotencyKey: request.refundId },
      );
      const status = refund.status === 'succeeded' ? 'succeeded' : refund.status === 'pending' ? 'pending' : 'failed';
      return { status, providerRef: refund.id, message: refund.failure_reason ?? null };
    },
    parseWebhook(payload, signature): WebhookNotice {
      let event: Stripe.Event;
      if (!settings.webhookSecret) throw new InvalidWebhookSignature('No webhook signing secret is configured');
      try {
        event = stripe.webhooks.constructEvent(payload, signature, settings.webhookSecret);
      } catch (error) {
        // The SDK verifies before it parses: a JSON error here comes from a correctly signed payload.
        if (error instanceof SyntaxError) throw new MalformedWebhook('The payload is not JSON');
        throw new InvalidWebhookSignature(error instanceof Error ? error.message : 'invalid signature');
      }
      const object = (event as Partial<Stripe.Event> | null)?.data?.object as
        | { id?: string; object?: string; metadata?: Record<string, string> | null }
        | undefined;
      if (typeof event?.id !== 'string' || typeof event.type !== 'string' || typeof object !== 'object' || !object)
        throw new MalformedWebhook('The payload is not a Stripe event');
      const aboutIntent = object.object === 'payment_intent';
      const paymentId = object.metadata?.paymentId;
      return {
        eventId: event.id,
        type: event.type,
        providerRef: aboutIntent && typeof object.id === 'string' ? object.id : null,
        paymentId: typeof paymentId === 'string' ? paymentId : null,
      };
    },
  };
}
