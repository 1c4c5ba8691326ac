import type { RequestContext, UserError } from '@meridian/kit';

/** Another domain could not answer (down, timed out, or a GraphQL error): the caller turns it into a userError. */
export class ServiceUnavailable extends Error {
  readonly service: string;
  constructor(service: string, detail: string) {
    super(`${service}: ${detail}`);
    this.name = 'ServiceUnavailable';
    this.service = service;
  }
}

/**
 * A synchronous call to another subgraph through the kit's internal client (a system actor holding
 * only `permissions`). GraphQL errors and transport failures become ServiceUnavailable, logged here.
 */
export async function callService<T>(
  ctx: RequestContext,
  service: string,
  query: string,
  variables: Record<string, unknown>,
  permissions: string[],
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await ctx.internal.request<T>(service, query, variables, { permissions, timeoutMs: 8000 });
      if (result.errors.length > 0 || !result.data) {
        const detail = result.errors.map((e) => `${e.extensions?.code ?? ''} ${e.message}`).join('; ') || 'no data';
        throw new ServiceUnavailable(service, detail);
      }
      return result.data;
    } catch (error) {
      if (error instanceof ServiceUnavailable) {
        ctx.log.error({ service, err: error }, 'internal call failed');
        throw error;
      }
      // A pooled keep-alive connection the other side just closed: every call commerce makes is a read or
      // carries an idempotency key, so one more try is safe.
      if (attempt < 2 && error instanceof TypeError) continue;
      ctx.log.error({ service, err: error }, 'internal call failed');
      throw new ServiceUnavailable(service, error instanceof Error ? error.message : String(error));
    }
  }
}

export interface RemoteUserError {
  field: string[] | null;
  code: string;
  message: string;
}

/** The index of `lines` a remote userError names (['input', 'lines', '3', …] → 3), or null. */
export function lineIndexOf(error: RemoteUserError | UserError): number | null {
  const field = error.field ?? [];
  const at = field.indexOf('lines');
  const index = at >= 0 ? Number(field[at + 1]) : Number.NaN;
  return Number.isInteger(index) ? index : null;
}
