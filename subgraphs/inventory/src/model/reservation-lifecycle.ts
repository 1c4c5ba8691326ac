import {
  type Database,
  idToUuid,
  mutate,
  type OutgoingEvent,
  parseId,
  publishEvents,
  type RequestContext,
  recordAudit,
  reject,
  type TenantBinding,
  type TenantTx,
  type UserError,
  userError,
  uuidToId,
  withTenant,
} from '@meridian/kit';
import { and, asc, eq, getTableColumns, gt, inArray, lte, sql } from 'drizzle-orm';
import { reservationLines, reservations } from '../db/schema.ts';
import { notFoundError } from './inventory-input.ts';
import { openOperation } from './stock-journal.ts';
import { removeStock } from './stock-ledger.ts';
import { byLevelKey, changeStockLevel, type LevelKey } from './stock-level.ts';

export type ReservationRow = typeof reservations.$inferSelect;
export type ReservationLineRow = typeof reservationLines.$inferSelect;

type ReservationResult = { reservation: ReservationRow | null; userErrors: UserError[] };

const idField = ['input', 'id'];

function linesOf(tx: TenantTx, reservationIds: string[]): Promise<ReservationLineRow[]> {
  return tx
    .select()
    .from(reservationLines)
    .where(inArray(reservationLines.reservationId, reservationIds))
    .orderBy(asc(reservationLines.reservationId), asc(reservationLines.lineNo));
}

/** Units per level, in lock order: one UPDATE per level even when several lines share it. */
function perLevel(lines: ReservationLineRow[]): (LevelKey & { quantity: number })[] {
  const totals = new Map<string, LevelKey & { quantity: number }>();
  for (const line of lines) {
    const key = `${line.variantId}/${line.warehouseId}`;
    const total = totals.get(key) ?? { variantId: line.variantId, warehouseId: line.warehouseId, quantity: 0 };
    total.quantity += line.quantity;
    totals.set(key, total);
  }
  return [...totals.values()].sort(byLevelKey);
}

/** Gives reserved units back to their levels (release and expiry), their events in one statement. */
async function unreserve(tx: TenantTx, lines: ReservationLineRow[]): Promise<void> {
  const events: OutgoingEvent[] = [];
  for (const level of perLevel(lines)) {
    const row = await changeStockLevel(tx, { ...level, onHandDelta: 0, reservedDelta: -level.quantity }, events);
    // The level's reserved count includes these units by construction: a miss means corrupted state.
    if (!row)
      throw new Error(`level ${level.variantId}/${level.warehouseId} holds fewer reserved units than its lines`);
  }
  await publishEvents(tx, events);
}

/**
 * Expires the active reservations whose time is up (only those touching `variantIds`, when given)
 * and returns their stock. Locks them in id order, and skips any another transaction closed first.
 */
export async function expireDueReservations(tx: TenantTx, variantIds?: string[]): Promise<number> {
  const touching = variantIds
    ? inArray(
        reservations.id,
        tx
          .select({ id: reservationLines.reservationId })
          .from(reservationLines)
          .where(inArray(reservationLines.variantId, variantIds)),
      )
    : undefined;
  const due = await tx
    .select({ id: reservations.id })
    .from(reservations)
    .where(and(eq(reservations.status, 'active'), lte(reservations.expiresAt, sql`now()`), touching))
    .orderBy(asc(reservations.id))
    .for('update');
  if (due.length === 0) return 0;
  const ids = due.map((r) => r.id);
  await tx.update(reservations).set({ status: 'expired', closedAt: sql`now()` }).where(inArray(reservations.id, ids));
  await unreserve(tx, await linesOf(tx, ids));
  return ids.length;
}

/**
 * The periodic sweep: expires due reservations in each tenant (one transaction per tenant). Reads
 * already ignore due reservations and reserving expires them first, so the sweep only makes the
 * stored counts and the `stock-changed` events catch up.
 */
export async function sweepExpiredReservations(database: Database, tenants: TenantBinding[]): Promise<number> {
  let expired = 0;
  for (const tenant of tenants) expired += await withTenant(database, tenant, (tx) => expireDueReservations(tx));
  return expired;
}

/** The reservation, locked; `due` when it is active but its time is up (by the database's clock). */
async function lockReservation(tx: TenantTx, id: string): Promise<{ reservation: ReservationRow; due: boolean }> {
  const [row] = await tx
    .select({ reservation: reservations, due: sql<boolean>`${reservations.expiresAt} <= now()` })
    .from(reservations)
    .where(eq(reservations.id, id))
    .for('update');
  if (!row) reject(notFoundError('rsv', idField));
  return { reservation: row.reservation, due: row.reservation.status === 'active' && row.due };
}

/** A reservation's lines as JSON, read in the statement that returns the reservation. */
const linesJson = sql<{ line_no: number; variant_id: string; warehouse_id: string; quantity: number }[]>`(
  select coalesce(json_agg(json_build_object('line_no', l.line_no, 'variant_id', l.variant_id,
    'warehouse_id', l.warehouse_id, 'quantity', l.quantity) order by l.line_no), '[]'::json)
  from reservation_lines l where l.reservation_id = ${reservations.id})`;

/** Thrown (rolling back the sale's journal entry) when the reservation is not active or is past its time. */
class NotCommittable extends Error {}

/**
 * Turns an active reservation into sale movements valued FIFO (their cost is the COGS). Committing a
 * committed reservation returns it unchanged, so the caller may retry. Past its expiry a reservation
 * is expired, whether or not the sweep has marked it yet: it cannot be committed.
 */
export async function commitReservation(ctx: RequestContext, input: { id: string }): Promise<ReservationResult> {
  if (!parseId('rsv', input.id)) return { reservation: null, userErrors: [notFoundError('rsv', idField)] };
  try {
    return await mutate<ReservationResult>(ctx, { reservation: null }, async (tx) => {
      // The sale's journal entry first (the reservation names it), then one statement turns the reservation
      // committed only if it is active and in time, locking it as `for update` would, and returns its lines.
      const { operation } = await openOperation(
        tx,
        {
          kind: 'sale',
          idempotencyKey: null,
          request: { reservationId: input.id },
          reference: sql`(select reference from reservations where id = ${idToUuid('rsv', input.id)})`,
        },
        idField,
      );
      const [claimed] = await tx
        .update(reservations)
        .set({ status: 'committed', closedAt: sql`now()`, operationId: operation.id })
        .where(
          and(eq(reservations.id, input.id), eq(reservations.status, 'active'), gt(reservations.expiresAt, sql`now()`)),
        )
        .returning({ ...getTableColumns(reservations), lines: linesJson });
      if (!claimed) throw new NotCommittable();
      const { lines, ...committed } = claimed;
      const events: OutgoingEvent[] = [];
      for (const level of perLevel(lines.map((l) => lineOf(committed.id, l)))) {
        const entry = { operationId: operation.id, kind: 'sale' as const, key: level, quantity: level.quantity };
        const sold = await removeStock(tx, { ...entry, fromReserved: true }, events);
        if (!sold) throw new Error(`level ${level.variantId}/${level.warehouseId} lost reserved units`);
      }
      await Promise.all([
        publishEvents(tx, events),
        recordAudit(tx, ctx, {
          action: 'reservation.commit',
          entityType: 'Reservation',
          entityId: committed.id,
          after: { operationId: operation.id },
        }),
      ]);
      return { reservation: committed, userErrors: [] };
    });
  } catch (error) {
    if (!(error instanceof NotCommittable)) throw error;
  }
  // Not committable: the answer comes from the reservation as it stands (nothing was written).
  return mutate<ReservationResult>(ctx, { reservation: null }, async (tx) => {
    const { reservation, due } = await lockReservation(tx, input.id);
    if (reservation.status === 'committed') return { reservation, userErrors: [] };
    if (reservation.status === 'expired' || due) {
      reject(userError(idField, 'EXPIRED', 'The reservation has expired and can no longer be committed'));
    }
    if (reservation.status !== 'active') {
      reject(userError(idField, 'INVALID_STATE', `The reservation is ${reservation.status}`));
    }
    // Active and in time, yet the conditional update missed it: only a clock step back could do that.
    throw new Error(`reservation ${reservation.id} could not be committed`);
  });
}

function lineOf(
  reservationId: string,
  line: { line_no: number; variant_id: string; warehouse_id: string; quantity: number },
): ReservationLineRow {
  return {
    reservationId,
    lineNo: line.line_no,
    variantId: uuidToId('var', line.variant_id),
    warehouseId: uuidToId('whs', line.warehouse_id),
    quantity: line.quantity,
  };
}

/**
 * Returns the reserved stock. Releasing again, or releasing an expired reservation, changes nothing;
 * one past its expiry but not yet marked is marked expired (its stock returns all the same).
 */
export async function releaseReservation(ctx: RequestContext, input: { id: string }): Promise<ReservationResult> {
  if (!parseId('rsv', input.id)) return { reservation: null, userErrors: [notFoundError('rsv', idField)] };
  return mutate<ReservationResult>(ctx, { reservation: null }, async (tx) => {
    const { reservation, due } = await lockReservation(tx, input.id);
    if (reservation.status === 'released' || reservation.status === 'expired') {
      return { reservation, userErrors: [] };
    }
    if (reservation.status === 'committed') {
      reject(userError(idField, 'INVALID_STATE', 'The reservation is committed: its stock is sold'));
    }
    await unreserve(tx, await linesOf(tx, [reservation.id]));
    const [released] = await tx
      .update(reservations)
      .set({ status: due ? 'expired' : 'released', closedAt: sql`now()` })
      .where(eq(reservations.id, reservation.id))
      .returning();
    await recordAudit(tx, ctx, { action: 'reservation.release', entityType: 'Reservation', entityId: reservation.id });
    return { reservation: released ?? null, userErrors: [] };
  });
}

export { linesOf as reservationLinesOf };
