import { newId } from '@meridian/kit';
import { startTestSubgraphs, type TestClient, type TestSubgraphs } from '@meridian/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInventorySubgraph } from '../src/index.ts';
import { type Gql, levelOf, mutations, receive, trackedVariant } from './inventory-client.ts';

let t: TestSubgraphs;
let admin: TestClient;
/** Tenant A's ids, which tenant B then uses. */
const a = { warehouse: '', variant: '', product: '', reservation: '', operation: '' };
let tenantB: TestClient;

beforeAll(async () => {
  t = await startTestSubgraphs([createInventorySubgraph()]);
  admin = t.asTenantAdmin();
  const listed = await admin.request<Gql>('{ warehouses { edges { node { id } } } }');
  a.warehouse = listed.data.warehouses.edges[0].node.id;
  a.product = newId('prd');
  a.variant = await trackedVariant(admin, { productId: a.product });
  a.operation = (await receive(admin, a.variant, a.warehouse, 5)).id;
  const reserved = await admin.request<Gql>(mutations.reserve, {
    input: { idempotencyKey: 'iso', lines: [{ variantId: a.variant, quantity: 1 }] },
  });
  a.reservation = reserved.data.reserveStock.reservation.id;
  tenantB = t.asTenantAdmin(await t.createTenant('tenant-b'));
});
afterAll(async () => {
  await t?.close();
});

const entities = `query($r: [_Any!]!) { _entities(representations: $r) {
  ... on Product { id available inStock } ... on ProductVariant { id available inStock } } }`;

describe('permissions', () => {
  it('lets a storefront shopper (anonymous, with tenant) see availability, nothing else', async () => {
    const shopper = t.asAnonymous();
    const seen = await shopper.request<Gql>(entities, {
      r: [
        { __typename: 'Product', id: a.product },
        { __typename: 'ProductVariant', id: a.variant },
      ],
    });
    expect(seen.errors).toBeUndefined();
    expect(seen.data._entities).toEqual([
      { id: a.product, available: 4, inStock: true },
      { id: a.variant, available: 4, inStock: true },
    ]);
    const stock = await shopper.request<Gql>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on ProductVariant { stock { onHand } } } }',
      { r: [{ __typename: 'ProductVariant', id: a.variant }] },
    );
    expect(stock.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    for (const query of ['{ warehouses { edges { node { id } } } }', '{ stockLedgerCheck { ok } }']) {
      expect((await shopper.request(query)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const reserve = await shopper.request<Gql>(mutations.reserve, {
      input: { idempotencyKey: 'anon', lines: [{ variantId: a.variant, quantity: 1 }] },
    });
    expect(reserve.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('needs a tenant even for availability', async () => {
    const platform = t.asAnonymous(null);
    const seen = await platform.request<Gql>(entities, { r: [{ __typename: 'Product', id: a.product }] });
    expect(seen.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('inventory:read reads but cannot change stock; nothing is written', async () => {
    const reader = t.as({ permissions: ['inventory:read'] });
    expect(
      (await reader.request<Gql>('{ warehouses { edges { node { code } } } }')).data.warehouses.edges,
    ).not.toHaveLength(0);
    const denied = await reader.request<Gql>(mutations.receive, {
      input: {
        variantId: a.variant,
        warehouseId: a.warehouse,
        quantity: 5,
        unitCost: { amount: '1', currency: 'EUR' },
      },
    });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await levelOf(admin, a.variant, a.warehouse)).toEqual({ onHand: 5, reserved: 1, available: 4 });
  });

  it('inventory:write alone (a checkout service) can reserve and read what it reserved', async () => {
    const checkout = t.as({ kind: 'client', permissions: ['inventory:write'] });
    const reserved = await checkout.request<Gql>(mutations.reserve, {
      input: { idempotencyKey: 'checkout-1', lines: [{ variantId: a.variant, quantity: 1 }] },
    });
    expect(reserved.errors).toBeUndefined();
    expect(reserved.data.reserveStock.reservation.status).toBe('ACTIVE');
    const released = await checkout.request<Gql>(mutations.release, { id: reserved.data.reserveStock.reservation.id });
    expect(released.data.releaseReservation.reservation.status).toBe('RELEASED');
  });

  it('other domains’ permissions give nothing here', async () => {
    const seller = t.as({ permissions: ['catalog:*', 'orders:*'] });
    expect((await seller.request('{ warehouses { edges { node { id } } } }')).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
  });
});

describe('isolation: tenant B with tenant A’s ids', () => {
  const queries: [string, string, Record<string, string>][] = [
    ['warehouse', 'query($id: ID!) { warehouse(id: $id) { id } }', { id: 'warehouse' }],
    ['inventoryItem', 'query($id: ID!) { inventoryItem(variantId: $id) { sku } }', { id: 'variant' }],
    [
      'stockLevels(variantId)',
      'query($id: ID!) { stockLevels(variantId: $id) { edges { cursor } } }',
      { id: 'variant' },
    ],
    [
      'stockLevels(warehouseId)',
      'query($id: ID!) { stockLevels(warehouseId: $id) { edges { cursor } } }',
      { id: 'warehouse' },
    ],
    [
      'stockMovements(variantId)',
      'query($id: ID!) { stockMovements(variantId: $id) { edges { cursor } } }',
      { id: 'variant' },
    ],
    [
      'stockMovements(warehouseId)',
      'query($id: ID!) { stockMovements(warehouseId: $id) { edges { cursor } } }',
      { id: 'warehouse' },
    ],
    ['stockOperation', 'query($id: ID!) { stockOperation(id: $id) { id } }', { id: 'operation' }],
    ['reservation', 'query($id: ID!) { reservation(id: $id) { id } }', { id: 'reservation' }],
    [
      'reservations(variantId)',
      'query($id: ID!) { reservations(variantId: $id) { edges { cursor } } }',
      { id: 'variant' },
    ],
  ];

  it.each(queries)('query %s → NOT_FOUND', async (_name, query, variables) => {
    const values = Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, a[v as keyof typeof a]]));
    const result = await tenantB.request<Gql>(query, values);
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  const cost = { amount: '1.00', currency: 'EUR' };
  const mutationCases: [string, string, () => Record<string, unknown>, string[]][] = [
    ['updateWarehouse', mutations.updateWarehouse, () => ({ input: { id: a.warehouse, name: 'x' } }), ['input', 'id']],
    [
      'receiveStock.variantId',
      mutations.receive,
      () => ({ input: { variantId: a.variant, warehouseId: bWarehouse, quantity: 1, unitCost: cost } }),
      ['input', 'variantId'],
    ],
    [
      'receiveStock.warehouseId',
      mutations.receive,
      () => ({ input: { variantId: bVariant, warehouseId: a.warehouse, quantity: 1, unitCost: cost } }),
      ['input', 'warehouseId'],
    ],
    [
      'adjustStock.variantId',
      mutations.adjust,
      () => ({ input: { variantId: a.variant, warehouseId: bWarehouse, delta: -1, reason: 'x' } }),
      ['input', 'variantId'],
    ],
    [
      'adjustStock.warehouseId',
      mutations.adjust,
      () => ({ input: { variantId: bVariant, warehouseId: a.warehouse, delta: -1, reason: 'x' } }),
      ['input', 'warehouseId'],
    ],
    [
      'transferStock.fromWarehouseId',
      mutations.transfer,
      () => ({ input: { variantId: bVariant, fromWarehouseId: a.warehouse, toWarehouseId: bWarehouse, quantity: 1 } }),
      ['input', 'fromWarehouseId'],
    ],
    [
      'transferStock.toWarehouseId',
      mutations.transfer,
      () => ({ input: { variantId: bVariant, fromWarehouseId: bWarehouse, toWarehouseId: a.warehouse, quantity: 1 } }),
      ['input', 'toWarehouseId'],
    ],
    [
      'transferStock.variantId',
      mutations.transfer,
      () => ({ input: { variantId: a.variant, fromWarehouseId: bWarehouse, toWarehouseId: bWarehouse2, quantity: 1 } }),
      ['input', 'variantId'],
    ],
    [
      'recordProduction.variantId',
      mutations.produce,
      () => ({ input: { variantId: a.variant, warehouseId: bWarehouse, delta: 1, unitCost: cost } }),
      ['input', 'variantId'],
    ],
    [
      'recordProduction.warehouseId',
      mutations.produce,
      () => ({ input: { variantId: bVariant, warehouseId: a.warehouse, delta: 1, unitCost: cost } }),
      ['input', 'warehouseId'],
    ],
    [
      'setReorderPoint.variantId',
      mutations.reorderPoint,
      () => ({ input: { variantId: a.variant, warehouseId: bWarehouse, reorderPoint: 1 } }),
      ['input', 'variantId'],
    ],
    [
      'setReorderPoint.warehouseId',
      mutations.reorderPoint,
      () => ({ input: { variantId: bVariant, warehouseId: a.warehouse, reorderPoint: 1 } }),
      ['input', 'warehouseId'],
    ],
    [
      'reserveStock.lines.variantId',
      mutations.reserve,
      () => ({ input: { idempotencyKey: 'b-1', lines: [{ variantId: a.variant, quantity: 1 }] } }),
      ['input', 'lines', '0', 'variantId'],
    ],
    [
      'reserveStock.lines.warehouseId',
      mutations.reserve,
      () => ({
        input: { idempotencyKey: 'b-2', lines: [{ variantId: bVariant, quantity: 1, warehouseId: a.warehouse }] },
      }),
      ['input', 'lines', '0', 'warehouseId'],
    ],
    ['commitReservation', mutations.commit, () => ({ id: a.reservation }), ['input', 'id']],
    ['releaseReservation', mutations.release, () => ({ id: a.reservation }), ['input', 'id']],
  ];
  let bWarehouse = '';
  let bWarehouse2 = '';
  let bVariant = '';

  it.each(mutationCases)(
    'mutation %s → userError NOT_FOUND, nothing written',
    async (_name, mutation, variables, field) => {
      if (!bVariant) {
        const listed = await tenantB.request<Gql>('{ warehouses { edges { node { id } } } }');
        bWarehouse = listed.data.warehouses.edges[0].node.id;
        bWarehouse2 = (await tenantB.request<Gql>(mutations.createWarehouse, { input: { code: 'B2', name: 'B two' } }))
          .data.createWarehouse.warehouse.id;
        bVariant = await trackedVariant(tenantB);
        await receive(tenantB, bVariant, bWarehouse, 3);
      }
      const result = await tenantB.request<Gql>(mutation, variables());
      expect(result.errors).toBeUndefined();
      const payload = Object.values(result.data)[0] as Gql;
      expect(payload.userErrors).toContainEqual(expect.objectContaining({ field, code: 'NOT_FOUND' }));
      expect(await levelOf(admin, a.variant, a.warehouse)).toEqual({ onHand: 5, reserved: 1, available: 4 });
    },
  );

  it('entity references: tenant B learns nothing about tenant A’s products or warehouses', async () => {
    const seen = await tenantB.request<Gql>(
      `query($r: [_Any!]!) { _entities(representations: $r) {
        ... on Product { available inStock } ... on ProductVariant { available inStock } ... on Warehouse { code } } }`,
      {
        r: [
          { __typename: 'Product', id: a.product },
          { __typename: 'ProductVariant', id: a.variant },
          { __typename: 'Warehouse', id: a.warehouse },
        ],
      },
    );
    expect(seen.errors).toBeUndefined();
    expect(seen.data._entities).toEqual([{ available: 0, inStock: false }, { available: 0, inStock: false }, null]);
  });

  it('prepared stock reads never carry one tenant’s schema into another’s request', async () => {
    // Sequential requests reuse pooled connections, whose prepared statements were planned for the
    // other tenant's search_path: Postgres must re-plan them (it does when search_path changes).
    const ask = (client: TestClient) =>
      client.request<Gql>(entities, { r: [{ __typename: 'Product', id: a.product }] }).then((r) => r.data._entities[0]);
    for (let round = 0; round < 12; round++) {
      expect(await ask(admin)).toEqual({ id: a.product, available: 4, inStock: true });
      expect(await ask(tenantB)).toEqual({ id: a.product, available: 0, inStock: false });
    }
  });

  it('ids of the wrong kind are NOT_FOUND everywhere, never looked up', async () => {
    const result = await tenantB.request<Gql>('query($id: ID!) { warehouse(id: $id) { id } }', { id: a.variant });
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const entity = await tenantB.request<Gql>(entities, { r: [{ __typename: 'Product', id: a.variant }] });
    expect(entity.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
