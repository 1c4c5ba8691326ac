import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateAllTenants } from '../src/migrations/fan-out.ts';
import type { MigrationSet } from '../src/migrations/load.ts';
import type { TenantModule } from '../src/tenancy/module.ts';
import { provisionTenant } from '../src/tenancy/provision.ts';
import type { Tenant } from '../src/tenancy/tenant.ts';
import { findTenantBySlug } from '../src/tenancy/tenants.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/database.ts';
import { notesModule } from './fixtures/notes.module.ts';

let t: TestDatabase;
const tenants: Tenant[] = [];

// Version 2 of the notes module: one more migration on top of the generated one.
const addColumn = 'ALTER TABLE "notes" ADD COLUMN "color" text';
const notesV2: TenantModule = {
  ...notesModule,
  migrations: {
    module: 'notes',
    migrations: [
      ...notesModule.migrations.migrations,
      {
        idx: 1,
        tag: '0001_color',
        hash: createHash('sha256').update(addColumn).digest('hex'),
        statements: [addColumn],
      },
    ],
  } satisfies MigrationSet,
};

beforeAll(async () => {
  t = await createTestDatabase();
  for (let i = 0; i < 6; i++)
    tenants.push(await provisionTenant(t.database, [notesModule], { slug: `fan-${i}`, name: `Fan ${i}` }));
});
afterAll(async () => {
  await t?.drop();
});

describe('migrateAllTenants', () => {
  it('migrates every tenant, reports a failing one without stopping the others, and resumes', async () => {
    const broken = tenants[2]!;
    // Make the new migration fail on one tenant only.
    await t.database.db.execute(sql.raw(`alter table "${broken.schemaName}".notes add column color text`));

    const lines: string[] = [];
    const first = await migrateAllTenants(t.database, [notesV2], {
      concurrency: 3,
      onProgress: ({ done, total, slug, ok }) => lines.push(`${done}/${total} ${slug} ${ok ? 'ok' : 'failed'}`),
    });
    expect(first.total).toBe(6);
    expect(first.failed.map((f) => f.slug)).toEqual(['fan-2']);
    expect(first.failed[0]?.error).toMatch(/already exists/);
    expect(first.migrated).toHaveLength(5);
    expect(lines).toHaveLength(6);
    expect(lines.at(-1)).toMatch(/^6\/6 /);
    expect((await findTenantBySlug(t.database, 'fan-0'))?.schemaVersion.notes).toBe('0001_color');
    expect((await findTenantBySlug(t.database, 'fan-2'))?.schemaVersion.notes).toBe('0000_notes');

    // Fix the tenant and run again: only what is pending is applied.
    await t.database.db.execute(sql.raw(`alter table "${broken.schemaName}".notes drop column color`));
    const second = await migrateAllTenants(t.database, [notesV2], { concurrency: 3 });
    expect(second.failed).toEqual([]);
    const applied = Object.fromEntries(second.migrated.map((m) => [m.slug, m.applied]));
    expect(applied['fan-2']).toEqual(['notes/0001_color']);
    expect(applied['fan-0']).toBeUndefined();
    expect(second.upToDate).toBe(5);
  });

  it('refuses a migration that was edited after it was applied', async () => {
    const edited: TenantModule = {
      ...notesModule,
      migrations: {
        module: 'notes',
        migrations: notesModule.migrations.migrations.map((m) => ({ ...m, hash: 'edited' })),
      },
    };
    const report = await migrateAllTenants(t.database, [edited], { concurrency: 2 });
    expect(report.failed).toHaveLength(6);
    expect(report.failed[0]?.error).toMatch(/changed after it was applied/);
  });

  it('serialises two concurrent runs on the same tenant (advisory lock) without double-applying', async () => {
    const [a, b] = await Promise.all([
      migrateAllTenants(t.database, [notesV2], { concurrency: 2 }),
      migrateAllTenants(t.database, [notesV2], { concurrency: 2 }),
    ]);
    expect([...a.failed, ...b.failed]).toEqual([]);
  });
});
