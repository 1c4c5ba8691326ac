import { randomUUID } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { RequestContext } from '../context/request-context.ts';
import { ErrorCode, publicCodeOf } from '../errors.ts';
import { createLogger, type Logger } from '../log.ts';

/** Apollo's own codes for a request the client got wrong; the client sees them as BAD_USER_INPUT. */
const clientErrorCodes = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);
/** Automatic persisted query signals: clients act on these exact codes, so they pass through untouched. */
const protocolCodes = new Set(['PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED']);

function codeOf(error: unknown): unknown {
  return (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
}

/** The code a client sees for this error: its own when public, BAD_USER_INPUT for a malformed request, else INTERNAL. */
export function clientCodeOf(error: unknown): ErrorCode {
  const code = codeOf(error);
  if (typeof code === 'string' && clientErrorCodes.has(code)) return ErrorCode.BAD_USER_INPUT;
  return publicCodeOf(error) ?? ErrorCode.INTERNAL;
}

/** The innermost error, where the stack points at the code that threw. */
function rootCause(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 5; depth++) {
    const inner = (current as { originalError?: unknown } | null)?.originalError;
    if (!inner) break;
    current = inner;
  }
  return current;
}

/** Path and locations name the client's own query, so they stay even when the message is masked. */
function whereOf({ path, locations }: GraphQLFormattedError): Pick<GraphQLFormattedError, 'path' | 'locations'> {
  return { ...(path ? { path } : {}), ...(locations ? { locations } : {}) };
}

function toFormatted(error: unknown): GraphQLFormattedError {
  if (error instanceof GraphQLError) return error.toJSON();
  return { message: error instanceof Error ? error.message : String(error) };
}

/**
 * What the client may see of one error. Public codes and malformed-request errors keep their message;
 * anything else becomes 'Internal error' with the request id, and the original is logged once at error
 * level under the same id, so a support ticket quoting the id finds the stack.
 */
export function maskError(
  error: unknown,
  requestId: string,
  log: Logger,
  formatted: GraphQLFormattedError = toFormatted(error),
): GraphQLFormattedError {
  const code = codeOf(formatted) ?? codeOf(error);
  if (typeof code === 'string' && protocolCodes.has(code)) return formatted;
  const clientCode = clientCodeOf(error);
  const where = whereOf(formatted);
  if (clientCode !== ErrorCode.INTERNAL) {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    return { message: formatted.message, ...where, extensions: { ...extensions, code: clientCode, requestId } };
  }
  // The request logger already carries requestId; repeating it would print the key twice.
  const fields = log.bindings().requestId === requestId ? {} : { requestId };
  log.error({ ...fields, err: rootCause(error), path: formatted.path }, 'unhandled error');
  return { message: 'Internal error', ...where, extensions: { code: ErrorCode.INTERNAL, requestId } };
}

/**
 * Safety net for `new ApolloServer({ formatError })`: Apollo also formats errors raised outside the request
 * pipeline (context creation, malformed HTTP), where no plugin sees them. Masks without logging; inside the
 * pipeline errorMaskingPlugin sees the originals, logs them and adds the request id.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = codeOf(formatted);
  if (typeof code === 'string' && protocolCodes.has(code)) return formatted;
  const clientCode = clientCodeOf(error);
  if (clientCode === ErrorCode.INTERNAL) {
    return { message: 'Internal error', ...whereOf(formatted), extensions: { code: ErrorCode.INTERNAL } };
  }
  const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
  return { ...formatted, extensions: { ...extensions, code: clientCode } };
}

let fallbackLog: Logger | undefined;

/**
 * Rewrites every error in the response through maskError with the request's id and logger. Apollo formats
 * `requestContext.errors` one to one and in order into the response, so index i pairs the original with its
 * formatted form. Later @defer payloads are not rewritten here (no incremental delivery is enabled); the
 * formatError safety net still masks them.
 */
export function errorMaskingPlugin<
  TContext extends Pick<RequestContext, 'requestId' | 'log'> = RequestContext,
>(): ApolloServerPlugin<TContext> {
  return {
    async contextCreationDidFail({ error }) {
      fallbackLog ??= createLogger({ name: 'graphql' });
      fallbackLog.error({ err: error }, 'context creation failed');
    },
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response, errors }) {
          const body = response.body;
          const result = body.kind === 'single' ? body.singleResult : body.initialResult;
          if (!result.errors?.length) return;
          // The context is typed, but a server may be built without it; never fail the response over that.
          const requestId = contextValue?.requestId ?? randomUUID();
          fallbackLog ??= createLogger({ name: 'graphql' });
          const log = contextValue?.log ?? fallbackLog;
          const originals = errors?.length === result.errors.length ? errors : undefined;
          const masked = result.errors.map((formatted, i) =>
            maskError(originals?.[i] ?? formatted, requestId, log, formatted),
          );
          if (body.kind === 'single') body.singleResult = { ...body.singleResult, errors: masked };
          else body.initialResult = { ...body.initialResult, errors: masked };
        },
      };
    },
  };
}
