import type { Tenant } from '@meridian/kit';
import type { TestClient } from '@meridian/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdentityHarness, startIdentity } from './identity-harness.ts';

let h: IdentityHarness;
let other: Tenant;
beforeAll(async () => {
  h = await startIdentity();
  other = await h.t.createTenant('other-shop');
});
afterAll(async () => {
  await h?.close();
});

let customers = 0;
/** A fresh signed-in customer (each test gets its own address book). */
async function customer(tenant: Tenant = h.tenant): Promise<TestClient> {
  const email = `customer${++customers}@shop.test`;
  await h.createUser({ email, roles: [], kind: 'customer', tenant });
  return h.withToken((await h.signIn(email, { tenant })).tokens!.accessToken);
}

interface Address {
  id: string;
  name: string;
  city: string;
  country: string;
  region: string | null;
  postalCode: string | null;
  isDefault: boolean;
}
type UserErrors = { field: string[] | null; code: string }[];

const fields = 'id name city country region postalCode isDefault';
const errors = 'userErrors { field code message }';
const dublin = { name: 'Ada', line1: '1 Main St', city: 'Dublin', country: 'IE' };

async function add(client: TestClient, input: Record<string, unknown> = dublin) {
  const result = await client.request<{ addMyAddress: { address: Address | null; userErrors: UserErrors } }>(
    `mutation($input: CustomerAddressInput!) { addMyAddress(input: $input) { address { ${fields} } ${errors} } }`,
    { input },
  );
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data.addMyAddress;
}

const list = async (client: TestClient) =>
  (await client.request<{ myAddresses: Address[] }>(`{ myAddresses { ${fields} } }`)).data!.myAddresses;

const updateAddress = async (client: TestClient, id: string, input: Record<string, unknown>) =>
  (
    await client.request<{ updateMyAddress: { address: Address | null; userErrors: UserErrors } }>(
      `mutation($id: ID!, $input: CustomerAddressInput!) { updateMyAddress(id: $id, input: $input) { address { ${fields} } ${errors} } }`,
      { id, input },
    )
  ).data!.updateMyAddress;

const remove = async (client: TestClient, id: string) =>
  (
    await client.request<{ deleteMyAddress: { deletedId: string | null; userErrors: UserErrors } }>(
      `mutation($id: ID!) { deleteMyAddress(id: $id) { deletedId ${errors} } }`,
      { id },
    )
  ).data!.deleteMyAddress;

const setDefault = async (client: TestClient, id: string) =>
  (
    await client.request<{ setDefaultAddress: { address: Address | null; userErrors: UserErrors } }>(
      `mutation($id: ID!) { setDefaultAddress(id: $id) { address { ${fields} } ${errors} } }`,
      { id },
    )
  ).data!.setDefaultAddress;

const defaults = (addresses: Address[]) => addresses.filter((a) => a.isDefault).map((a) => a.id);

describe('customer address book', () => {
  it('adds, lists (default first, then newest), updates and deletes, with one default throughout', async () => {
    const me = await customer();
    const first = (await add(me)).address!;
    expect(first).toMatchObject({ id: expect.stringMatching(/^adr_/), isDefault: true });
    const second = (await add(me, { ...dublin, name: 'Second', isDefault: false })).address!;
    expect(second.isDefault).toBe(false);
    const third = (
      await add(me, {
        name: 'Third',
        line1: '5 Elm St',
        city: 'Austin',
        country: 'us',
        region: 'us-tx',
        postalCode: '73301',
        isDefault: true,
      })
    ).address!;
    expect(third).toMatchObject({ country: 'US', region: 'TX', isDefault: true });
    expect((await list(me)).map((a) => a.id)).toEqual([third.id, second.id, first.id]);
    expect(defaults(await list(me))).toEqual([third.id]);

    const moved = await updateAddress(me, second.id, { ...dublin, city: 'Cork', isDefault: true });
    expect(moved).toMatchObject({ userErrors: [], address: { city: 'Cork', isDefault: true } });
    expect(defaults(await list(me))).toEqual([second.id]);
    // Unticking the default does not leave the customer without one.
    const kept = await updateAddress(me, second.id, { ...dublin, city: 'Galway', isDefault: false });
    expect(kept.address).toMatchObject({ city: 'Galway', isDefault: true });

    expect(await remove(me, first.id)).toEqual({ deletedId: first.id, userErrors: [] });
    expect(defaults(await list(me))).toEqual([second.id]);
    // Deleting the default promotes the newest remaining address.
    await remove(me, second.id);
    expect(await list(me)).toMatchObject([{ id: third.id, isDefault: true }]);
    await remove(me, third.id);
    expect(await list(me)).toEqual([]);
    expect((await add(me)).address?.isDefault).toBe(true);
  });

  it('refuses bad addresses with userErrors naming the fields, and saves nothing', async () => {
    const me = await customer();
    const bad = await add(me, { name: ' ', line1: '1', city: 'Austin', country: 'US', postalCode: '7330' });
    expect(bad.address).toBeNull();
    expect(bad.userErrors.map((e) => [e.field?.join('.'), e.code])).toEqual([
      ['input.name', 'REQUIRED'],
      ['input.region', 'REQUIRED'],
      ['input.postalCode', 'INVALID_POSTAL_CODE'],
    ]);
    expect((await add(me, { ...dublin, country: 'EU' })).userErrors).toMatchObject([
      { field: ['input', 'country'], code: 'INVALID_COUNTRY' },
    ]);
    expect(await list(me)).toEqual([]);
    const good = (await add(me)).address!;
    const refused = await updateAddress(me, good.id, { ...dublin, line1: 'x'.repeat(201) });
    expect(refused.userErrors).toMatchObject([{ field: ['input', 'line1'], code: 'TOO_LONG' }]);
    expect((await list(me))[0]).toEqual(good);
  });

  it('keeps at most 50 addresses, even when many are added at once', async () => {
    const me = await customer();
    const results = await Promise.all(Array.from({ length: 55 }, (_, i) => add(me, { ...dublin, name: `A${i}` })));
    expect(results.filter((r) => r.address)).toHaveLength(50);
    const refused = results.filter((r) => !r.address);
    expect(refused).toHaveLength(5);
    expect(refused[0]?.userErrors).toMatchObject([{ field: null, code: 'LIMIT_REACHED' }]);
    const saved = await list(me);
    expect(saved).toHaveLength(50);
    expect(defaults(saved)).toHaveLength(1);
  });

  it('ends with exactly one default when setDefaultAddress races', async () => {
    const me = await customer();
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push((await add(me, { ...dublin, name: `A${i}` })).address!.id);
    const results = await Promise.all(ids.map((id) => setDefault(me, id)));
    expect(results.every((r) => r.userErrors.length === 0)).toBe(true);
    const saved = await list(me);
    expect(defaults(saved)).toHaveLength(1);
    expect(saved[0]?.isDefault).toBe(true);
  });

  it("answers NOT_FOUND for another customer's address, in this tenant or another, and changes nothing", async () => {
    const alice = await customer();
    const bob = await customer();
    const elsewhere = await customer(other);
    const address = (await add(alice)).address!;
    await add(elsewhere);
    const attempts = (id: string) =>
      [
        [
          `mutation($id: ID!, $input: CustomerAddressInput!) { updateMyAddress(id: $id, input: $input) { ${errors} } }`,
          { id, input: { ...dublin, city: 'Mine' } },
        ],
        [`mutation($id: ID!) { deleteMyAddress(id: $id) { ${errors} } }`, { id }],
        [`mutation($id: ID!) { setDefaultAddress(id: $id) { ${errors} } }`, { id }],
      ] as const;
    for (const intruder of [bob, elsewhere]) {
      expect(await list(intruder)).not.toContainEqual(address);
      for (const [query, variables] of attempts(address.id)) {
        const result = await intruder.request(query, variables);
        expect(result.errors?.[0]?.extensions?.code, query).toBe('NOT_FOUND');
      }
    }
    // An id of another kind is not looked up.
    for (const [query, variables] of attempts('usr_01J0000000000000000000000')) {
      expect((await alice.request(query, variables)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    expect(await list(alice)).toEqual([address]);
  });

  it('asks anonymous callers to sign in', async () => {
    const anonymous = h.t.asAnonymous();
    expect((await anonymous.request(`{ myAddresses { id } }`)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const added = await anonymous.request(
      `mutation($input: CustomerAddressInput!) { addMyAddress(input: $input) { ${errors} } }`,
      { input: dublin },
    );
    expect(added.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('records every change in the audit trail', async () => {
    const me = await customer();
    const a = (await add(me)).address!;
    const b = (await add(me)).address!;
    await setDefault(me, b.id);
    await updateAddress(me, a.id, dublin);
    await remove(me, b.id);
    const audit = await h.t
      .asTenantAdmin()
      .request<{ auditLog: { edges: { node: { action: string; entityId: string } }[] } }>(
        '{ auditLog(first: 5) { edges { node { action entityId } } } }',
      );
    expect(audit.data?.auditLog.edges.map((e) => [e.node.action, e.node.entityId])).toEqual([
      ['address.delete', b.id],
      ['address.update', a.id],
      ['address.set_default', b.id],
      ['address.create', b.id],
      ['address.create', a.id],
    ]);
  });
});
