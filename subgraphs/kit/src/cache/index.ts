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
