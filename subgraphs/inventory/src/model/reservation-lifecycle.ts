import {
  type Database,
  mutate,
  parseId,
  type RequestContext,
  recordAudit,
  reject,
  type TenantBinding,
  type TenantTx,
  type UserError,
  userError,
  withTenant,
} from '@meridian/kit';
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
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

/** Gives reserved units back to their levels (release and expiry). */
async function unreserve(tx: TenantTx, lines: ReservationLineRow[]): Promise<void> {
  for (const level of perLevel(lines)) {
    const row = await changeStockLevel(tx, { ...level, onHandDelta: 0, reservedDelta: -level.quantity });
    // The level's reserved count includes these units by construction: a miss means corrupted state.
    if (!row)
      throw new Error(`level ${level.variantId}/${level.warehouseId} holds fewer reserved units than its lines`);
  }
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

/**
 * Turns an active reservation into sale movements valued FIFO (their cost is the COGS). Committing a
 * committed reservation returns it unchanged, so the caller may retry. Past its expiry a reservation
 * is expired, whether or not the sweep has marked it yet: it cannot be committed.
 */
export async function commitReservation(ctx: RequestContext, input: { id: string }): Promise<ReservationResult> {
  if (!parseId('rsv', input.id)) return { reservation: null, userErrors: [notFoundError('rsv', idField)] };
  return mutate<ReservationResult>(ctx, { reservation: null }, async (tx) => {
    const { reservation, due } = await lockReservation(tx, input.id);
    if (reservation.status === 'committed') return { reservation, userErrors: [] };
    if (reservation.status === 'expired' || due) {
      reject(userError(idField, 'EXPIRED', 'The reservation has expired and can no longer be committed'));
    }
    if (reservation.status !== 'active') {
      reject(userError(idField, 'INVALID_STATE', `The reservation is ${reservation.status}`));
    }
    const { operation } = await openOperation(
      tx,
      {
        kind: 'sale',
        idempotencyKey: null,
        request: { reservationId: reservation.id },
        reference: reservation.reference,
      },
      idField,
    );
    for (const level of perLevel(await linesOf(tx, [reservation.id]))) {
      const sold = await removeStock(tx, {
        operationId: operation.id,
        kind: 'sale',
        key: level,
        quantity: level.quantity,
        fromReserved: true,
      });
      if (!sold) throw new Error(`level ${level.variantId}/${level.warehouseId} lost reserved units`);
    }
    const [committed] = await tx
      .update(reservations)
      .set({ status: 'committed', closedAt: sql`now()`, operationId: operation.id })
      .where(eq(reservations.id, reservation.id))
      .returning();
    await recordAudit(tx, ctx, {
      action: 'reservation.commit',
      entityType: 'Reservation',
      entityId: reservation.id,
      after: { operationId: operation.id },
    });
    return { reservation: committed ?? null, userErrors: [] };
  });
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
