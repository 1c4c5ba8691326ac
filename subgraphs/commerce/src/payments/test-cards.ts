/**
 * The test provider follows Stripe's well-known test card numbers (docs.stripe.com/testing), so the
 * same numbers behave alike in development and against Stripe's test mode.
 */
export type TestCardBehaviour =
  | { outcome: 'succeed' }
  | { outcome: 'decline'; code: string; message: string }
  | { outcome: 'authenticate'; afterAuthentication: 'succeed' | 'decline' };

const declined = (code: string, message: string): TestCardBehaviour => ({ outcome: 'decline', code, message });

export const testCards: Record<string, { brand: string; behaviour: TestCardBehaviour }> = {
  '4242424242424242': { brand: 'visa', behaviour: { outcome: 'succeed' } },
  '4000056655665556': { brand: 'visa', behaviour: { outcome: 'succeed' } },
  '5555555555554444': { brand: 'mastercard', behaviour: { outcome: 'succeed' } },
  '378282246310005': { brand: 'amex', behaviour: { outcome: 'succeed' } },
  '4000000000000002': { brand: 'visa', behaviour: declined('card_declined', 'Your card was declined.') },
  '4000000000009995': { brand: 'visa', behaviour: declined('insufficient_funds', 'Your card has insufficient funds.') },
  '4000000000009987': { brand: 'visa', behaviour: declined('lost_card', 'Your card was declined.') },
  '4000000000009979': { brand: 'visa', behaviour: declined('stolen_card', 'Your card was declined.') },
  '4000000000000069': { brand: 'visa', behaviour: declined('expired_card', 'Your card has expired.') },
  '4000000000000127': {
    brand: 'visa',
    behaviour: declined('incorrect_cvc', "Your card's security code is incorrect."),
  },
  '4000000000000119': {
    brand: 'visa',
    behaviour: declined('processing_error', 'An error occurred while processing your card.'),
  },
  '4000002500003155': { brand: 'visa', behaviour: { outcome: 'authenticate', afterAuthentication: 'succeed' } },
  '4000002760003184': { brand: 'visa', behaviour: { outcome: 'authenticate', afterAuthentication: 'succeed' } },
  '4000008260003178': { brand: 'visa', behaviour: { outcome: 'authenticate', afterAuthentication: 'decline' } },
};

/** Luhn checksum: a mistyped number is caught before any provider sees it. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return digits.length >= 12 && sum % 10 === 0;
}
