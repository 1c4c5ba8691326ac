import { loaderFor, notFound, pageSize, parseId, type RequestContext, read } from '@meridian/kit';
import { and, desc, eq, inArray, lt } from 'drizzle-orm';
import { type ReservationStatus, reservationLines, reservations } from '../db/schema.ts';
import { requireFilterTargets } from './inventory-item.ts';
import { type ReservationLineRow, type ReservationRow, reservationLinesOf } from './reservation-lifecycle.ts';

export async function findReservation(ctx: RequestContext, id: string): Promise<ReservationRow> {
  const [reservation] = await read(ctx, (tx) => tx.select().from(reservations).where(eq(reservations.id, id)));
  if (!reservation) throw notFound('Reservation');
  return reservation;
}

export interface ReservationFilter {
  first?: number | null;
  after?: string | null;
  status?: ReservationStatus | null;
  variantId?: string | null;
}

/** Newest first. */
export async function listReservations(ctx: RequestContext, filter: ReservationFilter) {
  const limit = pageSize(filter.first);
  const rows = await read(ctx, async (tx) => {
    await requireFilterTargets(tx, { variantId: filter.variantId ?? null });
    return tx
      .select()
      .from(reservations)
      .where(
        and(
          filter.status ? eq(reservations.status, filter.status) : undefined,
          filter.variantId
            ? inArray(
                reservations.id,
                tx
                  .select({ id: reservationLines.reservationId })
                  .from(reservationLines)
                  .where(eq(reservationLines.variantId, filter.variantId)),
              )
            : undefined,
          filter.after && parseId('rsv', filter.after) ? lt(reservations.id, filter.after) : undefined,
        ),
      )
      .orderBy(desc(reservations.id))
      .limit(limit + 1);
  });
  return { nodes: rows.slice(0, limit), hasNextPage: rows.length > limit };
}

export function linesOfReservation(ctx: RequestContext, reservationId: string): Promise<ReservationLineRow[]> {
  return linesLoader(ctx)
    .load(reservationId)
    .then((rows) => rows ?? []);
}

/** Lines a request just wrote (a new reservation's): answered without a query. */
export function primeReservationLines(ctx: RequestContext, reservationId: string, lines: ReservationLineRow[]): void {
  linesLoader(ctx).prime(reservationId, lines);
}

function linesLoader(ctx: RequestContext) {
  return loaderFor<string, ReservationLineRow[]>(ctx, 'linesByReservation', async (ids) => {
    const rows = await read(ctx, (tx) => reservationLinesOf(tx, [...ids]));
    const byReservation = new Map<string, ReservationLineRow[]>();
    for (const row of rows) {
      byReservation.set(row.reservationId, [...(byReservation.get(row.reservationId) ?? []), row]);
    }
    return byReservation;
  });
}
