import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, auditPending } from '../src/audit/audit.schema.ts';
import { auditBodyAroundSeq, canonicalJson } from '../src/audit/audit-hash.ts';
import { listAuditLog, verifyAuditChain } from '../src/audit/audit-log.ts';
import { type AuditContext, recordAudit } from '../src/audit/record-audit.ts';
import { provisionTenant } from '../src/tenancy/provision.ts';
import type { Tenant } from '../src/tenancy/tenant.ts';
import { withTenant } from '../src/tenancy/with-tenant.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/database.ts';

let t: TestDatabase;
let acme: Tenant;
let globex: Tenant;

beforeAll(async () => {
  t = await createTestDatabase();
  acme = await provisionTenant(t.database, [], { slug: 'acme', name: 'Acme' });
  globex = await provisionTenant(t.database, [], { slug: 'globex', name: 'Globex' });
});
afterAll(async () => {
  await t?.drop();
});

const ada = 'usr_01J00000000000000000000ADA';
const bob = 'usr_01J00000000000000000000B0B';
const ctxFor = (tenant: Tenant, userId = ada, requestId = 'req-1'): AuditContext => ({
  requestId,
  tenant,
  actor: { kind: 'user', userId, permissions: ['catalog:write'] },
  clientAddress: '203.0.113.7',
});

async function record(tenant: Tenant, n: number, userId = ada): Promise<void> {
  await withTenant(t.database, tenant, (tx) =>
    recordAudit(tx, ctxFor(tenant, userId, `req-${n}`), {
      action: n % 2 ? 'product.update' : 'product.create',
      entityType: 'Product',
      entityId: `prd_${n}`,
      before: n % 2 ? { title: `old ${n}`, price: { amount: n * 100, currency: 'EUR' } } : undefined,
      after: { title: `new ${n}`, price: { currency: 'EUR', amount: n * 100 }, tags: ['a', n] },
    }),
  );
}

describe('audit trail', () => {
  it('chains 50 records that verify, and lists them newest first with filters and cursors', async () => {
    for (let n = 1; n <= 50; n++) await record(acme, n, n <= 10 ? bob : ada);
    const report = await withTenant(t.database, acme, (tx) => verifyAuditChain(tx));
    expect(report).toEqual({ ok: true, checked: 50, firstBrokenId: null });

    const page1 = await withTenant(t.database, acme, (tx) => listAuditLog(tx, { first: 20 }));
    expect(page1.edges.map((e) => e.node.seq)).toEqual(Array.from({ length: 20 }, (_, i) => 50 - i));
    expect(page1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const newest = page1.edges[0]?.node;
    expect(newest).toMatchObject({
      tenantId: acme.id,
      actorKind: 'user',
      actorId: ada,
      action: 'product.create',
      entityType: 'Product',
      entityId: 'prd_50',
      before: null,
      after: { title: 'new 50', price: { currency: 'EUR', amount: 5000 }, tags: ['a', 50] },
      requestId: 'req-50',
      clientAddress: '203.0.113.7',
    });
    expect(newest?.id).toMatch(/^aud_/);
    expect(newest?.prevHash).toBe(page1.edges[1]?.node.hash);

    const page3 = await withTenant(t.database, acme, (tx) =>
      listAuditLog(tx, { first: 20, after: page1.pageInfo.endCursor }).then((p2) =>
        listAuditLog(tx, { first: 20, after: p2.pageInfo.endCursor }),
      ),
    );
    expect(page3.edges.map((e) => e.node.seq)).toEqual(Array.from({ length: 10 }, (_, i) => 10 - i));
    expect(page3.pageInfo.hasNextPage).toBe(false);

    const filtered = await withTenant(t.database, acme, async (tx) => ({
      byActor: await listAuditLog(tx, { actorId: bob, first: 100 }),
      byAction: await listAuditLog(tx, { action: 'product.create', first: 100 }),
      byEntity: await listAuditLog(tx, { entityType: 'Product', entityId: 'prd_7' }),
      future: await listAuditLog(tx, { from: new Date(Date.now() + 60_000) }),
      past: await listAuditLog(tx, { to: new Date(Date.now() + 60_000), first: 5 }),
    }));
    expect(filtered.byActor.edges).toHaveLength(10);
    expect(filtered.byAction.edges).toHaveLength(25);
    expect(filtered.byEntity.edges.map((e) => e.node.seq)).toEqual([7]);
    expect(filtered.future.edges).toHaveLength(0);
    expect(filtered.past.edges).toHaveLength(5);

    await expect(
      withTenant(t.database, acme, (tx) => listAuditLog(tx, { after: 'bm90IGEgY3Vyc29y' })),
    ).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'after' } });
  });

  it('each tenant has its own chain', async () => {
    await record(globex, 1);
    const [row] = await withTenant(t.database, globex, (tx) => tx.select().from(auditLog));
    expect(row).toMatchObject({ seq: 1, tenantId: globex.id, prevHash: '0'.repeat(64) });
    expect(await withTenant(t.database, globex, (tx) => verifyAuditChain(tx))).toMatchObject({ ok: true, checked: 1 });
  });

  it('20 concurrent transactions still chain without gaps or forks, and a rollback leaves no record', async () => {
    const before = await withTenant(t.database, acme, (tx) =>
      tx.select({ n: sql<number>`count(*)::int` }).from(auditLog),
    );
    const start = before[0]?.n ?? 0;
    await Promise.all(Array.from({ length: 20 }, (_, i) => record(acme, 100 + i)));
    await expect(
      withTenant(t.database, acme, async (tx) => {
        await recordAudit(tx, ctxFor(acme), { action: 'product.delete', entityType: 'Product', entityId: 'prd_x' });
        throw new Error('the mutation failed after auditing');
      }),
    ).rejects.toThrow('the mutation failed');
    const rows = await withTenant(t.database, acme, (tx) => tx.select().from(auditLog).orderBy(auditLog.seq));
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: start + 20 }, (_, i) => i + 1));
    expect(rows.filter((r) => r.action === 'product.delete')).toHaveLength(0);
    expect(new Set(rows.map((r) => r.prevHash)).size).toBe(rows.length);
    expect(await withTenant(t.database, acme, (tx) => verifyAuditChain(tx))).toEqual({
      ok: true,
      checked: start + 20,
      firstBrokenId: null,
    });
  });

  it('chains a record while its transaction commits: until then it waits in _audit_pending', async () => {
    const seen = await withTenant(t.database, globex, async (tx) => {
      await recordAudit(tx, ctxFor(globex), { action: 'order.create', entityType: 'Order', entityId: 'ord_1' });
      return {
        pending: (await tx.select().from(auditPending)).map((r) => r.action),
        chained: (await tx.select().from(auditLog).where(eq(auditLog.action, 'order.create'))).length,
      };
    });
    expect(seen).toEqual({ pending: ['order.create'], chained: 0 });
    const after = await withTenant(t.database, globex, async (tx) => ({
      pending: (await tx.select().from(auditPending)).length,
      chained: (await tx.select().from(auditLog).where(eq(auditLog.action, 'order.create'))).length,
    }));
    expect(after).toEqual({ pending: 0, chained: 1 });
    expect(await withTenant(t.database, globex, (tx) => verifyAuditChain(tx))).toMatchObject({ ok: true });
  });

  it('the body around seq is the canonical JSON the hash covers, whatever the values hold', () => {
    const record = {
      id: 'aud_01J00000000000000000000000',
      tenantId: null,
      actorKind: 'user',
      actorId: ada,
      action: 'product.update',
      entityType: 'Product',
      entityId: 'prd_"seq":1',
      before: { seq: 0, nested: { seq: [1, '"seq":2'] } },
      after: { title: 'Grüße 😀 \\ "quoted"', seq: null },
      requestId: 'req-1',
      clientAddress: null,
      createdAt: new Date('2026-11-27T10:00:00.123Z'),
    };
    for (const seq of [1, 42, 9_007_199_254_740]) {
      const { beforeSeq, afterSeq } = auditBodyAroundSeq(record);
      expect(`${beforeSeq}${seq}${afterSeq}`).toBe(
        canonicalJson({ ...record, seq, createdAt: record.createdAt.toISOString() }),
      );
    }
  });

  it('records chained at once (a tenant older than 0006, or old code during a deploy) and at commit form one chain', async () => {
    // A binding that says its schema predates 0006 takes the old path, on a migrated schema here: the
    // records land straight in _audit, under the same lock the trigger takes.
    const before0006 = { ...acme, schemaVersion: { ...acme.schemaVersion, kit: '0004_audit_append_only' } };
    const chainedNow = (n: number) =>
      withTenant(t.database, before0006, async (tx) => {
        await recordAudit(tx, ctxFor(acme, ada, `now-${n}`), { action: 'x.now', entityType: 'X', entityId: null });
        expect(await tx.select().from(auditPending)).toEqual([]);
      });
    const start = (await withTenant(t.database, acme, (tx) => tx.select().from(auditLog))).length;
    await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? chainedNow(i) : record(acme, 300 + i))));
    const rows = await withTenant(t.database, acme, (tx) => tx.select().from(auditLog).orderBy(auditLog.seq));
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: start + 30 }, (_, i) => i + 1));
    expect(rows.filter((r) => r.action === 'x.now')).toHaveLength(15);
    expect(await withTenant(t.database, acme, (tx) => verifyAuditChain(tx))).toMatchObject({ ok: true });
  });

  it('a tenant whose schema has not reached 0006 keeps recording (no _audit_pending there)', async () => {
    const old = await provisionTenant(t.database, [], { slug: 'initech', name: 'Initech' });
    const schema = t.database.sql(old.schemaName);
    await t.database.sql`drop table ${schema}._audit_pending`;
    await t.database.sql`drop function ${schema}._audit_chain()`;
    const asOld = { ...old, schemaVersion: { ...old.schemaVersion, kit: '0004_audit_append_only' } };
    for (const n of [1, 2, 3]) {
      await withTenant(t.database, asOld, (tx) =>
        recordAudit(tx, ctxFor(old, ada, `req-${n}`), { action: 'x.old', entityType: 'X', entityId: null }),
      );
    }
    expect(await withTenant(t.database, asOld, (tx) => verifyAuditChain(tx))).toEqual({
      ok: true,
      checked: 3,
      firstBrokenId: null,
    });
  });

  it('the chain at commit cannot be redirected to tables on the search path', async () => {
    // The trigger names _audit through its own schema: a temporary table of that name is not used.
    await withTenant(t.database, globex, async (tx) => {
      await tx.execute(
        sql`create temporary table _audit (like ${sql.identifier(globex.schemaName)}._audit) on commit drop`,
      );
      await recordAudit(tx, ctxFor(globex), { action: 'x.shadowed', entityType: 'X', entityId: null });
    });
    const rows = await withTenant(t.database, globex, (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.action, 'x.shadowed')),
    );
    expect(rows).toHaveLength(1);
    expect(await withTenant(t.database, globex, (tx) => verifyAuditChain(tx))).toMatchObject({ ok: true });
  });

  it('stores secrets redacted and values as JSON, and still verifies after jsonb reorders keys', async () => {
    await withTenant(t.database, globex, (tx) =>
      recordAudit(tx, ctxFor(globex), {
        action: 'user.update',
        entityType: 'User',
        entityId: ada,
        before: { name: 'Ada', passwordHash: '$argon2id$...', mfa: { totpSecret: 'v1.k1.x', enabled: true } },
        after: {
          zeta: 1,
          alpha: 2,
          name: 'Ada L.',
          at: new Date('2030-01-01T00:00:00Z'),
          big: 2n ** 70n,
          nul: 'a\u0000b',
        },
      }),
    );
    const [row] = await withTenant(t.database, globex, (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.action, 'user.update')),
    );
    expect(row?.before).toEqual({
      name: 'Ada',
      passwordHash: '[redacted]',
      mfa: { totpSecret: '[redacted]', enabled: true },
    });
    expect(row?.after).toEqual({
      zeta: 1,
      alpha: 2,
      name: 'Ada L.',
      at: '2030-01-01T00:00:00.000Z',
      big: '1180591620717411303424',
      nul: 'a\uFFFDb',
    });
    const [{ type } = { type: '' }] = await t.database.sql<{ type: string }[]>`
      select jsonb_typeof(after) as type from ${t.database.sql(globex.schemaName)}._audit where action = 'user.update'`;
    expect(type).toBe('object');
    expect(await withTenant(t.database, globex, (tx) => verifyAuditChain(tx))).toMatchObject({ ok: true });
  });

  it('refuses a bad action or entity type (a programming error, nothing written)', async () => {
    await expect(
      withTenant(t.database, globex, (tx) =>
        recordAudit(tx, ctxFor(globex), { action: '', entityType: 'User', entityId: null }),
      ),
    ).rejects.toThrow('invalid audit action');
    await expect(
      withTenant(t.database, globex, (tx) =>
        recordAudit(tx, ctxFor(globex), { action: 'x', entityType: 'drop table', entityId: null }),
      ),
    ).rejects.toThrow('invalid audit entity type');
  });

  it('the tenant role cannot update, delete or truncate audit rows', async () => {
    for (const statement of [
      (tx: Parameters<Parameters<typeof withTenant>[2]>[0]) => tx.update(auditLog).set({ action: 'forged' }),
      (tx: Parameters<Parameters<typeof withTenant>[2]>[0]) => tx.delete(auditLog),
      (tx: Parameters<Parameters<typeof withTenant>[2]>[0]) => tx.execute(sql`truncate _audit`),
    ]) {
      await expect(withTenant(t.database, acme, (tx) => statement(tx))).rejects.toMatchObject({
        cause: { message: expect.stringMatching(/permission denied/) },
      });
    }
    expect(await withTenant(t.database, acme, (tx) => verifyAuditChain(tx))).toMatchObject({ ok: true });
  });

  it('detects tampering done around the tenant role, at the first broken record', async () => {
    const sqlc = t.database.sql;
    const schema = sqlc(acme.schemaName);
    const verify = () => withTenant(t.database, acme, (tx) => verifyAuditChain(tx));
    const idOf = async (seq: number) =>
      (await withTenant(t.database, acme, (tx) => tx.select().from(auditLog).where(eq(auditLog.seq, seq))))[0]?.id;
    const [original] = await sqlc<{ after: string; hash: string }[]>`
      select after::text as after, hash from ${schema}._audit where seq = 10`;

    // Even the schema owner (the app's login role) is refused by the append-only triggers ...
    await expect(sqlc`update ${schema}._audit set after = '{"title":"forged"}'::jsonb where seq = 10`).rejects.toThrow(
      /append-only/,
    );
    await expect(sqlc`delete from ${schema}._audit where seq = 10`).rejects.toThrow(/append-only/);
    await expect(sqlc`truncate ${schema}._audit`).rejects.toThrow(/append-only/);
    // ... so only an administrator who disables them can rewrite the trail, and the chain shows where.
    await sqlc`alter table ${schema}._audit disable trigger user`;
    await sqlc`update ${schema}._audit set after = '{"title":"forged"}'::jsonb where seq = 10`;
    expect(await verify()).toEqual({ ok: false, checked: 10, firstBrokenId: await idOf(10) });

    // Recomputing that record's hash does not help: its successor still points at the old one.
    await sqlc`update ${schema}._audit set hash = repeat('a', 64) where seq = 10`;
    expect((await verify()).firstBrokenId).toBe(await idOf(10));

    await sqlc`update ${schema}._audit set after = ${original?.after ?? ''}::jsonb, hash = ${original?.hash ?? ''} where seq = 10`;
    expect((await verify()).ok).toBe(true);

    // A deleted record breaks the one after it.
    await sqlc`delete from ${schema}._audit where seq = 30`;
    expect(await verify()).toEqual({ ok: false, checked: 30, firstBrokenId: await idOf(31) });
  });
});
