import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../src/audit/audit.schema.ts';
import { recordAudit } from '../src/audit/record-audit.ts';
import { createTenantDirectory, type TenantDirectory } from '../src/tenancy/directory.ts';
import { tenantCurrencies, tenantLocale } from '../src/tenancy/settings.ts';
import type { Tenant } from '../src/tenancy/tenant.ts';
import { findTenantById } from '../src/tenancy/tenants.ts';
import { withTenant } from '../src/tenancy/with-tenant.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/database.ts';
import { notesModule } from './fixtures/notes.module.ts';

let t: TestDatabase;
let directory: TenantDirectory;
let tenant: Tenant;
beforeAll(async () => {
  t = await createTestDatabase();
  directory = createTenantDirectory(t.database, [notesModule]);
  tenant = await directory.create({ slug: 'settings', name: 'Settings', hosts: ['settings.localhost'] });
});
afterAll(async () => {
  await t?.drop();
});

const auditCtx = { requestId: 'req', actor: { kind: 'system' as const, permissions: [] }, clientAddress: undefined };
const auditCount = () => withTenant(t.database, tenant, async (tx) => (await tx.select().from(auditLog)).length);

describe('tenant settings', () => {
  it('reads defaults when unset, and the stored values when they are well-formed', () => {
    expect(tenantCurrencies(null)).toEqual(['USD', 'EUR', 'GBP']);
    expect(tenantCurrencies({ settings: {} })).toEqual(['USD', 'EUR', 'GBP']);
    expect(tenantCurrencies({ settings: { currencies: [] } })).toEqual(['USD', 'EUR', 'GBP']);
    expect(tenantCurrencies({ settings: { currencies: ['EUR', 7] } })).toEqual(['USD', 'EUR', 'GBP']);
    expect(tenantCurrencies({ settings: { currencies: ['CHF', 'EUR'] } })).toEqual(['CHF', 'EUR']);
    expect(tenantLocale({ settings: {} })).toBe('en-US');
    expect(tenantLocale({ settings: { locale: 'de-CH' } })).toBe('de-CH');
  });

  it('merges a patch, writes the tenant-bound part in the same transaction, and serves the change at once', async () => {
    // Warm both cache entries: the change must not be hidden behind them.
    expect((await directory.byId(tenant.id))?.settings).toEqual({});
    expect((await directory.byHost('settings.localhost'))?.settings).toEqual({});
    await directory.updateSettings(tenant.id, { patch: () => ({ demo: true }) });
    const updated = await directory.updateSettings(tenant.id, {
      patch: (current) => ({ currencies: ['CHF'], seen: current }),
      inTenant: (tx, before, after) =>
        recordAudit(
          tx,
          { ...auditCtx, tenant },
          { action: 'settings.update', entityType: 'X', entityId: null, before, after },
        ),
    });
    expect(updated?.settings).toEqual({ demo: true, currencies: ['CHF'], seen: { demo: true } });
    expect((await directory.byId(tenant.id))?.settings).toMatchObject({ currencies: ['CHF'] });
    expect((await directory.byHost('settings.localhost'))?.settings).toMatchObject({ currencies: ['CHF'] });
    expect(await auditCount()).toBe(1);
  });

  it('writes nothing when the patch or the tenant-bound work refuses', async () => {
    const before = (await findTenantById(t.database, tenant.id))?.settings;
    const audits = await auditCount();
    await expect(
      directory.updateSettings(tenant.id, {
        patch: () => {
          throw new Error('refused');
        },
      }),
    ).rejects.toThrow('refused');
    await expect(
      directory.updateSettings(tenant.id, {
        patch: () => ({ currencies: ['JPY'] }),
        inTenant: async (tx) => {
          await recordAudit(tx, { ...auditCtx, tenant }, { action: 'x.y', entityType: 'X', entityId: null });
          throw new Error('audit failed');
        },
      }),
    ).rejects.toThrow('audit failed');
    expect((await findTenantById(t.database, tenant.id))?.settings).toEqual(before);
    expect(await auditCount()).toBe(audits);
  });

  it('loses nothing when changes race: each patch sees the value the previous one left', async () => {
    await directory.updateSettings(tenant.id, { patch: () => ({ counter: 0 }) });
    await Promise.all(
      Array.from({ length: 10 }, () =>
        directory.updateSettings(tenant.id, { patch: (current) => ({ counter: (current.counter as number) + 1 }) }),
      ),
    );
    expect((await findTenantById(t.database, tenant.id))?.settings.counter).toBe(10);
  });

  it('answers null for an unknown or malformed id', async () => {
    expect(await directory.updateSettings('ten_01ARZ3NDEKTSV4RRFFQ69G5FAV', { patch: () => ({}) })).toBeNull();
    expect(await directory.updateSettings('nope', { patch: () => ({}) })).toBeNull();
  });
});
