import type { NextAction } from '../db/types.ts';
import type { CardSummary, ChargeRequest, PaymentMethodInput, PaymentOutcome, PaymentProvider } from './provider.ts';
import { luhnValid, type TestCardBehaviour, testCards } from './test-cards.ts';

interface Attempt {
  providerRef: string;
  card: CardSummary;
  behaviour: TestCardBehaviour;
  status: PaymentOutcome['status'];
  refunded: number;
  amount: number;
}

const digitsOf = (number: string) => number.replace(/[\s-]/g, '');

/**
 * The built-in provider for development, tests and demos: Stripe's test card numbers decide the outcome
 * (approve, decline with the card's code, or ask for 3-D Secure). Only those numbers are accepted, so a
 * real card number never reaches a test shop. Attempts are kept in memory and are deterministic per card,
 * so `retrieve` after a restart gives the answer the first call gave.
 */
export function createTestPaymentProvider(): PaymentProvider {
  const attempts = new Map<string, Attempt>();
  const byRef = new Map<string, Attempt>();

  const cardOf = (method: PaymentMethodInput) => {
    const number = digitsOf(method.card?.number ?? '');
    const known = testCards[number];
    return known ? { number, ...known } : null;
  };

  const outcomeOf = (attempt: Attempt): PaymentOutcome => {
    const { providerRef, card, behaviour } = attempt;
    if (attempt.status === 'succeeded') return { status: 'succeeded', providerRef, card };
    if (attempt.status === 'requires_action') {
      const nextAction: NextAction = {
        type: 'authenticate',
        clientSecret: `${providerRef}_secret`,
        redirectUrl: `https://test-payments.meridian.invalid/3ds/${providerRef}`,
      };
      return { status: 'requires_action', providerRef, nextAction, card };
    }
    const decline =
      behaviour.outcome === 'decline'
        ? behaviour
        : {
            code: attempt.status === 'failed' ? 'authentication_failed' : 'card_declined',
            message: 'Your card was declined.',
          };
    return { status: 'failed', providerRef, code: decline.code, message: decline.message, card };
  };

  const start = (request: ChargeRequest): Attempt => {
    const existing = attempts.get(request.paymentId);
    if (existing) return existing;
    const card = cardOf(request.method);
    if (!card) throw new Error('test provider: unknown card');
    const providerRef = `test_pi_${request.paymentId.slice(4)}`;
    const attempt: Attempt = {
      providerRef,
      card: { brand: card.brand, last4: card.number.slice(-4) },
      behaviour: card.behaviour,
      status:
        card.behaviour.outcome === 'succeed'
          ? 'succeeded'
          : card.behaviour.outcome === 'decline'
            ? 'failed'
            : 'requires_action',
      refunded: 0,
      amount: request.amount,
    };
    attempts.set(request.paymentId, attempt);
    byRef.set(providerRef, attempt);
    return attempt;
  };

  return {
    name: 'test',
    checkMethod(method) {
      const number = digitsOf(method.card?.number ?? '');
      if (!method.card) return [{ field: ['card'], code: 'REQUIRED', message: 'The test provider takes a test card' }];
      const problems: { field: string[]; code: string; message: string }[] = [];
      if (!/^\d{12,19}$/.test(number) || !luhnValid(number)) {
        problems.push({ field: ['card', 'number'], code: 'INVALID_CARD', message: 'Not a valid card number' });
      } else if (!testCards[number]) {
        problems.push({
          field: ['card', 'number'],
          code: 'INVALID_CARD',
          message: 'Use one of the test card numbers (e.g. 4242 4242 4242 4242)',
        });
      }
      const { expMonth, expYear, cvc } = method.card;
      const now = new Date();
      if (!Number.isInteger(expMonth) || expMonth < 1 || expMonth > 12) {
        problems.push({ field: ['card', 'expMonth'], code: 'INVALID_CARD', message: 'A month from 1 to 12' });
      } else if (
        !Number.isInteger(expYear) ||
        expYear * 12 + expMonth < now.getUTCFullYear() * 12 + now.getUTCMonth() + 1
      ) {
        problems.push({ field: ['card', 'expYear'], code: 'INVALID_CARD', message: 'The card has expired' });
      }
      if (!/^\d{3,4}$/.test(cvc ?? ''))
        problems.push({ field: ['card', 'cvc'], code: 'INVALID_CARD', message: '3 or 4 digits' });
      return problems;
    },
    methodRef: (method) => cardOf(method)?.number ?? null,
    async charge(request) {
      return outcomeOf(start(request));
    },
    async confirm(providerRef, options) {
      const attempt = byRef.get(providerRef);
      if (!attempt)
        return {
          status: 'failed',
          providerRef,
          code: 'authentication_expired',
          message: 'The authentication expired',
          card: null,
        };
      if (attempt.status === 'requires_action') {
        const passed = options.authentication !== 'fail';
        const behaviour = attempt.behaviour;
        attempt.status =
          passed && behaviour.outcome === 'authenticate' && behaviour.afterAuthentication === 'succeed'
            ? 'succeeded'
            : 'failed';
        if (!passed)
          attempt.behaviour = {
            outcome: 'decline',
            code: 'authentication_failed',
            message: 'The card holder did not authenticate',
          };
        else if (attempt.status === 'failed')
          attempt.behaviour = {
            outcome: 'decline',
            code: 'insufficient_funds',
            message: 'Your card has insufficient funds.',
          };
      }
      return outcomeOf(attempt);
    },
    async retrieve(request) {
      return outcomeOf(start(request));
    },
    async cancel(providerRef) {
      const attempt = byRef.get(providerRef);
      if (attempt && attempt.status === 'requires_action') attempt.status = 'failed';
    },
    async refund(request) {
      const attempt = byRef.get(request.providerRef);
      if (attempt) attempt.refunded += request.amount;
      return { status: 'succeeded', providerRef: `test_re_${request.refundId.slice(4)}`, message: null };
    },
  };
}
