/**
 * Physical key layout. Cache names and tenant ids may not contain ':' so that the prefix
 * `meridian:<name>:<tenantId>:` belongs to exactly one tenant: tenant 'a' with key 'b:c' can never
 * meet tenant 'a:b' with key 'c'. Keys starting with 'tag:' are refused because that space holds
 * the tag versions (`meridian:<name>:<tenantId>:tag:<tag>`).
 */
const segment = /^[A-Za-z0-9_.-]{1,100}$/;
const tagSpace = 'tag:';

export function checkCacheName(name: string): string {
  if (!segment.test(name)) throw new Error(`cache: name '${name}' must match ${segment}`);
  return name;
}

export function tenantPrefix(name: string, tenantId: string): string {
  if (!segment.test(tenantId)) throw new Error(`cache: tenantId '${tenantId}' must match ${segment}`);
  return `meridian:${name}:${tenantId}:`;
}

export function dataKey(name: string, tenantId: string, key: string): string {
  if (key === '' || key.startsWith(tagSpace))
    throw new Error(`cache: key '${key}' is empty or starts with '${tagSpace}'`);
  return tenantPrefix(name, tenantId) + key;
}

export function tagKey(name: string, tenantId: string, tag: string): string {
  if (tag === '') throw new Error('cache: empty tag');
  return `${tenantPrefix(name, tenantId)}${tagSpace}${tag}`;
}

/** Every instance of one cache listens here for deleted keys and invalidated tags. */
export function invalidationChannel(name: string): string {
  return `meridian:${name}:~invalidations`;
}

/** The prefix every key of one cache shares (a message naming another cache's key is ignored). */
export function cachePrefix(name: string): string {
  return `meridian:${name}:`;
}

/** Seconds to milliseconds for PX and lru-cache; rejects what would silently mean "forever" or "never". */
export function ttlMilliseconds(ttlSeconds: number): number {
  if (!Number.isFinite(ttlSeconds) || ttlSeconds <= 0)
    throw new Error(`cache: ttlSeconds must be > 0, got ${ttlSeconds}`);
  return Math.max(1, Math.ceil(ttlSeconds * 1000));
}
