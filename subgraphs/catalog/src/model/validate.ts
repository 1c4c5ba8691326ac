import { type UserError, userError } from '@meridian/kit';
import { CatalogError } from '../catalog.errors.ts';

/** Collects userErrors for one input; field paths start at ['input', …]. */
export class Problems {
  readonly list: UserError[] = [];
  readonly #prefix: string[];
  constructor(prefix: string[] = ['input']) {
    this.#prefix = prefix;
  }
  add(field: (string | number)[], code: string, message: string): void {
    this.list.push(userError([...this.#prefix, ...field.map(String)], code, message));
  }
  get ok(): boolean {
    return this.list.length === 0;
  }
}

export const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function checkText(
  problems: Problems,
  field: (string | number)[],
  value: string | null | undefined,
  options: { required?: boolean; max: number },
): string | null {
  const text = value?.trim() ?? '';
  if (!text) {
    if (options.required) problems.add(field, CatalogError.REQUIRED, 'Required');
    return null;
  }
  if (text.length > options.max) problems.add(field, CatalogError.TOO_LONG, `At most ${options.max} characters`);
  return text;
}

export function checkSlug(
  problems: Problems,
  field: (string | number)[],
  value: string | null | undefined,
): string | null {
  const slug = value?.trim().toLowerCase() ?? '';
  if (!slug) {
    problems.add(field, CatalogError.REQUIRED, 'Required');
    return null;
  }
  if (slug.length > 120 || !slugPattern.test(slug)) {
    problems.add(field, CatalogError.INVALID, 'Use lowercase letters, digits and single dashes (at most 120)');
  }
  return slug;
}

/** A whole, non-negative count (grams, millimetres, quantities): fractions and negatives are refused. */
export function checkCount(
  problems: Problems,
  field: (string | number)[],
  value: number | null | undefined,
  options: { min?: number } = {},
): number | null {
  if (value === null || value === undefined) return null;
  const min = options.min ?? 0;
  if (!Number.isFinite(value) || !Number.isInteger(value)) {
    problems.add(field, CatalogError.NOT_AN_INTEGER, 'Must be a whole number');
    return null;
  }
  if (value < min) {
    problems.add(field, CatalogError.NEGATIVE, min === 0 ? 'Must not be negative' : `Must be at least ${min}`);
    return null;
  }
  if (!Number.isSafeInteger(value) || value > 2_147_483_647) {
    problems.add(field, CatalogError.INVALID, 'Too large');
    return null;
  }
  return value;
}

const mediaUrl = /^(https:\/\/[^\s]+|data:image\/(svg\+xml|png|jpeg|webp)[;,][^\s]*)$/;

export function checkMediaUrl(problems: Problems, field: (string | number)[], value: string): string {
  if (!mediaUrl.test(value) || value.length > 200_000) {
    problems.add(field, CatalogError.INVALID, 'Use an https URL or a data:image URL');
  }
  return value;
}

/** Postgres unique violation on a named index (drizzle wraps the driver's error in `cause`). */
export function uniqueViolation(error: unknown): string | null {
  for (let current = error as { code?: string; constraint_name?: string; cause?: unknown } | undefined; current; ) {
    if (current.code === '23505') return current.constraint_name ?? '';
    current = current.cause as typeof current;
  }
  return null;
}

/** Thrown inside a transaction to roll it back and answer with userErrors instead. */
export class Rejected extends Error {
  readonly problems: Problems;
  constructor(problems: Problems) {
    super('rejected');
    this.problems = problems;
  }
}

/** Runs `work`; a Rejected (or a unique violation `onUnique` can name) becomes userErrors, nothing written. */
export async function withUserErrors<T>(
  work: () => Promise<T>,
  onUnique: (constraint: string) => Problems | null = () => null,
): Promise<{ ok: T } | { problems: Problems }> {
  try {
    return { ok: await work() };
  } catch (error) {
    if (error instanceof Rejected) return { problems: error.problems };
    const constraint = uniqueViolation(error);
    const mapped = constraint === null ? null : onUnique(constraint);
    if (mapped) return { problems: mapped };
    throw error;
  }
}
