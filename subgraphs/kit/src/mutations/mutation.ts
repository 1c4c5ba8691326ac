import type { RequestContext, TenantDb } from '../context/request-context.ts';
import { forbidden, type UserError, userError } from '../errors.ts';
import type { TenantTx } from '../tenancy/with-tenant.ts';

/**
 * The shape every subgraph's mutations share: validate, write in one tenant-bound transaction, and on a
 * business refusal roll everything back and answer `{ <thing>: null, userErrors }`.
 */

/** Collects userErrors for one input; field paths start at ['input', …]. */
export class Problems {
  readonly list: UserError[] = [];
  add(field: (string | number)[], code: string, message: string): void {
    this.list.push(userError(['input', ...field.map(String)], code, message));
  }
  addAll(errors: UserError[]): void {
    this.list.push(...errors);
  }
  get ok(): boolean {
    return this.list.length === 0;
  }
}

/** Thrown inside a transaction to refuse the request: it rolls back (nothing written) and becomes userErrors. */
export class Rejection extends Error {
  readonly userErrors: UserError[];
  constructor(userErrors: UserError[]) {
    super(userErrors.map((e) => e.message).join('; '));
    this.name = 'Rejection';
    this.userErrors = userErrors;
  }
}

/** Refuses the request from inside `mutate` with these userErrors (or everything a Problems collected). */
export function reject(...errors: (UserError | UserError[] | Problems)[]): never {
  throw new Rejection(errors.flatMap((e) => (e instanceof Problems ? e.list : Array.isArray(e) ? e : [e])));
}

/** Refuses the request with one userError at `['input', …field]`. */
export function refuse(field: (string | number)[], code: string, message: string): never {
  const problems = new Problems();
  problems.add(field, code, message);
  reject(problems);
}

// Deadlocks and serialization failures are safe to retry: the transaction rolled back as a whole.
const retryableCodes = new Set(['40P01', '40001']);

/** The SQLSTATE of a database error (looked up through wrapping errors). */
export function sqlStateOf(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The unique index a Postgres unique violation names, or null for any other error. */
export function uniqueViolation(error: unknown): string | null {
  for (let current = error as { code?: string; constraint_name?: string; cause?: unknown } | undefined; current; ) {
    if (current.code === '23505') return current.constraint_name ?? '';
    current = current.cause as typeof current;
  }
  return null;
}

/** The request's tenant-bound database; permission rules already require a tenant, this is the belt to their braces. */
export function tenantDb(ctx: Pick<RequestContext, 'db'>): TenantDb {
  if (!ctx.db) throw forbidden('This operation needs a tenant');
  return ctx.db;
}

export function read<T>(ctx: Pick<RequestContext, 'db'>, work: (tx: TenantTx) => Promise<T>): Promise<T> {
  return tenantDb(ctx).transaction(work);
}

/**
 * Runs `work` in one tenant-bound transaction, retried a few times when Postgres aborted it for a
 * deadlock or serialization failure. A Rejection rolls it back and becomes `{ ...empty, userErrors }`.
 */
export async function mutate<T extends { userErrors: UserError[] }>(
  ctx: Pick<RequestContext, 'db'>,
  empty: Omit<T, 'userErrors'>,
  work: (tx: TenantTx) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await tenantDb(ctx).transaction(work);
    } catch (error) {
      if (error instanceof Rejection) return { ...empty, userErrors: error.userErrors } as T;
      if (attempt < 4 && retryableCodes.has(sqlStateOf(error) ?? '')) continue;
      throw error;
    }
  }
}
