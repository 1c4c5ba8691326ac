import { describe, expect, it } from 'vitest';
import { createTestPaymentProvider } from '../src/payments/test-provider.ts';

const card = (number: string) => ({ card: { number, expMonth: 12, expYear: 2040, cvc: '123' } });
let n = 0;
const charge = (number: string) => ({
  paymentId: `pay_01JTEST${String(++n).padStart(19, '0')}`,
  amount: 1000,
  currency: 'EUR',
  method: card(number),
  email: 'a@example.test',
  description: 'x',
  metadata: {},
});

describe('the test payment provider (Stripe test card numbers)', () => {
  const provider = createTestPaymentProvider();

  it('approves 4242…, declines 4000…0002 with card_declined, asks 4000 0025 0000 3155 for 3-D Secure', async () => {
    expect(await provider.charge(charge('4242 4242 4242 4242'))).toMatchObject({
      status: 'succeeded',
      card: { brand: 'visa', last4: '4242' },
    });
    expect(await provider.charge(charge('4000000000000002'))).toMatchObject({
      status: 'failed',
      code: 'card_declined',
    });
    expect(await provider.charge(charge('4000000000009995'))).toMatchObject({
      status: 'failed',
      code: 'insufficient_funds',
    });
    const secure = await provider.charge(charge('4000002500003155'));
    expect(secure).toMatchObject({ status: 'requires_action', nextAction: { type: 'authenticate' } });
    const ref = (secure as { providerRef: string }).providerRef;
    expect(await provider.confirm(ref, { authentication: 'succeed' })).toMatchObject({ status: 'succeeded' });
  });

  it('declines after authentication for 4000 0082 6000 3178, and on a failed authentication', async () => {
    const decline = await provider.charge(charge('4000008260003178'));
    expect(
      await provider.confirm((decline as { providerRef: string }).providerRef, { authentication: 'succeed' }),
    ).toMatchObject({ status: 'failed', code: 'insufficient_funds' });
    const failed = await provider.charge(charge('4000002500003155'));
    expect(
      await provider.confirm((failed as { providerRef: string }).providerRef, { authentication: 'fail' }),
    ).toMatchObject({ status: 'failed', code: 'authentication_failed' });
  });

  it('answers a repeated charge (same payment id) with the first outcome', async () => {
    const request = charge('4242424242424242');
    const first = await provider.charge(request);
    expect(await provider.retrieve(request, null)).toEqual(first);
  });

  it('refuses numbers that are not test cards, bad Luhn, past expiry and bad CVCs before anything happens', () => {
    const codes = (method: Parameters<typeof provider.checkMethod>[0]) =>
      provider.checkMethod(method).map((p) => p.field.join('.'));
    expect(codes(card('4242424242424242'))).toEqual([]);
    expect(codes(card('4111111111111111'))).toEqual(['card.number']);
    expect(codes(card('4242424242424241'))).toEqual(['card.number']);
    expect(codes({ card: { number: '4242424242424242', expMonth: 1, expYear: 2020, cvc: '12' } })).toEqual([
      'card.expYear',
      'card.cvc',
    ]);
    expect(codes({ paymentMethodId: 'pm_card_visa' })).toEqual(['card']);
  });
});
