import { GraphQLError } from 'graphql';

/** The only error codes a client ever sees (ARCHITECTURE §5). */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  CONFLICT: 'CONFLICT',
  RATE_LIMITED: 'RATE_LIMITED',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const publicCodes = new Set<string>(Object.values(ErrorCode));

/** An error that is safe to show: its message and code reach the client as they are. */
export class MeridianError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
    this.name = 'MeridianError';
  }
  get code(): ErrorCode {
    return this.extensions.code as ErrorCode;
  }
}

export const unauthenticated = (message = 'Authentication required') =>
  new MeridianError(ErrorCode.UNAUTHENTICATED, message);
export const forbidden = (message = 'Not allowed') => new MeridianError(ErrorCode.FORBIDDEN, message);
export const notFound = (what = 'Resource') => new MeridianError(ErrorCode.NOT_FOUND, `${what} not found`);
export const badUserInput = (message: string, field?: string) =>
  new MeridianError(ErrorCode.BAD_USER_INPUT, message, field ? { field } : {});
export const conflict = (message: string) => new MeridianError(ErrorCode.CONFLICT, message);
export const rateLimited = (retryAfterSeconds: number) =>
  new MeridianError(ErrorCode.RATE_LIMITED, 'Too many requests', { retryAfter: retryAfterSeconds });

/** A business validation failure, returned in a mutation payload's `userErrors` rather than thrown. */
export interface UserError {
  field: string[] | null;
  code: string;
  message: string;
}
export const userError = (field: string | string[] | null, code: string, message: string): UserError => ({
  field: field === null ? null : Array.isArray(field) ? field : [field],
  code,
  message,
});

/** True when the error (or what it wraps) carries a code that is safe to expose. */
export function publicCodeOf(error: unknown): ErrorCode | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { extensions?: { code?: unknown } }).extensions?.code;
    if (typeof code === 'string' && publicCodes.has(code) && code !== ErrorCode.INTERNAL) return code as ErrorCode;
    current = (current as { originalError?: unknown }).originalError;
  }
  return undefined;
}
