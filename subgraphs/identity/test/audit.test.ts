import { auditLog, withTenant } from '@meridian/kit';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdentityHarness, startIdentity } from './identity-harness.ts';

let h: IdentityHarness;
let userId: string;
beforeAll(async () => {
  h = await startIdentity();
  userId = await h.createUser({ email: 'audited@acme.test', roles: ['sales'] });
});
afterAll(async () => {
  await h?.close();
});

type Entry = {
  action: string;
  entityType: string;
  entityId: string;
  actorId: string | null;
  before: unknown;
  after: unknown;
  requestId: string;
};
const query = (args: string) =>
  h.t
    .asTenantAdmin()
    .request<{ auditLog: { edges: { node: Entry }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(
      `{ auditLog(${args}) { edges { node { action entityType entityId actorId before after requestId sequence hash previousHash } } pageInfo { hasNextPage endCursor } } }`,
    );

describe('the audit trail of identity mutations', () => {
  it('records who did what to which entity, with before and after and no secrets', async () => {
    await h.t
      .asTenantAdmin()
      .request('mutation($id: ID!) { updateUser(input: { id: $id, name: "Renamed" }) { userErrors { code } } }', {
        id: userId,
      });
    const result = await query(`entityId: "${userId}", first: 10`);
    const actions = result.data!.auditLog.edges.map((e) => e.node.action);
    expect(actions).toEqual(expect.arrayContaining(['user.invite', 'user.accept_invitation', 'user.update']));
    const update = result.data!.auditLog.edges.find((e) => e.node.action === 'user.update')!.node;
    expect(update).toMatchObject({ entityType: 'User', before: { name: 'Test User' }, after: { name: 'Renamed' } });
    expect(JSON.stringify(result.data)).not.toMatch(/argon2|passwordHash|v1\.k1\./);
  });

  it('filters by action and pages newest first', async () => {
    const first = await query('action: "session.create", first: 1');
    expect(first.data!.auditLog.edges).toHaveLength(1);
    expect(first.data!.auditLog.edges[0]?.node.action).toBe('session.create');
    const none = await query('action: "no.such_action"');
    expect(none.data!.auditLog.edges).toEqual([]);
  });

  it('verifies the chain, and names the first record edited behind the API', async () => {
    const ok = await h.t
      .asTenantAdmin()
      .request<{ verifyAuditChain: { ok: boolean; checked: number; firstBrokenId: string | null } }>(
        '{ verifyAuditChain { ok checked firstBrokenId } }',
      );
    expect(ok.data?.verifyAuditChain).toMatchObject({ ok: true, firstBrokenId: null });
    expect(ok.data!.verifyAuditChain.checked).toBeGreaterThan(3);

    // The application's tenant role may not rewrite history.
    const refusal = (work: Promise<unknown>) =>
      work.then(
        () => 'allowed',
        (error: Error) => String(error.cause ?? error),
      );
    expect(
      await refusal(
        withTenant(h.t.platform.database, h.tenant, (tx) => tx.update(auditLog).set({ action: 'user.nothing' })),
      ),
    ).toMatch(/permission denied/);
    expect(
      await refusal(
        withTenant(h.t.platform.database, h.tenant, (tx) => tx.delete(auditLog).where(eq(auditLog.seq, 1))),
      ),
    ).toMatch(/permission denied/);

    // Even the schema owner is refused by the append-only triggers; an administrator who disables them
    // can edit a record, and the chain says where.
    await expect(
      h.t.platform.database.db.execute(
        sql`update ${sql.identifier(h.tenant.schemaName)}._audit set action = 'x' where seq = 2`,
      ),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/append-only/) } });
    await h.t.platform.database.db.execute(
      sql`alter table ${sql.identifier(h.tenant.schemaName)}._audit disable trigger user`,
    );
    const [second] = await h.t.platform.database.db.execute<{ id: string }>(
      sql`update ${sql.identifier(h.tenant.schemaName)}._audit set action = 'user.nothing' where seq = 2 returning id`,
    );
    const broken = await h.t
      .asTenantAdmin()
      .request<{ verifyAuditChain: { ok: boolean; firstBrokenId: string | null } }>(
        '{ verifyAuditChain { ok firstBrokenId } }',
      );
    expect(broken.data?.verifyAuditChain.ok).toBe(false);
    expect(broken.data?.verifyAuditChain.firstBrokenId).toMatch(/^aud_/);
    expect(second).toBeTruthy();
  });

  it('is readable only with audit:read', async () => {
    const denied = await h.t.as({ permissions: ['users:read'] }).request('{ auditLog { edges { node { action } } } }');
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
