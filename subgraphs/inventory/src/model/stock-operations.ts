import {
  type Money,
  mutate,
  type RequestContext,
  recordAudit,
  reject,
  type TenantTx,
  type UserError,
  userError,
} from '@meridian/kit';
import { latestUnitCost, settleCostCurrency } from './cost-layers.ts';
import {
  blank,
  checkId,
  checkIdempotencyKey,
  checkQuantity,
  checkText,
  compact,
  type Field,
  parseUnitCost,
} from './inventory-input.ts';
import { requireItem, requireWarehouse } from './inventory-item.ts';
import { openOperation, type StockOperationRow } from './stock-journal.ts';
import { addStock, removeStock } from './stock-ledger.ts';
import { findStockLevel, type LevelKey, lockStockLevels } from './stock-level.ts';

type CostInput = { amount: string; currency: string };

export interface ReceiveStockInput {
  idempotencyKey?: string | null;
  variantId: string;
  warehouseId: string;
  quantity: number;
  unitCost: CostInput;
  reference?: string | null;
  note?: string | null;
}

export interface AdjustStockInput {
  idempotencyKey?: string | null;
  variantId: string;
  warehouseId: string;
  delta: number;
  unitCost?: CostInput | null;
  reason: string;
}

export interface TransferStockInput {
  idempotencyKey?: string | null;
  variantId: string;
  fromWarehouseId: string;
  toWarehouseId: string;
  quantity: number;
  note?: string | null;
}

export interface RecordProductionInput {
  idempotencyKey?: string | null;
  variantId: string;
  warehouseId: string;
  delta: number;
  unitCost?: CostInput | null;
  reference?: string | null;
}

export type OperationResult = { operation: StockOperationRow | null; userErrors: UserError[] };

const input = (...field: string[]): string[] => ['input', ...field];

/**
 * A cost given by the client, checked (also that `units` at that cost stay exact in minor units);
 * pushes its error into `errors`.
 */
function costFrom(value: CostInput | null | undefined, units: number, errors: UserError[]): Money | null {
  if (!value) return null;
  const parsed = parseUnitCost(value, input('unitCost'));
  if (parsed.error) errors.push(parsed.error);
  else if (Number.isInteger(units) && BigInt(Math.abs(units)) * BigInt(parsed.cost.amount) > maxSafe) {
    errors.push(userError(input('unitCost', 'amount'), 'TOO_LARGE', 'Quantity × unit cost is too large'));
  }
  return parsed.cost ?? null;
}

const maxSafe = BigInt(Number.MAX_SAFE_INTEGER);

/** The cost in force for incoming units: the one given (in the variant's currency) or the latest known. */
async function incomingCost(tx: TenantTx, variantId: string, given: Money | null): Promise<Money> {
  const cost = given ?? (await latestUnitCost(tx, variantId));
  if (!cost) reject(userError(input('unitCost'), 'REQUIRED', 'No cost is known for this variant yet: give unitCost'));
  const currency = await settleCostCurrency(tx, variantId, cost.currency);
  if (currency !== cost.currency) {
    reject(userError(input('unitCost', 'currency'), 'CURRENCY_MISMATCH', `This variant is valued in ${currency}`));
  }
  return cost;
}

async function insufficient(tx: TenantTx, key: LevelKey, quantity: number, field: Field): Promise<never> {
  const level = await findStockLevel(tx, key);
  const available = level ? level.onHand - level.reserved : 0;
  return reject(
    userError(field.map(String), 'INSUFFICIENT_STOCK', `Only ${available} available, ${quantity} requested`),
  );
}

const audit = (tx: TenantTx, ctx: RequestContext, action: string, operation: StockOperationRow, after: unknown) =>
  recordAudit(tx, ctx, { action, entityType: 'StockOperation', entityId: operation.id, after });

const actorId = (ctx: RequestContext) => ctx.actor.userId ?? ctx.actor.clientId ?? null;

export async function receiveStock(ctx: RequestContext, request: ReceiveStockInput): Promise<OperationResult> {
  const errors = compact([
    checkIdempotencyKey(request.idempotencyKey, input('idempotencyKey')),
    checkId('var', request.variantId, input('variantId')),
    checkId('whs', request.warehouseId, input('warehouseId')),
    checkQuantity(request.quantity, input('quantity')),
    checkText(request.reference, input('reference')),
    checkText(request.note, input('note')),
  ]);
  const cost = costFrom(request.unitCost, request.quantity, errors);
  if (errors.length > 0 || !cost) return { operation: null, userErrors: errors };
  return mutate<OperationResult>(ctx, { operation: null }, async (tx) => {
    const { operation, replayed } = await openOperation(
      tx,
      {
        kind: 'receipt',
        idempotencyKey: request.idempotencyKey ?? null,
        request,
        reference: blank(request.reference),
        note: blank(request.note),
        actorId: actorId(ctx),
      },
      input('idempotencyKey'),
    );
    if (replayed) return { operation, userErrors: [] };
    await requireItem(tx, request.variantId, input('variantId'));
    await requireWarehouse(tx, request.warehouseId, input('warehouseId'), { active: true });
    await incomingCost(tx, request.variantId, cost);
    const key = { variantId: request.variantId, warehouseId: request.warehouseId };
    const pieces = [{ quantity: request.quantity, unitCost: cost.amount, currency: cost.currency }];
    const movement = await addStock(tx, { operationId: operation.id, kind: 'receipt', key, pieces });
    if (!movement) reject(userError(input('quantity'), 'TOO_LARGE', 'Stock on hand would exceed the largest level'));
    await audit(tx, ctx, 'stock.receive', operation, { ...key, quantity: request.quantity, unitCost: cost });
    return { operation, userErrors: [] };
  });
}

/** Adjustments and production share their shape: a signed change at one level, costed when it adds units. */
async function changeOnHand(
  ctx: RequestContext,
  kind: 'adjustment' | 'production',
  request: AdjustStockInput | RecordProductionInput,
  details: { reference: string | null; note: string | null },
): Promise<OperationResult> {
  const errors = compact([
    checkIdempotencyKey(request.idempotencyKey, input('idempotencyKey')),
    checkId('var', request.variantId, input('variantId')),
    checkId('whs', request.warehouseId, input('warehouseId')),
    checkQuantity(request.delta, input('delta'), { signed: true }),
    checkText(details.reference, input('reference')),
    checkText(details.note, input(kind === 'adjustment' ? 'reason' : 'note')),
  ]);
  const given = costFrom(request.unitCost, request.delta, errors);
  if (kind === 'adjustment' && !details.note) {
    errors.push(userError(input('reason'), 'REQUIRED', 'Say why the stock is adjusted'));
  }
  if (errors.length > 0) return { operation: null, userErrors: errors };
  return mutate<OperationResult>(ctx, { operation: null }, async (tx) => {
    const { operation, replayed } = await openOperation(
      tx,
      { kind, idempotencyKey: request.idempotencyKey ?? null, request, ...details, actorId: actorId(ctx) },
      input('idempotencyKey'),
    );
    if (replayed) return { operation, userErrors: [] };
    await requireItem(tx, request.variantId, input('variantId'));
    await requireWarehouse(tx, request.warehouseId, input('warehouseId'), { active: request.delta > 0 });
    const key = { variantId: request.variantId, warehouseId: request.warehouseId };
    const entry = { operationId: operation.id, kind, key };
    if (request.delta > 0) {
      const cost = await incomingCost(tx, request.variantId, given);
      const pieces = [{ quantity: request.delta, unitCost: cost.amount, currency: cost.currency }];
      if (!(await addStock(tx, { ...entry, pieces }))) {
        reject(userError(input('delta'), 'TOO_LARGE', 'Stock on hand would exceed the largest level'));
      }
    } else if (!(await removeStock(tx, { ...entry, quantity: -request.delta }))) {
      await insufficient(tx, key, -request.delta, input('delta'));
    }
    await audit(tx, ctx, kind === 'adjustment' ? 'stock.adjust' : 'stock.produce', operation, {
      ...key,
      delta: request.delta,
      ...details,
    });
    return { operation, userErrors: [] };
  });
}

export function adjustStock(ctx: RequestContext, request: AdjustStockInput): Promise<OperationResult> {
  return changeOnHand(ctx, 'adjustment', request, { reference: null, note: blank(request.reason) });
}

export function recordProduction(ctx: RequestContext, request: RecordProductionInput): Promise<OperationResult> {
  return changeOnHand(ctx, 'production', request, { reference: blank(request.reference), note: null });
}

/** Moves units between warehouses; they keep their cost layers (and their age, for FIFO). */
export async function transferStock(ctx: RequestContext, request: TransferStockInput): Promise<OperationResult> {
  const errors = compact([
    checkIdempotencyKey(request.idempotencyKey, input('idempotencyKey')),
    checkId('var', request.variantId, input('variantId')),
    checkId('whs', request.fromWarehouseId, input('fromWarehouseId')),
    checkId('whs', request.toWarehouseId, input('toWarehouseId')),
    checkQuantity(request.quantity, input('quantity')),
    checkText(request.note, input('note')),
    request.fromWarehouseId === request.toWarehouseId
      ? userError(input('toWarehouseId').map(String), 'SAME_WAREHOUSE', 'Choose a different destination')
      : null,
  ]);
  if (errors.length > 0) return { operation: null, userErrors: errors };
  return mutate<OperationResult>(ctx, { operation: null }, async (tx) => {
    const { operation, replayed } = await openOperation(
      tx,
      {
        kind: 'transfer',
        idempotencyKey: request.idempotencyKey ?? null,
        request,
        note: blank(request.note),
        actorId: actorId(ctx),
      },
      input('idempotencyKey'),
    );
    if (replayed) return { operation, userErrors: [] };
    await requireItem(tx, request.variantId, input('variantId'));
    await requireWarehouse(tx, request.fromWarehouseId, input('fromWarehouseId'));
    await requireWarehouse(tx, request.toWarehouseId, input('toWarehouseId'), { active: true });
    const from = { variantId: request.variantId, warehouseId: request.fromWarehouseId };
    const to = { variantId: request.variantId, warehouseId: request.toWarehouseId };
    // Both rows locked in one fixed order first: two opposite transfers at once cannot deadlock.
    await lockStockLevels(tx, [from, to]);
    const taken = await removeStock(tx, {
      operationId: operation.id,
      kind: 'transfer',
      key: from,
      quantity: request.quantity,
    });
    if (!taken) return insufficient(tx, from, request.quantity, input('quantity'));
    if (!(await addStock(tx, { operationId: operation.id, kind: 'transfer', key: to, pieces: taken.pieces }))) {
      reject(userError(input('quantity'), 'TOO_LARGE', 'Stock on hand would exceed the largest level'));
    }
    await audit(tx, ctx, 'stock.transfer', operation, {
      variantId: request.variantId,
      from: request.fromWarehouseId,
      to: request.toWarehouseId,
      quantity: request.quantity,
    });
    return { operation, userErrors: [] };
  });
}
