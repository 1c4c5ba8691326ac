import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kitTenantModule } from '../src/tenancy/control-plane.ts';
import { createTenantDirectory } from '../src/tenancy/directory.ts';
import { provisionTenant } from '../src/tenancy/provision.ts';
import { findTenantByHost, findTenantBySlug, setTenantStatus } from '../src/tenancy/tenants.ts';
import { withTenant } from '../src/tenancy/with-tenant.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/database.ts';
import { notesModule } from './fixtures/notes.module.ts';
import { notes } from './fixtures/notes.schema.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

describe('provisionTenant', () => {
  it('creates schema, role, migrations and defaults, and is idempotent', async () => {
    const tenant = await provisionTenant(t.database, [notesModule], {
      slug: 'acme',
      name: 'Acme',
      hosts: ['Acme.localhost:3000'],
    });
    expect(tenant.status).toBe('active');
    expect(tenant.schemaVersion).toEqual({
      kit: kitTenantModule.migrations.migrations.at(-1)?.tag,
      notes: '0000_notes',
    });
    expect(tenant.hosts).toEqual(['acme.localhost']);
    const again = await provisionTenant(t.database, [notesModule], { slug: 'acme', name: 'Acme' });
    expect(again.id).toBe(tenant.id);
    const rows = await withTenant(t.database, tenant, (tx) => tx.select().from(notes));
    expect(rows.map((r) => r.body)).toEqual(['welcome']);
    expect((await findTenantByHost(t.database, 'ACME.localhost'))?.id).toBe(tenant.id);
  });

  it('resumes after a crash mid-way and ends active and complete', async () => {
    await expect(
      provisionTenant(
        t.database,
        [notesModule],
        { slug: 'crashy', name: 'Crashy' },
        {
          beforeStep: (step) => {
            if (step === 'defaults') throw new Error('simulated crash');
          },
        },
      ),
    ).rejects.toThrow('simulated crash');
    const half = await findTenantBySlug(t.database, 'crashy');
    expect(half?.status).toBe('provisioning');
    expect(half?.lastError).toBe('simulated crash');
    const done = await provisionTenant(t.database, [notesModule], { slug: 'crashy', name: 'Crashy' });
    expect(done.status).toBe('active');
    expect(done.lastError).toBeNull();
    const rows = await withTenant(t.database, done, (tx) => tx.select().from(notes));
    expect(rows).toHaveLength(1);
  });

  it('refuses a host that belongs to another tenant and leaves no half-made tenant', async () => {
    await expect(
      provisionTenant(t.database, [notesModule], { slug: 'thief', name: 'Thief', hosts: ['acme.localhost'] }),
    ).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });
    expect(await findTenantBySlug(t.database, 'thief')).toBeNull();
  });

  it('refuses a bad slug and writes nothing', async () => {
    await expect(provisionTenant(t.database, [], { slug: 'Bad Slug!', name: 'x' })).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(await findTenantBySlug(t.database, 'bad slug!')).toBeNull();
  });
});

describe('withTenant isolation', () => {
  it("a tenant role cannot read another tenant's schema", async () => {
    const a = await provisionTenant(t.database, [notesModule], { slug: 'iso-a', name: 'A' });
    const b = await provisionTenant(t.database, [notesModule], { slug: 'iso-b', name: 'B' });
    await expect(
      withTenant(t.database, b, (tx) => tx.execute(sql.raw(`select * from "${a.schemaName}".notes`))),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/permission denied/) } });
  });

  it('a query without tenant binding fails instead of reading shared tables', async () => {
    await expect(t.database.db.select().from(notes)).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/does not exist/) },
    });
  });

  it('binding does not leak to the next use of a pooled connection', async () => {
    const a = await findTenantBySlug(t.database, 'acme');
    await withTenant(t.database, a!, (tx) => tx.select().from(notes));
    const [row] = await t.database.sql`select current_setting('search_path') as path, current_user as role`;
    expect(row?.path).toBe('meridian_unbound');
    expect(row?.role).not.toBe(a!.roleName);
  });

  it('a suspended tenant keeps its data but is marked suspended', async () => {
    const a = await findTenantBySlug(t.database, 'acme');
    expect((await setTenantStatus(t.database, a!.id, 'suspended'))?.status).toBe('suspended');
    expect((await setTenantStatus(t.database, a!.id, 'active'))?.status).toBe('active');
  });
});

describe('tenant directory', () => {
  /** The control-plane statements `work` sends. */
  async function lookupsDuring(work: () => Promise<unknown>): Promise<number> {
    let count = 0;
    const options = t.database.sql.options as { debug?: unknown };
    options.debug = (_connection: number, text: string) => {
      if (text.includes('"tenants"')) count++;
    };
    try {
      await work();
    } finally {
      options.debug = false;
    }
    return count;
  }

  it('requests arriving during a lookup share it: one query for twenty callers', async () => {
    const directory = createTenantDirectory(t.database, []);
    const acme = await findTenantBySlug(t.database, 'acme');
    let answers: (string | undefined)[] = [];
    const queries = await lookupsDuring(async () => {
      answers = (await Promise.all(Array.from({ length: 20 }, () => directory.byId(acme!.id)))).map((x) => x?.slug);
    });
    expect(answers).toEqual(Array(20).fill('acme'));
    // the tenant row, and its hosts
    expect(queries).toBeLessThanOrEqual(2);
    expect(await lookupsDuring(() => directory.byId(acme!.id))).toBe(0);
  });

  it('a lookup that started before a change made here does not put the old tenant back in the cache', async () => {
    const directory = createTenantDirectory(t.database, []);
    const acme = await findTenantBySlug(t.database, 'acme');
    const before = directory.byId(acme!.id);
    await directory.setStatus(acme!.id, 'suspended');
    await before;
    expect((await directory.byId(acme!.id))?.status).toBe('suspended');
    await directory.setStatus(acme!.id, 'active');
    expect((await directory.byId(acme!.id))?.status).toBe('active');
  });
});
