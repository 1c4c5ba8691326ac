import { outbox, withTenant } from '@meridian/kit';
import { startTestSubgraphs, type TestClient, type TestSubgraphs } from '@meridian/kit/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stockMovements, stockOperations } from '../src/db/schema.ts';
import { createInventorySubgraph } from '../src/index.ts';
import {
  createWarehouse,
  expectLedgerBalanced,
  type Gql,
  levelOf,
  mutations,
  queries,
  receive,
  trackedVariant,
} from './inventory-client.ts';

let t: TestSubgraphs;
let admin: TestClient;
let main: string;
let east: string;
beforeAll(async () => {
  t = await startTestSubgraphs([createInventorySubgraph()]);
  admin = t.asTenantAdmin();
  const listed = await admin.request<Gql>('{ warehouses { edges { node { id code } } } }');
  expect(listed.errors).toBeUndefined();
  main = listed.data.warehouses.edges.find((e: Gql) => e.node.code === 'MAIN').node.id;
  east = await createWarehouse(admin, 'EAST', 10);
});
afterAll(async () => {
  await t?.close();
});

const movementCount = async () => {
  const result = await admin.request<Gql>('{ stockMovements(first: 250) { edges { node { id } } } }');
  return result.data.stockMovements.edges.length as number;
};

const eventsOf = (type: string) =>
  withTenant(t.testDatabase.database, t.tenant, (tx) => tx.select().from(outbox)).then((rows) =>
    rows.filter((row) => row.type === type).map((row) => row.payload as Record<string, unknown>),
  );

describe('receipts and valuation', () => {
  it('starts every tenant with a main warehouse', () => {
    expect(main).toMatch(/^whs_/);
  });

  it('receives stock into a level, with a movement, a cost layer and a stock-changed event', async () => {
    const variant = await trackedVariant(admin);
    const first = await receive(admin, variant, main, 10, '2.00');
    expect(first.kind).toBe('RECEIPT');
    expect(first.movements).toMatchObject([
      { kind: 'RECEIPT', quantity: 10, cost: { amount: '20.00', currency: 'EUR' } },
    ]);
    await receive(admin, variant, main, 10, '3.00');
    expect(await levelOf(admin, variant, main)).toEqual({ onHand: 20, reserved: 0, available: 20 });
    const item = await admin.request<Gql>(queries.item, { id: variant });
    expect(item.data.inventoryItem.valuation).toEqual({
      method: 'FIFO',
      quantity: 20,
      value: { amount: '50.00', currency: 'EUR' },
      averageUnitCost: { amount: '2.50', currency: 'EUR' },
    });
    const changed = (await eventsOf('inventory.stock-changed')).filter((p) => p.variantId === variant);
    expect(changed.at(-1)).toEqual({ variantId: variant, warehouseId: main, onHand: 20, reserved: 0, available: 20 });
    await expectLedgerBalanced(admin);
  });

  it('values a sale FIFO: the oldest units leave first and their cost is the COGS', async () => {
    const variant = await trackedVariant(admin);
    await receive(admin, variant, main, 10, '2.00');
    await receive(admin, variant, main, 10, '3.00');
    const reserved = await admin.request<Gql>(mutations.reserve, {
      input: { idempotencyKey: `fifo-${variant}`, lines: [{ variantId: variant, quantity: 15 }] },
    });
    const id = reserved.data.reserveStock.reservation.id;
    const committed = await admin.request<Gql>(mutations.commit, { id });
    expect(committed.data.commitReservation.userErrors).toEqual([]);
    expect(committed.data.commitReservation.reservation.operation.movements).toEqual([
      { quantity: -15, cost: { amount: '-35.00', currency: 'EUR' } },
    ]);
    const item = await admin.request<Gql>(queries.item, { id: variant });
    expect(item.data.inventoryItem.valuation.value).toEqual({ amount: '15.00', currency: 'EUR' });
    expect(item.data.inventoryItem).toMatchObject({ onHand: 5, reserved: 0, available: 5 });
    await expectLedgerBalanced(admin);
  });

  it('adjusts stock both ways: found units at the latest cost, lost units at their FIFO cost', async () => {
    const variant = await trackedVariant(admin);
    const noCost = await admin.request<Gql>(mutations.adjust, {
      input: { variantId: variant, warehouseId: main, delta: 3, reason: 'count' },
    });
    expect(noCost.data.adjustStock.userErrors).toMatchObject([{ field: ['input', 'unitCost'], code: 'REQUIRED' }]);
    await receive(admin, variant, main, 4, '1.50');
    const found = await admin.request<Gql>(mutations.adjust, {
      input: { variantId: variant, warehouseId: main, delta: 2, reason: 'count found two more' },
    });
    expect(found.data.adjustStock.operation).toMatchObject({
      kind: 'ADJUSTMENT',
      note: 'count found two more',
      movements: [{ quantity: 2, cost: { amount: '3.00' } }],
    });
    const lost = await admin.request<Gql>(mutations.adjust, {
      input: { variantId: variant, warehouseId: main, delta: -5, reason: 'damaged' },
    });
    expect(lost.data.adjustStock.operation.movements).toMatchObject([{ quantity: -5, cost: { amount: '-7.50' } }]);
    const tooMany = await admin.request<Gql>(mutations.adjust, {
      input: { variantId: variant, warehouseId: main, delta: -2, reason: 'damaged' },
    });
    expect(tooMany.data.adjustStock).toEqual({
      operation: null,
      userErrors: [{ field: ['input', 'delta'], code: 'INSUFFICIENT_STOCK', message: 'Only 1 available, 2 requested' }],
    });
    const noReason = await admin.request<Gql>(mutations.adjust, {
      input: { variantId: variant, warehouseId: main, delta: -1, reason: ' ' },
    });
    expect(noReason.data.adjustStock.userErrors).toMatchObject([{ field: ['input', 'reason'], code: 'REQUIRED' }]);
    expect(await levelOf(admin, variant, main)).toEqual({ onHand: 1, reserved: 0, available: 1 });
    await expectLedgerBalanced(admin);
  });

  it('transfers units between warehouses with their cost, and refuses more than is available', async () => {
    const variant = await trackedVariant(admin);
    await receive(admin, variant, main, 5, '4.00');
    await receive(admin, variant, main, 5, '6.00');
    const moved = await admin.request<Gql>(mutations.transfer, {
      input: { variantId: variant, fromWarehouseId: main, toWarehouseId: east, quantity: 7, note: 'rebalance' },
    });
    expect(moved.data.transferStock.operation.movements).toMatchObject([
      { kind: 'TRANSFER', quantity: -7, cost: { amount: '-32.00' }, warehouse: { id: main } },
      { kind: 'TRANSFER', quantity: 7, cost: { amount: '32.00' }, warehouse: { id: east } },
    ]);
    expect(await levelOf(admin, variant, main)).toEqual({ onHand: 3, reserved: 0, available: 3 });
    expect(await levelOf(admin, variant, east)).toEqual({ onHand: 7, reserved: 0, available: 7 });
    const tooMany = await admin.request<Gql>(mutations.transfer, {
      input: { variantId: variant, fromWarehouseId: main, toWarehouseId: east, quantity: 4 },
    });
    expect(tooMany.data.transferStock.userErrors).toMatchObject([
      { field: ['input', 'quantity'], code: 'INSUFFICIENT_STOCK' },
    ]);
    const same = await admin.request<Gql>(mutations.transfer, {
      input: { variantId: variant, fromWarehouseId: main, toWarehouseId: main, quantity: 1 },
    });
    expect(same.data.transferStock.userErrors).toMatchObject([
      { field: ['input', 'toWarehouseId'], code: 'SAME_WAREHOUSE' },
    ]);
    await expectLedgerBalanced(admin);
  });

  it('records production: output at its cost, consumption of components at FIFO cost', async () => {
    const variant = await trackedVariant(admin);
    const made = await admin.request<Gql>(mutations.produce, {
      input: {
        variantId: variant,
        warehouseId: main,
        delta: 6,
        unitCost: { amount: '12.5', currency: 'EUR' },
        reference: 'WO-1',
      },
    });
    expect(made.data.recordProduction.operation).toMatchObject({
      kind: 'PRODUCTION',
      reference: 'WO-1',
      movements: [{ kind: 'PRODUCTION', quantity: 6, cost: { amount: '75.00' } }],
    });
    const used = await admin.request<Gql>(mutations.produce, {
      input: { variantId: variant, warehouseId: main, delta: -2, reference: 'WO-2' },
    });
    expect(used.data.recordProduction.operation.movements).toMatchObject([
      { quantity: -2, cost: { amount: '-25.00' } },
    ]);
    await expectLedgerBalanced(admin);
  });
});

describe('the journal', () => {
  it('is append-only for the tenant role: movements and operations cannot be rewritten', async () => {
    const variant = await trackedVariant(admin);
    await receive(admin, variant, main, 2);
    const rewrite = withTenant(t.testDatabase.database, t.tenant, (tx) =>
      tx.update(stockMovements).set({ quantity: 200 }).where(eq(stockMovements.variantId, variant)),
    );
    await expect(rewrite).rejects.toMatchObject({ cause: { code: '42501' } }); // insufficient_privilege
    const erase = withTenant(t.testDatabase.database, t.tenant, (tx) => tx.delete(stockOperations));
    await expect(erase).rejects.toMatchObject({ cause: { code: '42501' } });
    await expectLedgerBalanced(admin);
  });
});

describe('idempotency', () => {
  it('a retried receipt with the same key receives once and answers the same', async () => {
    const variant = await trackedVariant(admin);
    const input = {
      idempotencyKey: `po-${variant}`,
      variantId: variant,
      warehouseId: main,
      quantity: 3,
      unitCost: { amount: '1.00', currency: 'EUR' },
    };
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => admin.request<Gql>(mutations.receive, { input })));
    const ids = new Set(results.map((r) => r.data.receiveStock.operation.id));
    expect(ids.size).toBe(1);
    expect(await levelOf(admin, variant, main)).toEqual({ onHand: 3, reserved: 0, available: 3 });
    const reused = await admin.request<Gql>(mutations.receive, { input: { ...input, quantity: 4 } });
    expect(reused.data.receiveStock).toEqual({
      operation: null,
      userErrors: [
        {
          field: ['input', 'idempotencyKey'],
          code: 'IDEMPOTENCY_KEY_REUSED',
          message: 'This idempotency key was already used for a different request',
        },
      ],
    });
  });
});

describe('bad input: a userError naming the field, nothing written', () => {
  const base = () => ({ warehouseId: main, quantity: 1, unitCost: { amount: '1.00', currency: 'EUR' } });

  it.each([
    ['zero quantity', { quantity: 0 }, ['input', 'quantity'], 'INVALID'],
    ['negative quantity', { quantity: -3 }, ['input', 'quantity'], 'INVALID'],
    ['huge quantity', { quantity: 2_000_000_000 }, ['input', 'quantity'], 'TOO_LARGE'],
    ['unknown warehouse', { warehouseId: 'whs_01J0000000000000000000000A' }, ['input', 'warehouseId'], 'NOT_FOUND'],
    ['an id of another kind', { warehouseId: 'prd_01J0000000000000000000000A' }, ['input', 'warehouseId'], 'NOT_FOUND'],
    ['negative cost', { unitCost: { amount: '-1.00', currency: 'EUR' } }, ['input', 'unitCost', 'amount'], 'INVALID'],
    [
      'too many decimals',
      { unitCost: { amount: '1.001', currency: 'EUR' } },
      ['input', 'unitCost', 'amount'],
      'INVALID',
    ],
    ['unknown currency', { unitCost: { amount: '1', currency: 'XXY' } }, ['input', 'unitCost', 'currency'], 'INVALID'],
    [
      'a value beyond exact minor units',
      { quantity: 1_000_000_000, unitCost: { amount: '90000000.00', currency: 'EUR' } },
      ['input', 'unitCost', 'amount'],
      'TOO_LARGE',
    ],
    [
      'another currency than the variant',
      { unitCost: { amount: '1', currency: 'USD' } },
      ['input', 'unitCost', 'currency'],
      'CURRENCY_MISMATCH',
    ],
  ])('%s', async (_name, change, field, code) => {
    const variant = await trackedVariant(admin);
    await receive(admin, variant, main, 1);
    const before = await movementCount();
    const result = await admin.request<Gql>(mutations.receive, { input: { ...base(), variantId: variant, ...change } });
    expect(result.errors).toBeUndefined();
    expect(result.data.receiveStock.operation).toBeNull();
    expect(result.data.receiveStock.userErrors).toMatchObject([{ field, code }]);
    expect(await movementCount()).toBe(before);
    expect(await levelOf(admin, variant, main)).toEqual({ onHand: 1, reserved: 0, available: 1 });
  });

  it('refuses an unknown variant', async () => {
    const result = await admin.request<Gql>(mutations.receive, {
      input: { ...base(), variantId: 'var_01J0000000000000000000000A' },
    });
    expect(result.data.receiveStock.userErrors).toMatchObject([{ field: ['input', 'variantId'], code: 'NOT_FOUND' }]);
  });

  it('refuses a fractional quantity as a typed error naming the field', async () => {
    const variant = await trackedVariant(admin);
    const before = await movementCount();
    const result = await admin.request<Gql>(mutations.receive, {
      input: { ...base(), variantId: variant, quantity: 1.5 },
    });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toContain('quantity');
    expect(await movementCount()).toBe(before);
  });

  it('refuses receipts into an inactive warehouse', async () => {
    const closed = await createWarehouse(admin, 'CLOSED', 50);
    const off = await admin.request<Gql>(mutations.updateWarehouse, { input: { id: closed, active: false } });
    expect(off.data.updateWarehouse.warehouse.active).toBe(false);
    const variant = await trackedVariant(admin);
    const result = await admin.request<Gql>(mutations.receive, {
      input: { ...base(), variantId: variant, warehouseId: closed },
    });
    expect(result.data.receiveStock.userErrors).toMatchObject([{ field: ['input', 'warehouseId'], code: 'INACTIVE' }]);
  });

  it('refuses a duplicate warehouse code', async () => {
    const result = await admin.request<Gql>(mutations.createWarehouse, {
      input: { code: 'main', name: 'Another main' },
    });
    expect(result.data.createWarehouse).toEqual({
      warehouse: null,
      userErrors: [{ field: ['input', 'code'], code: 'TAKEN', message: 'A warehouse with code MAIN exists' }],
    });
  });
});

describe('reorder points', () => {
  it('publishes low-stock when availability crosses below the reorder point, once', async () => {
    const variant = await trackedVariant(admin);
    await receive(admin, variant, main, 10);
    const set = await admin.request<Gql>(mutations.reorderPoint, {
      input: { variantId: variant, warehouseId: main, reorderPoint: 5 },
    });
    expect(set.data.setReorderPoint.stockLevel).toEqual({
      onHand: 10,
      reserved: 0,
      available: 10,
      reorderPoint: 5,
      belowReorderPoint: false,
    });
    const reserve = (n: number, key: string) =>
      admin.request<Gql>(mutations.reserve, {
        input: { idempotencyKey: key, lines: [{ variantId: variant, quantity: n, warehouseId: main }] },
      });
    await reserve(5, `low-a-${variant}`); // 5 left: not below
    await reserve(1, `low-b-${variant}`); // 4 left: crosses
    await reserve(1, `low-c-${variant}`); // 3 left: already below
    const low = (await eventsOf('inventory.low-stock')).filter((p) => p.variantId === variant);
    expect(low).toEqual([{ variantId: variant, warehouseId: main, available: 4, reorderPoint: 5 }]);
    const listed = await admin.request<Gql>(
      'query($w: ID!) { stockLevels(warehouseId: $w, belowReorderPoint: true) { edges { node { variant { id } available reorderPoint } } } }',
      { w: main },
    );
    expect(listed.data.stockLevels.edges.map((e: Gql) => e.node)).toContainEqual({
      variant: { id: variant },
      available: 3,
      reorderPoint: 5,
    });
    const bad = await admin.request<Gql>(mutations.reorderPoint, {
      input: { variantId: variant, warehouseId: main, reorderPoint: -1 },
    });
    expect(bad.data.setReorderPoint.userErrors).toMatchObject([{ field: ['input', 'reorderPoint'], code: 'INVALID' }]);
  });
});
