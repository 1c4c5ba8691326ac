import { describe, expect, it } from 'vitest';
import { validateAddress } from './validate-address.ts';

const valid = {
  name: 'Ada Lovelace',
  line1: '12 Harbour Street',
  city: 'Edinburgh',
  postalCode: 'EH6 6LD',
  country: 'GB',
};

describe('validateAddress', () => {
  it('accepts a complete address', () => {
    expect(validateAddress(valid)).toEqual({});
    expect(validateAddress({ ...valid, country: 'DE', postalCode: '10115', phone: '+49 30 1234567' })).toEqual({});
  });

  it('names every missing required field, treating blanks as missing', () => {
    expect(Object.keys(validateAddress({ name: '  ' }))).toEqual(['name', 'line1', 'city', 'postalCode', 'country']);
  });

  it('checks postal codes by country, with an example', () => {
    expect(validateAddress({ ...valid, country: 'DE', postalCode: '1011' }).postalCode).toBe(
      'Enter a postal code like 10115.',
    );
    expect(validateAddress({ ...valid, country: 'NL', postalCode: '1012ab' })).toEqual({});
    expect(validateAddress({ ...valid, country: 'US', postalCode: '94103-1234' })).toEqual({});
    // a country without a rule: present and short is enough
    expect(validateAddress({ ...valid, country: 'JP', postalCode: '100-0001' })).toEqual({});
    expect(validateAddress({ ...valid, country: 'JP', postalCode: '1'.repeat(13) }).postalCode).toMatch(/at most 12/);
  });

  it('checks an optional phone only when given', () => {
    expect(validateAddress({ ...valid, phone: '' })).toEqual({});
    expect(validateAddress({ ...valid, phone: 'call me' }).phone).toMatch(/digits only/);
  });

  it('limits lengths', () => {
    expect(validateAddress({ ...valid, line2: 'x'.repeat(101) }).line2).toBe('Keep this under 100 characters.');
  });
});
