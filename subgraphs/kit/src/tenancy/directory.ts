import { LRUCache } from 'lru-cache';
import type { Database } from '../db/connect.ts';
import type { TenantModule } from './module.ts';
import { type ProvisionInput, type ProvisionOptions, provisionTenant } from './provision.ts';
import type { Tenant, TenantStatus } from './tenant.ts';
import {
  findTenantByHost,
  findTenantById,
  findTenantBySlug,
  listTenants,
  normaliseHost,
  type SettingsChange,
  setTenantStatus,
  type TenantPage,
  updateTenantSettings,
} from './tenants.ts';

/**
 * The control plane as the rest of the system sees it: tenant lookups (briefly cached, since every
 * request needs one) and the operator's actions. No SQL leaves this module.
 */
export interface TenantDirectory {
  byId(id: string): Promise<Tenant | null>;
  byHost(host: string): Promise<Tenant | null>;
  bySlug(slug: string): Promise<Tenant | null>;
  list(options?: { first?: number; after?: string; status?: TenantStatus }): Promise<TenantPage>;
  create(input: ProvisionInput, options?: ProvisionOptions): Promise<Tenant>;
  setStatus(id: string, status: 'active' | 'suspended'): Promise<Tenant | null>;
  /** Changes the tenant's settings (see SettingsChange); this process serves the new ones at once. */
  updateSettings(id: string, change: SettingsChange): Promise<Tenant | null>;
}

/**
 * How long a lookup may be served from memory: a suspension or a settings change made by another
 * process takes effect within this time (this process forgets its copy at once).
 */
const lookupTtlMs = 2_000;

export function createTenantDirectory(database: Database, modules: TenantModule[]): TenantDirectory {
  const cache = new LRUCache<string, { tenant: Tenant | null }>({ max: 10_000, ttl: lookupTtlMs });
  // Requests arriving while a lookup is on its way share it: at each expiry, one query per tenant, not one
  // per request in flight.
  const loading = new Map<string, Promise<Tenant | null>>();
  // Bumped by every change this process makes: a lookup that started before it does not fill the cache.
  let generation = 0;
  const cached = (key: string, load: () => Promise<Tenant | null>): Promise<Tenant | null> => {
    const hit = cache.get(key);
    if (hit) return Promise.resolve(hit.tenant);
    const pending = loading.get(key);
    if (pending) return pending;
    const started = generation;
    const lookup = load()
      .then((tenant) => {
        if (generation === started) cache.set(key, { tenant });
        return tenant;
      })
      .finally(() => {
        if (loading.get(key) === lookup) loading.delete(key);
      });
    loading.set(key, lookup);
    return lookup;
  };
  const forget = (keys: string[] | 'all') => {
    generation++;
    if (keys === 'all') {
      cache.clear();
      loading.clear();
      return;
    }
    for (const key of keys) {
      cache.delete(key);
      loading.delete(key);
    }
  };
  return {
    byId: (id) => cached(`id:${id}`, () => findTenantById(database, id)),
    byHost: (host) => cached(`host:${normaliseHost(host)}`, () => findTenantByHost(database, host)),
    bySlug: (slug) => findTenantBySlug(database, slug),
    list: (options) => listTenants(database, options),
    create: async (input, options) => {
      try {
        return await provisionTenant(database, modules, input, options);
      } finally {
        // A tenant that just became active (or failed) must not be served from a stale lookup.
        forget('all');
      }
    },
    setStatus: async (id, status) => {
      const tenant = await setTenantStatus(database, id, status);
      forget('all');
      return tenant;
    },
    updateSettings: async (id, change) => {
      const tenant = await updateTenantSettings(database, id, change);
      if (tenant) forget([`id:${tenant.id}`, ...tenant.hosts.map((host) => `host:${normaliseHost(host)}`)]);
      return tenant;
    },
  };
}
