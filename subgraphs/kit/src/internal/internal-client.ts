import type { Actor, RequestContext } from '../context/request-context.ts';
import { CONTEXT_HEADER, signContextToken } from '../context/token.ts';
import { MeridianError } from '../errors.ts';
import type { Platform } from '../platform.ts';

export interface InternalResult<T> {
  data: T | null;
  errors: { message: string; extensions?: { code?: string } }[];
}

/**
 * A synchronous command to another domain (checkout reserving stock): a GraphQL call straight to the
 * owning subgraph, for the same tenant and request, as a `system` actor holding only the permissions
 * the caller names. Subgraphs still never import each other; they meet in the graph.
 */
export interface InternalClient {
  request<T = Record<string, unknown>>(
    subgraph: string,
    query: string,
    variables: Record<string, unknown>,
    options: { permissions: string[]; timeoutMs?: number },
  ): Promise<InternalResult<T>>;
}

export function createInternalClient(
  platform: Platform,
  ctx: Pick<RequestContext, 'requestId' | 'tenant' | 'actor'>,
): InternalClient {
  return {
    request: async <T>(
      subgraph: string,
      query: string,
      variables: Record<string, unknown>,
      options: { permissions: string[]; timeoutMs?: number },
    ): Promise<InternalResult<T>> => {
      const url = platform.subgraphUrls?.get(subgraph);
      if (!url) throw new Error(`no URL known for subgraph ${subgraph}`);
      const actor: Actor = {
        kind: 'system',
        permissions: options.permissions,
        // Who the work is done for, so the callee can audit and scope by it.
        ...(ctx.actor.userId ? { userId: ctx.actor.userId } : {}),
      };
      // Reused for identical claims (ADR 0017); the callee takes the request id from x-request-id.
      const token = await signContextToken(platform.keys, { tenantId: ctx.tenant?.id ?? null, actor });
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [CONTEXT_HEADER]: token, 'x-request-id': ctx.requestId },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      const body = (await response.json().catch(() => null)) as {
        data?: T;
        errors?: InternalResult<T>['errors'];
      } | null;
      if (!body) throw new MeridianError('INTERNAL', `${subgraph} answered ${response.status} without a GraphQL body`);
      return { data: body.data ?? null, errors: body.errors ?? [] };
    },
  };
}
