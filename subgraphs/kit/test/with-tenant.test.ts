import { sql } from 'drizzle-orm';
import type postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type Database } from '../src/db/connect.ts';
import { provisionTenant } from '../src/tenancy/provision.ts';
import type { Tenant } from '../src/tenancy/tenant.ts';
import { type TenantTx, withTenant } from '../src/tenancy/with-tenant.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/database.ts';

let t: TestDatabase;
let pool: Database;
let acme: Tenant;
let globex: Tenant;

beforeAll(async () => {
  t = await createTestDatabase();
  acme = await provisionTenant(t.database, [], { slug: 'acme', name: 'Acme' });
  globex = await provisionTenant(t.database, [], { slug: 'globex', name: 'Globex' });
  pool = connectDatabase(t.database.url, { max: 2 });
});
afterAll(async () => {
  await pool?.close();
  await t?.drop();
});

const rawClient = (tx: TenantTx) => (tx as unknown as { session: { client: postgres.TransactionSql } }).session.client;
const whereAmI = 'select current_schema() as schema, current_user as role';

describe('withTenant', () => {
  it("binds before the work's first statement, however early the work sends it", async () => {
    const viaDriver = await withTenant(pool, acme, (tx) => tx.execute(sql.raw(whereAmI)));
    const viaRawClient = await withTenant(pool, acme, async (tx) => rawClient(tx).unsafe(whereAmI));
    const sentUnawaited = await withTenant(pool, acme, async (tx) => {
      const first = rawClient(tx).unsafe(whereAmI).execute();
      return first;
    });
    for (const rows of [viaDriver, viaRawClient, sentUnawaited]) {
      expect([...rows]).toEqual([{ schema: acme.schemaName, role: acme.roleName }]);
    }
  });

  it('keeps 400 interleaved transactions of two tenants on two connections apart', async () => {
    const seen = await Promise.all(
      Array.from({ length: 400 }, (_, i) => {
        const tenant = i % 3 ? acme : globex;
        return withTenant(pool, tenant, async (tx) => {
          const [row] = await rawClient(tx).unsafe<{ schema: string; role: string }[]>(whereAmI);
          return row?.schema === tenant.schemaName && row.role === tenant.roleName;
        });
      }),
    );
    expect(seen.every(Boolean)).toBe(true);
  });

  it("reports a binding that fails as the binding's error, not as the aborted work after it", async () => {
    const missing = { ...acme, roleName: 'tr_missing_role_for_test' };
    await expect(withTenant(pool, missing, (tx) => tx.execute(sql.raw(whereAmI)))).rejects.toThrow(
      /role "tr_missing_role_for_test" does not exist/,
    );
    // The connection is usable again.
    expect([...(await withTenant(pool, globex, (tx) => tx.execute(sql.raw(whereAmI))))]).toEqual([
      { schema: globex.schemaName, role: globex.roleName },
    ]);
  });
});
