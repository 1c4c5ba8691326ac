import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

/**
 * A local stand-in for the Stripe API, answering the calls the adapter makes the way Stripe does
 * (form-encoded requests, JSON objects, 402 card errors, idempotent replays by `Idempotency-Key`),
 * plus webhook payloads signed like Stripe's. Test PaymentMethods follow Stripe's names:
 * pm_card_visa approves, pm_card_visa_chargeDeclined declines, pm_card_authenticationRequired asks for 3-D Secure.
 * Several accounts can share it (`accept` another secret key): each call is recorded with the key it used,
 * and an intent is visible only to the account that created it, as on Stripe.
 */

type Intent = Record<string, unknown> & {
  id: string;
  status: string;
  amount: number;
  metadata: Record<string, string>;
};

export interface FakeStripe {
  url: string;
  port: number;
  secretKey: string;
  webhookSecret: string;
  intents: Map<string, Intent>;
  /** The secret key that created each intent (its account). */
  accountOf: Map<string, string>;
  /** Requests as [method, path, secret key used], in arrival order. */
  calls: [string, string, string][];
  /** Another account's secret key, answered from now on (its objects are its own). */
  accept(secretKey: string): void;
  /** A restricted key (rk_…) that is answered but may not read the account (403, as Stripe does). */
  restrict(secretKey: string): void;
  /** GET /v1/account answers this HTTP status (400, 429, 500, …) to this key from now on. */
  failAccount(secretKey: string, status: number): void;
  /** Answers the next `n` requests' work but drops the connection before the answer (a lost response). */
  dropResponses(n: number): void;
  /** What Stripe.js does after 3-D Secure: the intent succeeds, or fails authentication. */
  authenticate(intentId: string, passed: boolean): void;
  /** A webhook delivery for an event about `object`, signed with the webhook secret (or `secret`, or a wrong one). */
  webhook(
    type: string,
    object: Record<string, unknown>,
    options?: { eventId?: string; badSecret?: boolean; secret?: string },
  ): { payload: string; signature: string };
  /** A Stripe-Signature header for any bytes (a malformed payload signed correctly), with `secret` or the default. */
  sign(payload: string, secret?: string): string;
  close(): Promise<void>;
}

/** `a[b][0]=c` form encoding into nested objects (enough of `qs` for the SDK's requests). */
function parseForm(body: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of body.split('&').filter(Boolean)) {
    const [rawKey = '', rawValue = ''] = pair.split('=');
    const key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
    const value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    const parts = key.split(/[[\]]+/).filter(Boolean);
    let target = out as Record<string, unknown>;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) target[part] = value;
      else {
        target[part] ??= {};
        target = target[part] as Record<string, unknown>;
      }
    });
  }
  return out;
}

const cardFor = (pm: string) => ({
  brand: 'visa',
  last4: pm.includes('mastercard')
    ? '4444'
    : pm.includes('Declined')
      ? '0002'
      : pm.includes('authentication')
        ? '3155'
        : '4242',
});

export async function startFakeStripe(): Promise<FakeStripe> {
  const secretKey = 'sk_test_fake';
  const webhookSecret = 'whsec_fake_secret';
  const intents = new Map<string, Intent>();
  const accountOf = new Map<string, string>();
  const keys = new Set([secretKey]);
  const replays = new Map<string, { status: number; body: unknown }>();
  const calls: [string, string, string][] = [];
  let drops = 0;
  const restricted = new Set<string>();
  const accountFailures = new Map<string, number>();
  let counter = 0;

  const charge = (pm: string) => ({
    id: `ch_${++counter}`,
    object: 'charge',
    payment_method_details: { card: cardFor(pm), type: 'card' },
  });

  const createIntent = (params: Record<string, unknown>, apiKey: string): { status: number; body: unknown } => {
    const pm = String(params.payment_method ?? '');
    const id = `pi_fake_${++counter}`;
    const intent: Intent = {
      id,
      object: 'payment_intent',
      amount: Number(params.amount),
      currency: String(params.currency),
      metadata: (params.metadata as Record<string, string>) ?? {},
      client_secret: `${id}_secret_x`,
      payment_method: pm,
      status: 'requires_payment_method',
      next_action: null,
      last_payment_error: null,
      latest_charge: null,
    };
    intents.set(id, intent);
    accountOf.set(id, apiKey);
    if (pm === 'pm_card_visa' || pm === 'pm_card_mastercard') {
      Object.assign(intent, { status: 'succeeded', latest_charge: charge(pm) });
      return { status: 200, body: intent };
    }
    if (pm === 'pm_card_authenticationRequired') {
      Object.assign(intent, { status: 'requires_action', next_action: { type: 'use_stripe_sdk', use_stripe_sdk: {} } });
      return { status: 200, body: intent };
    }
    const error = {
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'generic_decline',
      message: 'Your card was declined.',
      param: '',
    };
    Object.assign(intent, { last_payment_error: error });
    return { status: 402, body: { error: { ...error, payment_intent: intent } } };
  };

  const handle = (
    method: string,
    path: string,
    params: Record<string, unknown>,
    apiKey: string,
  ): { status: number; body: unknown } => {
    const intentPath = /^\/v1\/payment_intents\/([^/]+)(\/cancel)?$/.exec(path);
    // Another account's objects do not exist for this key.
    const own = (id: string) => (accountOf.get(id) === apiKey ? intents.get(id) : undefined);
    if (method === 'POST' && path === '/v1/payment_intents') return createIntent(params, apiKey);
    if (method === 'GET' && path === '/v1/account') {
      const failure = accountFailures.get(apiKey);
      if (failure)
        return {
          status: failure,
          body: {
            error: {
              type: failure === 400 ? 'invalid_request_error' : 'api_error',
              code: failure === 400 ? 'account_invalid' : undefined,
              message: 'Something is wrong with this account',
            },
          },
        };
      if (restricted.has(apiKey))
        return {
          status: 403,
          body: {
            error: {
              type: 'invalid_request_error',
              message: 'The provided key does not have the required permissions for this endpoint',
            },
          },
        };
      const id = `acct_${createHash('sha256').update(apiKey).digest('hex').slice(0, 16)}`;
      return { status: 200, body: { id, object: 'account', charges_enabled: true, country: 'DE' } };
    }
    if (intentPath) {
      const intent = own(intentPath[1] as string);
      if (!intent)
        return {
          status: 404,
          body: {
            error: { type: 'invalid_request_error', code: 'resource_missing', message: 'No such payment_intent' },
          },
        };
      if (intentPath[2] && method === 'POST') {
        if (intent.status === 'succeeded')
          return {
            status: 400,
            body: {
              error: {
                type: 'invalid_request_error',
                code: 'payment_intent_unexpected_state',
                message: 'cannot cancel',
              },
            },
          };
        intent.status = 'canceled';
      }
      return { status: 200, body: intent };
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const intent = own(String(params.payment_intent));
      if (intent?.status !== 'succeeded')
        return {
          status: 400,
          body: { error: { type: 'invalid_request_error', code: 'charge_not_refundable', message: 'Not refundable' } },
        };
      return {
        status: 200,
        body: {
          id: `re_${++counter}`,
          object: 'refund',
          status: 'succeeded',
          amount: Number(params.amount),
          payment_intent: intent.id,
          failure_reason: null,
        },
      };
    }
    return {
      status: 404,
      body: { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path})` } },
    };
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const method = req.method ?? 'GET';
      const apiKey = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      calls.push([method, url.pathname, apiKey]);
      if (!keys.has(apiKey)) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } }));
        return;
      }
      const key = req.headers['idempotency-key'];
      const replayKey = typeof key === 'string' ? `${apiKey} ${method} ${url.pathname} ${key}` : null;
      const answer =
        (replayKey && replays.get(replayKey)) ||
        handle(method, url.pathname, parseForm(Buffer.concat(chunks).toString('utf8')), apiKey);
      if (replayKey) replays.set(replayKey, answer);
      if (drops > 0) {
        drops -= 1;
        req.socket.destroy();
        return;
      }
      res.writeHead(answer.status, { 'content-type': 'application/json', 'request-id': `req_${counter}` });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    secretKey,
    webhookSecret,
    intents,
    accountOf,
    calls,
    accept(key) {
      keys.add(key);
    },
    restrict(key) {
      keys.add(key);
      restricted.add(key);
    },
    failAccount(key, status) {
      keys.add(key);
      accountFailures.set(key, status);
    },
    dropResponses(n) {
      drops = n;
    },
    authenticate(intentId, passed) {
      const intent = intents.get(intentId);
      if (!intent) throw new Error(`no intent ${intentId}`);
      if (passed)
        Object.assign(intent, {
          status: 'succeeded',
          next_action: null,
          latest_charge: charge(String(intent.payment_method)),
        });
      else {
        Object.assign(intent, {
          status: 'requires_payment_method',
          next_action: null,
          last_payment_error: {
            type: 'card_error',
            code: 'payment_intent_authentication_failure',
            message: 'The card holder did not authenticate.',
          },
        });
      }
    },
    webhook(type, object, options = {}) {
      const payload = JSON.stringify({
        id: options.eventId ?? `evt_fake_${++counter}`,
        object: 'event',
        type,
        api_version: '2025-01-01',
        created: Math.floor(Date.now() / 1000),
        data: { object },
      });
      const signature = Stripe.webhooks.generateTestHeaderString({
        payload,
        secret: options.badSecret ? 'whsec_wrong' : (options.secret ?? webhookSecret),
      });
      return { payload, signature };
    },
    sign: (payload, secret) => Stripe.webhooks.generateTestHeaderString({ payload, secret: secret ?? webhookSecret }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
