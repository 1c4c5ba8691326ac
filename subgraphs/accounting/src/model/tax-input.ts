import type { Problems } from '@meridian/kit';
import { badUserInput, isCountryCode, parseId } from '@meridian/kit';
import { AccountingError } from '../accounting.errors.ts';

type Field = (string | number)[];

export function checkText(
  problems: Problems,
  field: Field,
  value: string | null | undefined,
  options: { required?: boolean; max: number },
): string | null {
  const text = value?.trim() ?? '';
  if (!text) {
    if (options.required) problems.add(field, AccountingError.REQUIRED, 'Required');
    return null;
  }
  if (text.length > options.max) problems.add(field, AccountingError.TOO_LONG, `At most ${options.max} characters`);
  return text;
}

/** ISO 3166-1 alpha-2, upper-cased ('gb' → 'GB'); anything else is UNKNOWN_COUNTRY. */
export function checkCountry(problems: Problems, field: Field, value: string | null | undefined): string | null {
  const code = value?.trim().toUpperCase() ?? '';
  if (!isCountryCode(code)) {
    problems.add(field, AccountingError.UNKNOWN_COUNTRY, `Not an ISO 3166-1 country code: ${value ?? ''}`);
    return null;
  }
  return code;
}

/** A subdivision code without its country part (`CA` for US-CA, `BY` for DE-BY): 1-3 letters or digits. */
export const regionPattern = /^[A-Z0-9]{1,3}$/;

export function checkRegion(problems: Problems, field: Field, value: string | null | undefined): string | null {
  const region = value?.trim().toUpperCase() ?? '';
  if (!region) return null;
  if (!regionPattern.test(region)) {
    problems.add(field, AccountingError.INVALID, 'A region is the ISO 3166-2 code after the dash, e.g. CA for US-CA');
    return null;
  }
  return region;
}

export function checkIdempotencyKey(problems: Problems, value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (!value.trim() || value.length > 200) {
    problems.add(['idempotencyKey'], AccountingError.INVALID, 'An idempotency key is 1-200 characters');
    return null;
  }
  return value;
}

/** An id argument that must be of one kind: otherwise NOT_FOUND, never a lookup. */
export function checkId(
  problems: Problems,
  field: Field,
  prefix: string,
  value: string | null | undefined,
  what: string,
) {
  if (!value || !parseId(prefix, value)) {
    problems.add(field, AccountingError.NOT_FOUND, `${what} not found`);
    return null;
  }
  return value;
}

/** A list cursor (an id of the listed kind); a cursor from elsewhere is BAD_USER_INPUT. */
export function cursorId(prefix: string, after: string | null | undefined): string | null {
  if (after === null || after === undefined) return null;
  if (!parseId(prefix, after)) throw badUserInput('Not a cursor of this list', 'after');
  return after;
}
