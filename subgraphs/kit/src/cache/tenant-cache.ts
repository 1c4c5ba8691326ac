import type { Cache, SetOptions } from './cache.types.ts';

/** The cache as a resolver sees it: already scoped to the request's tenant, so a key can't cross tenants. */
export interface TenantCache {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, options?: SetOptions): Promise<void>;
  getOrLoad<T>(key: string, loader: () => Promise<T>, options?: SetOptions): Promise<T>;
  delete(key: string): Promise<void>;
  invalidateTags(tags: string[]): Promise<void>;
}

/** Control-plane data (no tenant) is cached under this scope. */
export const PLATFORM_SCOPE = 'platform';

export function bindCache(cache: Cache, tenantId: string | null): TenantCache {
  const scope = tenantId ?? PLATFORM_SCOPE;
  return {
    get: (key) => cache.get(scope, key),
    set: (key, value, options) => cache.set(scope, key, value, options),
    getOrLoad: (key, loader, options) => cache.getOrLoad(scope, key, loader, options),
    delete: (key) => cache.delete(scope, key),
    invalidateTags: (tags) => cache.invalidateTags(scope, tags),
  };
}
