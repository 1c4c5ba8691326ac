import DataLoader from 'dataloader';
import type { RequestContext } from './context/request-context.ts';

/**
 * A DataLoader living for one request (memoised in the context), so N lookups of the same kind in one
 * request become one query, and nothing is cached across requests or tenants.
 */
export function loaderFor<K, V>(
  ctx: RequestContext,
  name: string,
  batch: (keys: readonly K[]) => Promise<Map<K, V | null>>,
): DataLoader<K, V | null> {
  let loader = ctx.loaders.get(name) as DataLoader<K, V | null> | undefined;
  if (!loader) {
    loader = new DataLoader<K, V | null>(async (keys) => {
      const found = await batch(keys);
      return keys.map((key) => found.get(key) ?? null);
    });
    ctx.loaders.set(name, loader);
  }
  return loader;
}

/**
 * `__resolveReference` through a per-request DataLoader: the gateway's `_entities` call with 50
 * representations becomes one batched query. `load` gets the ids and returns what it found.
 */
export function referenceResolver<T>(
  typename: string,
  load: (ctx: RequestContext, ids: readonly string[]) => Promise<Map<string, T>>,
) {
  return (reference: { id: string }, ctx: RequestContext): Promise<T | null> =>
    loaderFor<string, T>(ctx, `reference:${typename}`, (ids) => load(ctx, ids) as Promise<Map<string, T | null>>).load(
      reference.id,
    );
}
