import { newId } from '@meridian/kit';
import type { TestClient } from '@meridian/kit/testing';
import { expect } from 'vitest';

/** GraphQL documents and small steps shared by the inventory tests. */

/** A GraphQL response body as the tests read it: its shape is what the assertions check. */
// biome-ignore lint/suspicious/noExplicitAny: response shapes are asserted, not typed, in tests
export type Gql = any;
export const userErrors = 'userErrors { field code message }';
const operation = `operation { id kind reference note movements { id kind quantity cost { amount currency } warehouse { id } } }`;

export const mutations = {
  createWarehouse: `mutation($input: CreateWarehouseInput!) { createWarehouse(input: $input) { warehouse { id code name priority active } ${userErrors} } }`,
  updateWarehouse: `mutation($input: UpdateWarehouseInput!) { updateWarehouse(input: $input) { warehouse { id code name priority active } ${userErrors} } }`,
  track: `mutation($input: TrackInventoryItemInput!) { trackInventoryItem(input: $input) { inventoryItem { sku } ${userErrors} } }`,
  receive: `mutation($input: ReceiveStockInput!) { receiveStock(input: $input) { ${operation} ${userErrors} } }`,
  adjust: `mutation($input: AdjustStockInput!) { adjustStock(input: $input) { ${operation} ${userErrors} } }`,
  transfer: `mutation($input: TransferStockInput!) { transferStock(input: $input) { ${operation} ${userErrors} } }`,
  produce: `mutation($input: RecordProductionInput!) { recordProduction(input: $input) { ${operation} ${userErrors} } }`,
  reorderPoint: `mutation($input: SetReorderPointInput!) { setReorderPoint(input: $input) { stockLevel { onHand reserved available reorderPoint belowReorderPoint } ${userErrors} } }`,
  reserve: `mutation($input: ReserveStockInput!) { reserveStock(input: $input) { reservation { id status expiresAt lines { quantity warehouse { id } variant { id } } } ${userErrors} } }`,
  commit: `mutation($id: ID!) { commitReservation(input: { id: $id }) { reservation { id status operation { id movements { quantity cost { amount currency } } } } ${userErrors} } }`,
  release: `mutation($id: ID!) { releaseReservation(input: { id: $id }) { reservation { id status } ${userErrors} } }`,
};

export const queries = {
  item: `query($id: ID!) { inventoryItem(variantId: $id) { sku onHand reserved available levels { warehouse { code } onHand reserved available reorderPoint } valuation { method quantity value { amount currency } averageUnitCost { amount currency } } } }`,
  ledger: '{ stockLedgerCheck { ok checkedLevels problems } }',
};

export interface Level {
  onHand: number;
  reserved: number;
  available: number;
}

/** A fresh catalog-style variant id, known to inventory. */
export async function trackedVariant(client: TestClient, options: { productId?: string; sku?: string } = {}) {
  const variantId = newId('var');
  const result = await client.request<Gql>(mutations.track, {
    input: { variantId, productId: options.productId ?? null, sku: options.sku ?? `SKU-${variantId.slice(-6)}` },
  });
  expect(result.errors).toBeUndefined();
  expect(result.data.trackInventoryItem.userErrors).toEqual([]);
  return variantId;
}

export async function createWarehouse(client: TestClient, code: string, priority = 0) {
  const result = await client.request<Gql>(mutations.createWarehouse, {
    input: { code, name: `Warehouse ${code}`, priority },
  });
  expect(result.errors).toBeUndefined();
  expect(result.data.createWarehouse.userErrors).toEqual([]);
  return result.data.createWarehouse.warehouse.id as string;
}

export async function receive(
  client: TestClient,
  variantId: string,
  warehouseId: string,
  quantity: number,
  amount = '10.00',
) {
  const result = await client.request<Gql>(mutations.receive, {
    input: { variantId, warehouseId, quantity, unitCost: { amount, currency: 'EUR' } },
  });
  expect(result.errors).toBeUndefined();
  expect(result.data.receiveStock.userErrors).toEqual([]);
  return result.data.receiveStock.operation;
}

/** The variant's level in one warehouse, as an operator reads it. */
export async function levelOf(client: TestClient, variantId: string, warehouseId: string): Promise<Level> {
  const result = await client.request<Gql>(
    'query($v: ID!, $w: ID!) { stockLevels(variantId: $v, warehouseId: $w) { edges { node { onHand reserved available } } } }',
    { v: variantId, w: warehouseId },
  );
  expect(result.errors).toBeUndefined();
  return result.data.stockLevels.edges[0]?.node ?? { onHand: 0, reserved: 0, available: 0 };
}

export async function expectLedgerBalanced(client: TestClient) {
  const result = await client.request<Gql>(queries.ledger);
  expect(result.errors).toBeUndefined();
  expect(result.data.stockLedgerCheck.problems).toEqual([]);
  expect(result.data.stockLedgerCheck.ok).toBe(true);
  return result.data.stockLedgerCheck.checkedLevels as number;
}
