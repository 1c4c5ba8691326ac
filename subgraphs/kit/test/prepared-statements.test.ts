import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type Database } from '../src/db/connect.ts';
import { isPreparable } from '../src/db/prepared-client.ts';
import { newId } from '../src/ids.ts';
import { provisionTenant } from '../src/tenancy/provision.ts';
import type { Tenant } from '../src/tenancy/tenant.ts';
import { withTenant } from '../src/tenancy/with-tenant.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/database.ts';
import { notesModule } from './fixtures/notes.module.ts';
import { notes } from './fixtures/notes.schema.ts';

let t: TestDatabase;
/** One connection, so every statement below shares it and its prepared statements. */
let single: Database;
let acme: Tenant;
let globex: Tenant;

beforeAll(async () => {
  t = await createTestDatabase();
  acme = await provisionTenant(t.database, [notesModule], { slug: 'acme', name: 'Acme' });
  globex = await provisionTenant(t.database, [notesModule], { slug: 'globex', name: 'Globex' });
  await withTenant(t.database, acme, (tx) => tx.insert(notes).values({ id: newId('note'), body: 'acme' }));
  await withTenant(t.database, globex, (tx) => tx.insert(notes).values({ id: newId('note'), body: 'globex' }));
  single = connectDatabase(t.database.url, { max: 1 });
});
afterAll(async () => {
  await single?.close();
  await t?.drop();
});

const bodiesOf = (tenant: Tenant) =>
  withTenant(single, tenant, async (tx) =>
    (
      await tx
        .select({ body: notes.body })
        .from(notes)
        .where(eq(notes.body, sql`${tenant.slug}`))
    ).map((r) => r.body),
  );

describe('prepared statements', () => {
  it('prepares a parameterised statement once per connection and runs it for each tenant against its own schema', async () => {
    const seen: string[][] = [];
    for (const tenant of [acme, globex, acme, globex]) seen.push(await bodiesOf(tenant));
    expect(seen).toEqual([['acme'], ['globex'], ['acme'], ['globex']]);
    const prepared = await single.sql<{ statement: string }[]>`
      select statement from pg_prepared_statements where statement like '%from "notes"%' and statement not like '%pg_prepared_statements%'`;
    expect(prepared).toHaveLength(1);
  });

  it("a statement prepared for one tenant, run under another tenant's role, is refused", async () => {
    expect(await bodiesOf(acme)).toEqual(['acme']);
    // The same text on the same connection, pointed at acme's schema but under globex's role: globex has no
    // usage on acme's schema, so PostgreSQL skips it when it re-analyses the statement.
    await expect(
      single.db.transaction(async (tx) => {
        await tx.execute(
          sql`select set_config('search_path', ${acme.schemaName}, true), set_config('role', ${globex.roleName}, true)`,
        );
        return tx
          .select({ body: notes.body })
          .from(notes)
          .where(eq(notes.body, sql`${'acme'}`));
      }),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/relation "notes" does not exist/) } });
    const prepared = await single.sql<{ statement: string }[]>`
      select statement from pg_prepared_statements
      where statement like '%from "notes"%' and statement not like '%pg_prepared_statements%'`;
    expect(prepared).toHaveLength(1);
    expect(await bodiesOf(globex)).toEqual(['globex']);
  });

  it('leaves statements naming a tenant schema, bulk writes and unparameterised text unprepared', () => {
    expect(isPreparable('select 1 from notes where id = $1', 1)).toBe(true);
    expect(isPreparable('delete from "t_01m8fmxs8ff4z7nzve17jgtkwt"._outbox where id = $1', 1)).toBe(false);
    expect(isPreparable('insert into notes values ($1), ($2)', 201)).toBe(false);
    expect(isPreparable('select 1', 0)).toBe(false);
  });
});
