import { describe, expect, it } from 'vitest';
import { type AddressErrorCodes, checkAddress, isCountryCode } from '../src/address.ts';
import { Problems } from '../src/mutations/mutation.ts';

const problemsOf = (input: Parameters<typeof checkAddress>[2], codes?: AddressErrorCodes) => {
  const problems = new Problems();
  const address = checkAddress(problems, ['address'], input, codes);
  return { address, problems: problems.list.map((p) => [p.field?.join('.'), p.code, p.message]) };
};

describe('isCountryCode', () => {
  it('knows assigned ISO 3166-1 codes and XK, not regions or withdrawn codes', () => {
    for (const code of ['US', 'GB', 'DE', 'JP', 'XK', 'AQ']) expect(isCountryCode(code), code).toBe(true);
    for (const code of ['EU', 'UN', 'UK', 'YU', 'us', 'USA', '']) expect(isCountryCode(code), code).toBe(false);
  });
});

describe('checkAddress', () => {
  it('normalises a good address: trimmed, upper-cased country and region, country prefix dropped', () => {
    const { address, problems } = problemsOf({
      name: '  Ada Lovelace ',
      company: '',
      line1: '1 Main St',
      line2: null,
      city: 'Austin',
      region: 'us-tx',
      postalCode: '73301-1234',
      country: ' us ',
      phone: ' +1 512 555 0100 ',
    });
    expect(problems).toEqual([]);
    expect(address).toEqual({
      name: 'Ada Lovelace',
      company: null,
      line1: '1 Main St',
      line2: null,
      city: 'Austin',
      region: 'TX',
      postalCode: '73301-1234',
      country: 'US',
      phone: '+1 512 555 0100',
    });
  });

  it('upper-cases postal codes and folds their spaces', () => {
    expect(
      problemsOf({ name: 'A', line1: '1', city: 'London', country: 'GB', postalCode: 'sw1a   1aa' }).address,
    ).toMatchObject({ postalCode: 'SW1A 1AA' });
  });

  it('leaves postal code and region optional where carriers do not need them', () => {
    expect(problemsOf({ name: 'D', line1: '1', city: 'Dublin', country: 'IE' })).toMatchObject({
      address: { postalCode: null, region: null },
      problems: [],
    });
  });

  it('names every missing required part', () => {
    const { address, problems } = problemsOf({ name: ' ', line1: '', city: '', country: '' });
    expect(address).toBeNull();
    expect(problems.map(([field, code]) => [field, code])).toEqual([
      ['input.address.name', 'REQUIRED'],
      ['input.address.line1', 'REQUIRED'],
      ['input.address.city', 'REQUIRED'],
      ['input.address.country', 'INVALID_COUNTRY'],
    ]);
  });

  it('requires a region in US, CA and AU, and a valid postal code where a format is known', () => {
    const { problems } = problemsOf({ name: 'B', line1: '1', city: 'X', country: 'US', postalCode: '7330' });
    expect(problems).toEqual([
      ['input.address.region', 'REQUIRED', 'A state or province is required in this country'],
      ['input.address.postalCode', 'INVALID_POSTAL_CODE', 'Not a valid postal code for US'],
    ]);
    expect(problemsOf({ name: 'C', line1: '1', city: 'Paris', country: 'FR' }).problems).toEqual([
      ['input.address.postalCode', 'REQUIRED', 'A postal code is required in this country'],
    ]);
  });

  it('refuses over-long parts and malformed regions', () => {
    const { problems } = problemsOf({
      name: 'x'.repeat(201),
      line1: '1',
      city: 'Toronto',
      country: 'CA',
      region: 'ON!',
      postalCode: 'M5V 2T6',
      phone: '1'.repeat(41),
    });
    expect(problems).toEqual([
      ['input.address.name', 'TOO_LONG', 'At most 200 characters'],
      ['input.address.phone', 'TOO_LONG', 'At most 40 characters'],
      ['input.address.region', 'INVALID', 'Use the ISO 3166-2 subdivision code, e.g. CA'],
    ]);
  });

  it('treats a country that is no pattern as plain text (no regular expression built from input)', () => {
    const { problems } = problemsOf({ name: 'A', line1: '1', city: 'X', country: '(', region: '(-AB' });
    expect(problems.map(([field, code]) => [field, code])).toEqual([['input.address.country', 'INVALID_COUNTRY']]);
  });

  it("reports in the caller's codes", () => {
    const codes = {
      REQUIRED: 'MISSING',
      TOO_LONG: 'LONG',
      INVALID: 'BAD',
      INVALID_COUNTRY: 'BAD_COUNTRY',
      INVALID_POSTAL_CODE: 'BAD_ZIP',
    };
    const { problems } = problemsOf({ name: '', line1: '1', city: 'X', country: 'ZZ' }, codes);
    expect(problems.map(([, code]) => code)).toEqual(['MISSING', 'BAD_COUNTRY']);
    const us = problemsOf({ name: 'A', line1: '1', city: 'X', country: 'US', region: 'TX', postalCode: '1' }, codes);
    expect(us.problems.map(([, code]) => code)).toEqual(['BAD_ZIP']);
  });
});
