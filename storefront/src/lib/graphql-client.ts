import { type AnyVariables, Client, CombinedError, fetchExchange, type TypedDocumentNode } from '@urql/core';
import { type GatewayCall, gatewayFetch, gatewayUrl } from './gateway.ts';

/**
 * urql on the server: every operation is a typed document (GraphQL Code Generator, src/__generated__) sent to the
 * gateway with the tenant's Host. The browser never talks to the graph directly: it talks to this app's pages,
 * server actions and route handlers, which hold the shopper's tokens in httpOnly cookies.
 */
export function gatewayClient(call: GatewayCall): Client {
  return new Client({
    url: gatewayUrl().toString(),
    exchanges: [fetchExchange],
    fetch: gatewayFetch(call),
    // always POST: the gateway call carries the Host and the token, and a body keeps long queries out of URLs
    preferGetMethod: false,
    requestPolicy: 'network-only',
  });
}

/** An error code the graph put in `extensions.code` (UNAUTHENTICATED, NOT_FOUND, RATE_LIMITED …). */
export function errorCodes(error: CombinedError | undefined): string[] {
  return (error?.graphQLErrors ?? []).map((e) => String(e.extensions?.code ?? 'INTERNAL'));
}

export class GraphError extends Error {
  readonly codes: string[];
  readonly network: boolean;
  /** Seconds to wait when the gateway refused with RATE_LIMITED (its `extensions.retryAfter`), else null. */
  readonly retryAfterSeconds: number | null;
  constructor(error: CombinedError) {
    super(error.message);
    this.name = 'GraphError';
    this.codes = errorCodes(error);
    this.network = Boolean(error.networkError);
    const waits = error.graphQLErrors
      .filter((e) => e.extensions?.code === 'RATE_LIMITED')
      .map((e) => Number(e.extensions?.retryAfter))
      .filter((s) => Number.isFinite(s) && s > 0);
    this.retryAfterSeconds = this.codes.includes('RATE_LIMITED') ? Math.ceil(Math.max(1, ...waits)) : null;
  }
}

/**
 * What to tell the shopper when a call failed: a rate-limit refusal says so and when to retry (the store is up, it
 * asks them to slow down); anything else is `unreachable`. `reassurance` ("Your cart is unchanged.") follows either.
 */
export function failureMessage(error: GraphError | undefined, unreachable: string, reassurance = ''): string {
  if (error?.retryAfterSeconds) {
    const seconds = error.retryAfterSeconds;
    const wait = `Too many requests — try again in ${seconds} ${seconds === 1 ? 'second' : 'seconds'}.`;
    return reassurance ? `${wait} ${reassurance}` : wait;
  }
  return unreachable;
}

export type Result<T> = { data: T; error?: undefined } | { data: T | undefined; error: GraphError };

/** Runs one operation; the answer's data plus its error (partial data is kept, as GraphQL allows). */
export async function execute<Data, Variables extends AnyVariables>(
  call: GatewayCall,
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  kind: 'query' | 'mutation' = 'query',
): Promise<Result<Data>> {
  const client = gatewayClient(call);
  const result =
    kind === 'query'
      ? await client.query(document, variables).toPromise()
      : await client.mutation(document, variables).toPromise();
  if (result.error) return { data: result.data, error: new GraphError(result.error) };
  if (!result.data)
    return { data: undefined, error: new GraphError(new CombinedError({ networkError: new Error('no data') })) };
  return { data: result.data };
}

/** Like execute, but any error is thrown (pages: the error boundary shows it). */
export async function executeOrThrow<Data, Variables extends AnyVariables>(
  call: GatewayCall,
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  kind: 'query' | 'mutation' = 'query',
): Promise<Data> {
  const result = await execute(call, document, variables, kind);
  if (result.error) throw result.error;
  return result.data;
}
