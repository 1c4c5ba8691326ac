export type {
  Cache,
  CacheLevel,
  CacheMetrics,
  CacheOptions,
  CacheResult,
  CacheStats,
  SetOptions,
} from './cache.types.ts';
export { createCache } from './create-cache.ts';
export { bindCache, PLATFORM_SCOPE, type TenantCache } from './tenant-cache.ts';
