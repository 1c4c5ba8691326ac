import type { Problems } from '@meridian/kit';
import { isCurrency, parseId, tenantCurrencies } from '@meridian/kit';
import { CommerceError } from '../commerce.errors.ts';

type Field = (string | number)[];

export function checkText(
  problems: Problems,
  field: Field,
  value: string | null | undefined,
  options: { required?: boolean; max: number },
): string | null {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!text) {
    if (options.required) problems.add(field, CommerceError.REQUIRED, 'Required');
    return null;
  }
  if (text.length > options.max) {
    problems.add(field, CommerceError.TOO_LONG, `At most ${options.max} characters`);
    return null;
  }
  return text;
}

/** Units of a product: a whole number from 1 (fractions, zero and negatives are refused). */
export function checkQuantity(problems: Problems, field: Field, value: number, max = 10_000): number | null {
  if (!Number.isInteger(value) || value < 1) {
    problems.add(field, CommerceError.INVALID_QUANTITY, 'Quantity must be a whole number of at least 1');
    return null;
  }
  if (value > max) {
    problems.add(field, CommerceError.INVALID_QUANTITY, `At most ${max} units`);
    return null;
  }
  return value;
}

/** An id of the right kind (`var_…`); anything else is NOT_FOUND at that field. */
export function checkId(problems: Problems, field: Field, prefix: string, value: string, what: string): boolean {
  if (parseId(prefix, value)) return true;
  problems.add(field, CommerceError.NOT_FOUND, `${what} not found`);
  return false;
}

export function checkIdempotencyKey(problems: Problems, field: Field, value: string | null | undefined) {
  if (value === null || value === undefined) return null;
  if (!/^[\w.:-]{8,200}$/.test(value)) {
    problems.add(field, CommerceError.INVALID, '8-200 letters, digits and _ . : -');
    return null;
  }
  return value;
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function checkEmail(problems: Problems, field: Field, value: string | null | undefined, required = false) {
  const email = checkText(problems, field, value, { required, max: 254 });
  if (email === null) return null;
  if (!emailPattern.test(email)) {
    problems.add(field, CommerceError.INVALID_EMAIL, 'Not an email address');
    return null;
  }
  return email.toLowerCase();
}

export function checkCurrency(
  problems: Problems,
  field: Field,
  tenant: { settings: Record<string, unknown> } | null,
  value: string | null | undefined,
): string | null {
  const code = (value ?? tenantCurrencies(tenant)[0] ?? '').trim().toUpperCase();
  if (!isCurrency(code) || !tenantCurrencies(tenant).includes(code)) {
    problems.add(field, CommerceError.UNSUPPORTED_CURRENCY, `This shop does not sell in ${code || 'that currency'}`);
    return null;
  }
  return code;
}
