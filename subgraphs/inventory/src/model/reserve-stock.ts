import {
  mutate,
  newId,
  type RequestContext,
  recordAudit,
  reject,
  type TenantTx,
  type UserError,
  userError,
} from '@meridian/kit';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { reservationLines, reservations, stockLevels, warehouses } from '../db/schema.ts';
import {
  blank,
  checkId,
  checkIdempotencyKey,
  checkQuantity,
  checkText,
  compact,
  fingerprint,
  keyReused,
  notFoundError,
} from './inventory-input.ts';
import { inventoryItemsByVariant } from './inventory-item.ts';
import { expireDueReservations, type ReservationRow } from './reservation-lifecycle.ts';
import { changeStockLevel } from './stock-level.ts';

export interface ReservationLineInput {
  variantId: string;
  quantity: number;
  warehouseId?: string | null;
}

export interface ReserveStockInput {
  idempotencyKey: string;
  lines: ReservationLineInput[];
  expiresInSeconds?: number | null;
  reference?: string | null;
}

export type ReservationResult = { reservation: ReservationRow | null; userErrors: UserError[] };

export const defaultExpirySeconds = 900;
const maxExpirySeconds = 7 * 24 * 3600;
const maxLines = 100;

function validate(input: ReserveStockInput): UserError[] {
  const errors = compact([
    input.idempotencyKey === undefined || input.idempotencyKey === null
      ? userError(['input', 'idempotencyKey'], 'REQUIRED', 'An idempotency key is required')
      : checkIdempotencyKey(input.idempotencyKey, ['input', 'idempotencyKey']),
    input.lines.length === 0 || input.lines.length > maxLines
      ? userError(['input', 'lines'], 'INVALID', `Reserve 1-${maxLines} lines at once`)
      : null,
    input.expiresInSeconds === null ||
    input.expiresInSeconds === undefined ||
    (Number.isInteger(input.expiresInSeconds) &&
      input.expiresInSeconds >= 1 &&
      input.expiresInSeconds <= maxExpirySeconds)
      ? null
      : userError(['input', 'expiresInSeconds'], 'INVALID', `From 1 to ${maxExpirySeconds} seconds`),
    checkText(input.reference, ['input', 'reference']),
  ]);
  for (const [index, line] of input.lines.entries()) {
    const at = ['input', 'lines', index];
    errors.push(
      ...compact([
        checkId('var', line.variantId, [...at, 'variantId']),
        checkQuantity(line.quantity, [...at, 'quantity']),
        line.warehouseId ? checkId('whs', line.warehouseId, [...at, 'warehouseId']) : null,
      ]),
    );
  }
  return errors;
}

/** Every line's variant is known and every named warehouse exists and is active; else all the errors at once. */
async function checkReferences(tx: TenantTx, lines: ReservationLineInput[]): Promise<void> {
  const items = await inventoryItemsByVariant(tx, [...new Set(lines.map((l) => l.variantId))]);
  const known = new Set(items.map((i) => i.variantId));
  const named = [...new Set(lines.flatMap((l) => (l.warehouseId ? [l.warehouseId] : [])))];
  const found = named.length > 0 ? await tx.select().from(warehouses).where(inArray(warehouses.id, named)) : [];
  const byId = new Map(found.map((w) => [w.id, w]));
  const errors: UserError[] = [];
  for (const [index, line] of lines.entries()) {
    if (!known.has(line.variantId)) errors.push(notFoundError('var', ['input', 'lines', index, 'variantId']));
    if (!line.warehouseId) continue;
    const warehouse = byId.get(line.warehouseId);
    if (!warehouse) errors.push(notFoundError('whs', ['input', 'lines', index, 'warehouseId']));
    else if (!warehouse.active) {
      errors.push(userError(['input', 'lines', String(index), 'warehouseId'], 'INACTIVE', 'Warehouse is inactive'));
    }
  }
  if (errors.length > 0) reject(...errors);
}

/**
 * Reserves one line: in its warehouse, or in the first active warehouse (by priority) with enough.
 * Each attempt is one conditional UPDATE, so under any concurrency a unit is reserved at most once.
 */
async function reserveLine(tx: TenantTx, line: ReservationLineInput): Promise<string | { available: number }> {
  const candidates = () =>
    tx
      .select({
        warehouseId: stockLevels.warehouseId,
        available: sql<number>`${stockLevels.onHand} - ${stockLevels.reserved}`,
      })
      .from(stockLevels)
      .innerJoin(warehouses, eq(warehouses.id, stockLevels.warehouseId))
      .where(
        and(
          eq(stockLevels.variantId, line.variantId),
          eq(warehouses.active, true),
          line.warehouseId ? eq(stockLevels.warehouseId, line.warehouseId) : undefined,
        ),
      )
      .orderBy(asc(warehouses.priority), asc(warehouses.id));
  for (const candidate of await candidates()) {
    if (candidate.available < line.quantity) continue;
    const change = { variantId: line.variantId, warehouseId: candidate.warehouseId, onHandDelta: 0 };
    if (await changeStockLevel(tx, { ...change, reservedDelta: line.quantity })) return candidate.warehouseId;
  }
  // Read again for the message: the first read may predate the reservations that just won the race.
  return { available: Math.max(0, ...(await candidates()).map((c) => c.available)) };
}

/**
 * All or nothing: every line is reserved, or none is and the answer says which lines fell short.
 * The idempotency key is claimed first, so a retry (even a concurrent one) gets the first answer.
 */
export async function reserveStock(ctx: RequestContext, input: ReserveStockInput): Promise<ReservationResult> {
  const userErrors = validate(input);
  if (userErrors.length > 0) return { reservation: null, userErrors };
  const print = fingerprint({
    lines: input.lines.map((l) => [l.variantId, l.quantity, l.warehouseId ?? null]),
    expiresInSeconds: input.expiresInSeconds ?? null,
    reference: input.reference ?? null,
  });
  const seconds = input.expiresInSeconds ?? defaultExpirySeconds;
  return mutate<ReservationResult>(ctx, { reservation: null }, async (tx) => {
    const [reservation] = await tx
      .insert(reservations)
      .values({
        id: newId('rsv'),
        idempotencyKey: input.idempotencyKey,
        fingerprint: print,
        reference: blank(input.reference),
        expiresAt: sql`now() + make_interval(secs => ${seconds}::int)`,
      })
      .onConflictDoNothing({ target: reservations.idempotencyKey })
      .returning();
    if (!reservation) {
      const [existing] = await tx
        .select()
        .from(reservations)
        .where(eq(reservations.idempotencyKey, input.idempotencyKey));
      if (!existing || existing.fingerprint !== print) reject(keyReused(['input', 'idempotencyKey']));
      return { reservation: existing, userErrors: [] };
    }
    // Stock held by reservations that ran out returns first, so it can be reserved again right now.
    await expireDueReservations(tx, [...new Set(input.lines.map((l) => l.variantId))]);
    await checkReferences(tx, input.lines);
    // One order for every transaction (variant, then warehouse) keeps row locks deadlock-free.
    const order = [...input.lines.keys()].sort((a, b) => {
      const left = `${input.lines[a]?.variantId}/${input.lines[a]?.warehouseId ?? ''}`;
      const right = `${input.lines[b]?.variantId}/${input.lines[b]?.warehouseId ?? ''}`;
      return left < right ? -1 : left > right ? 1 : a - b;
    });
    const allocated = new Map<number, string>();
    const shortages: UserError[] = [];
    for (const index of order) {
      const line = input.lines[index] as ReservationLineInput;
      const result = await reserveLine(tx, line);
      if (typeof result === 'string') allocated.set(index, result);
      else {
        const field = ['input', 'lines', String(index), 'quantity'];
        const message = `Only ${result.available} available, ${line.quantity} requested`;
        shortages.push(userError(field, 'INSUFFICIENT_STOCK', message));
      }
    }
    if (shortages.length > 0) reject(...shortages);
    await tx.insert(reservationLines).values(
      input.lines.map((line, index) => ({
        reservationId: reservation.id,
        lineNo: index,
        variantId: line.variantId,
        warehouseId: allocated.get(index) as string,
        quantity: line.quantity,
      })),
    );
    await recordAudit(tx, ctx, {
      action: 'reservation.create',
      entityType: 'Reservation',
      entityId: reservation.id,
      after: {
        lines: input.lines.map((l, i) => ({ ...l, warehouseId: allocated.get(i) })),
        expiresAt: reservation.expiresAt,
      },
    });
    return { reservation, userErrors: [] };
  });
}
