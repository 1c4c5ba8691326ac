import { createHash } from 'node:crypto';
import { isCurrency, MeridianError, type Money, parseDecimal, parseId, type UserError, userError } from '@meridian/kit';

/** Largest quantity one operation may move: keeps every level far inside Postgres' integer range. */
export const maxQuantity = 1_000_000_000;

export type Field = (string | number)[];

const path = (field: Field) => field.map(String);

/** A whole number of units; `signed` allows negatives (adjustments) but never zero. */
export function checkQuantity(value: number, field: Field, options: { signed?: boolean } = {}): UserError | null {
  if (!Number.isInteger(value)) return userError(path(field), 'INVALID', 'Quantity must be a whole number');
  if (options.signed) {
    if (value === 0) return userError(path(field), 'INVALID', 'The change must not be zero');
  } else if (value <= 0) {
    return userError(path(field), 'INVALID', 'Quantity must be positive');
  }
  if (Math.abs(value) > maxQuantity) {
    return userError(path(field), 'TOO_LARGE', `At most ${maxQuantity} units per operation`);
  }
  return null;
}

const entityNames: Record<string, string> = { var: 'Variant', whs: 'Warehouse', rsv: 'Reservation', prd: 'Product' };

/** An id of the expected kind; anything else is NOT_FOUND (never looked up), like the kit's id columns. */
export function checkId(prefix: string, value: string, field: Field): UserError | null {
  if (parseId(prefix, value)) return null;
  return userError(path(field), 'NOT_FOUND', `${entityNames[prefix] ?? 'Resource'} not found`);
}

export function notFoundError(prefix: string, field: Field): UserError {
  return userError(path(field), 'NOT_FOUND', `${entityNames[prefix] ?? 'Resource'} not found`);
}

/** A unit cost as the client sends it ("12.30" EUR), exact to the currency's minor units and not negative. */
export function parseUnitCost(
  input: { amount: string; currency: string },
  field: Field,
): { cost: Money; error?: never } | { error: UserError; cost?: never } {
  const currency = input.currency.trim().toUpperCase();
  if (!isCurrency(currency)) {
    return { error: userError(path([...field, 'currency']), 'INVALID', `Unknown currency: ${input.currency}`) };
  }
  try {
    const cost = parseDecimal(input.amount.trim(), currency);
    if (cost.amount < 0) {
      return { error: userError(path([...field, 'amount']), 'INVALID', 'A cost must not be negative') };
    }
    return { cost };
  } catch (error) {
    if (error instanceof MeridianError) {
      return { error: userError(path([...field, 'amount']), 'INVALID', error.message) };
    }
    throw error;
  }
}

/** Optional free text, trimmed; too long is an error rather than a silent cut. */
export function checkText(value: string | null | undefined, field: Field, max = 500): UserError | null {
  if (value !== null && value !== undefined && value.length > max) {
    return userError(path(field), 'TOO_LONG', `At most ${max} characters`);
  }
  return null;
}

export function checkIdempotencyKey(value: string | null | undefined, field: Field): UserError | null {
  if (value === null || value === undefined) return null;
  if (value.trim().length === 0 || value.length > 200) {
    return userError(path(field), 'INVALID', 'An idempotency key has 1-200 characters');
  }
  return null;
}

export const blank = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

/** Stable hash of a request, so a key reused for a different request is recognised. */
export function fingerprint(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url');
}

export function keyReused(field: Field): UserError {
  return userError(
    path(field),
    'IDEMPOTENCY_KEY_REUSED',
    'This idempotency key was already used for a different request',
  );
}

export const compact = (errors: (UserError | null)[]): UserError[] => errors.filter((e): e is UserError => e !== null);
