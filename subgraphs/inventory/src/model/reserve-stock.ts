import {
  mutate,
  newId,
  type OutgoingEvent,
  publishEvents,
  type RequestContext,
  recordAudit,
  reject,
  type TenantTx,
  type UserError,
  userError,
} from '@meridian/kit';
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import { inventoryItems, reservationLines, reservations, stockLevels, warehouses } from '../db/schema.ts';
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
import { expireDueReservations, type ReservationLineRow, type ReservationRow } from './reservation-lifecycle.ts';
import { primeReservationLines } from './reservation-read.ts';
import { changeStockLevel } from './stock-level.ts';
import { primeWarehouses, type WarehouseRow } from './warehouse.ts';

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

/** Where a variant can be reserved: its levels in active warehouses, by priority (then id). */
interface Candidate {
  warehouse: WarehouseRow;
  available: number;
}

/**
 * One read for the whole request: which variants inventory keeps, their levels in active warehouses
 * (with what each has available), and whether a reservation touching them is due to expire.
 */
async function survey(tx: TenantTx, variantIds: string[]) {
  // The shape of expireDueReservations' own query (the active-expiry index finds the few due ones).
  const due = tx
    .select({ id: reservations.id })
    .from(reservations)
    .where(
      and(
        eq(reservations.status, 'active'),
        lte(reservations.expiresAt, sql`now()`),
        inArray(
          reservations.id,
          tx
            .select({ id: reservationLines.reservationId })
            .from(reservationLines)
            .where(inArray(reservationLines.variantId, variantIds)),
        ),
      ),
    )
    .limit(1);
  const rows = await tx
    .select({
      variantId: inventoryItems.variantId,
      warehouse: warehouses,
      available: sql<number | null>`${stockLevels.onHand} - ${stockLevels.reserved}`,
      due: sql<boolean>`exists (${due})`,
    })
    .from(inventoryItems)
    .leftJoin(stockLevels, eq(stockLevels.variantId, inventoryItems.variantId))
    .leftJoin(warehouses, and(eq(warehouses.id, stockLevels.warehouseId), eq(warehouses.active, true)))
    .where(inArray(inventoryItems.variantId, variantIds))
    .orderBy(asc(warehouses.priority), asc(warehouses.id));
  const candidates = new Map<string, Candidate[]>(variantIds.map((id) => [id, []]));
  const known = new Set<string>();
  for (const row of rows) {
    known.add(row.variantId);
    if (row.warehouse && row.available !== null) {
      candidates.get(row.variantId)?.push({ warehouse: row.warehouse, available: row.available });
    }
  }
  return { known, candidates, due: rows.some((r) => r.due) };
}

/** Every line's variant is known and every named warehouse exists and is active; else all the errors at once. */
async function checkReferences(tx: TenantTx, lines: ReservationLineInput[], known: Set<string>): Promise<void> {
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

/** What is available now for the line (read again for the message after a shortage). */
async function availableNow(tx: TenantTx, line: ReservationLineInput): Promise<number> {
  const rows = await tx
    .select({ available: sql<number>`${stockLevels.onHand} - ${stockLevels.reserved}` })
    .from(stockLevels)
    .innerJoin(warehouses, eq(warehouses.id, stockLevels.warehouseId))
    .where(
      and(
        eq(stockLevels.variantId, line.variantId),
        eq(warehouses.active, true),
        line.warehouseId ? eq(stockLevels.warehouseId, line.warehouseId) : undefined,
      ),
    );
  return Math.max(0, ...rows.map((r) => r.available));
}

/** Tries the candidates in priority order; `trustSurvey` skips those the survey says are short. */
async function tryCandidates(
  tx: TenantTx,
  line: ReservationLineInput,
  candidates: Candidate[],
  events: OutgoingEvent[],
  trustSurvey: boolean,
): Promise<WarehouseRow | null> {
  for (const candidate of candidates) {
    if (line.warehouseId && candidate.warehouse.id !== line.warehouseId) continue;
    if (trustSurvey && candidate.available < line.quantity) continue;
    const change = { variantId: line.variantId, warehouseId: candidate.warehouse.id, onHandDelta: 0 };
    const level = await changeStockLevel(tx, { ...change, reservedDelta: line.quantity }, events);
    if (level) {
      candidate.available = level.onHand - level.reserved;
      return candidate.warehouse;
    }
  }
  return null;
}

/**
 * Reserves one line: in its warehouse, or in the first active warehouse (by priority) with enough.
 * Each attempt is one conditional UPDATE, so under any concurrency a unit is reserved at most once;
 * the survey only picks the order of the attempts (its figures follow this request's own changes).
 * A shortage is read again: stock that arrived since the survey gets every warehouse tried once more,
 * so a shopper is never refused with "only 5 available, 3 requested".
 */
export async function reserveLine(
  tx: TenantTx,
  line: ReservationLineInput,
  candidates: Candidate[],
  events: OutgoingEvent[],
): Promise<WarehouseRow | { available: number }> {
  const reserved = await tryCandidates(tx, line, candidates, events, true);
  if (reserved) return reserved;
  const available = await availableNow(tx, line);
  if (available < line.quantity) return { available };
  return (await tryCandidates(tx, line, candidates, events, false)) ?? { available: await availableNow(tx, line) };
}

/**
 * All or nothing: every line is reserved, or none is and the answer says which lines fell short.
 * The idempotency key is claimed first, so a retry (even a concurrent one) gets the first answer.
 * The answer's lines and their warehouses are primed for the response, which reads nothing more.
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
  let made: { lines: ReservationLineRow[]; warehouses: WarehouseRow[] } | null = null;
  const result = await mutate<ReservationResult>(ctx, { reservation: null }, async (tx) => {
    made = null;
    const variantIds = [...new Set(input.lines.map((l) => l.variantId))];
    // The claim and the survey are sent together (one round trip; the server runs them in this order).
    const claimed = tx
      .insert(reservations)
      .values({
        id: newId('rsv'),
        idempotencyKey: input.idempotencyKey,
        fingerprint: print,
        reference: blank(input.reference),
        expiresAt: sql`now() + make_interval(secs => ${seconds}::int)`,
      })
      .onConflictDoNothing({ target: reservations.idempotencyKey })
      .returning()
      .execute();
    const surveyed = survey(tx, variantIds);
    const [[reservation], first] = await Promise.all([claimed, surveyed]);
    if (!reservation) {
      const [existing] = await tx
        .select()
        .from(reservations)
        .where(eq(reservations.idempotencyKey, input.idempotencyKey));
      if (!existing || existing.fingerprint !== print) reject(keyReused(['input', 'idempotencyKey']));
      return { reservation: existing, userErrors: [] };
    }
    let found = first;
    if (found.due) {
      // Stock held by reservations that ran out returns first, so it can be reserved again right now.
      await expireDueReservations(tx, variantIds);
      found = await survey(tx, variantIds);
    }
    await checkReferences(tx, input.lines, found.known);
    // One order for every transaction (variant, then warehouse) keeps row locks deadlock-free.
    const order = [...input.lines.keys()].sort((a, b) => {
      const left = `${input.lines[a]?.variantId}/${input.lines[a]?.warehouseId ?? ''}`;
      const right = `${input.lines[b]?.variantId}/${input.lines[b]?.warehouseId ?? ''}`;
      return left < right ? -1 : left > right ? 1 : a - b;
    });
    const allocated = new Map<number, WarehouseRow>();
    const shortages: UserError[] = [];
    const events: OutgoingEvent[] = [];
    for (const index of order) {
      const line = input.lines[index] as ReservationLineInput;
      const result = await reserveLine(tx, line, found.candidates.get(line.variantId) ?? [], events);
      if ('available' in result) {
        const field = ['input', 'lines', String(index), 'quantity'];
        const message = `Only ${result.available} available, ${line.quantity} requested`;
        shortages.push(userError(field, 'INSUFFICIENT_STOCK', message));
      } else allocated.set(index, result);
    }
    if (shortages.length > 0) reject(...shortages);
    const written = tx
      .insert(reservationLines)
      .values(
        input.lines.map((line, index) => ({
          reservationId: reservation.id,
          lineNo: index,
          variantId: line.variantId,
          warehouseId: allocated.get(index)?.id as string,
          quantity: line.quantity,
        })),
      )
      .returning()
      .execute();
    // The lines, the events and the audit record go together (one round trip while the levels are locked).
    const [lines] = await Promise.all([
      written,
      publishEvents(tx, events),
      recordAudit(tx, ctx, {
        action: 'reservation.create',
        entityType: 'Reservation',
        entityId: reservation.id,
        after: {
          lines: input.lines.map((l, i) => ({ ...l, warehouseId: allocated.get(i)?.id })),
          expiresAt: reservation.expiresAt,
        },
      }),
    ]);
    made = { lines: lines.sort((a, b) => a.lineNo - b.lineNo), warehouses: [...allocated.values()] };
    return { reservation, userErrors: [] };
  });
  const primed = made as { lines: ReservationLineRow[]; warehouses: WarehouseRow[] } | null;
  if (result.reservation && primed) {
    primeReservationLines(ctx, result.reservation.id, primed.lines);
    primeWarehouses(ctx, primed.warehouses);
  }
  return result;
}
