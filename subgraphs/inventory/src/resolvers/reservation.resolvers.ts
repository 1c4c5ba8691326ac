import type { Resolvers } from '@meridian/kit';
import { toConnection } from '@meridian/kit';
import type { ReservationStatus } from '../db/schema.ts';
import { operationById } from '../model/journal-read.ts';
import {
  commitReservation,
  type ReservationLineRow,
  type ReservationRow,
  releaseReservation,
} from '../model/reservation-lifecycle.ts';
import {
  findReservation,
  linesOfReservation,
  listReservations,
  type ReservationFilter,
} from '../model/reservation-read.ts';
import { type ReserveStockInput, reserveStock } from '../model/reserve-stock.ts';
import { warehouseById } from '../model/warehouse.ts';
import { fromGraphEnum, reference, toGraphEnum } from './graph-values.ts';

export const reservationResolvers: Resolvers = {
  Query: {
    reservation: (_parent, args: { id: string }, ctx) => findReservation(ctx, args.id),
    reservations: async (_parent, args: ReservationFilter & { status?: string }, ctx) => {
      const page = await listReservations(ctx, { ...args, status: fromGraphEnum<ReservationStatus>(args.status) });
      return toConnection(page.nodes, { hasNextPage: page.hasNextPage, cursorOf: (r) => r.id });
    },
  },
  Mutation: {
    reserveStock: (_parent, args: { input: ReserveStockInput }, ctx) => reserveStock(ctx, args.input),
    commitReservation: (_parent, args: { input: { id: string } }, ctx) => commitReservation(ctx, args.input),
    releaseReservation: (_parent, args: { input: { id: string } }, ctx) => releaseReservation(ctx, args.input),
  },
  Reservation: {
    // Past its expiry a reservation is expired, before the sweep marks it so (reads count it as returned).
    status: (reservation: ReservationRow) =>
      toGraphEnum(
        reservation.status === 'active' && reservation.expiresAt.getTime() <= Date.now()
          ? 'expired'
          : reservation.status,
      ),
    lines: (reservation: ReservationRow, _args, ctx) => linesOfReservation(ctx, reservation.id),
    operation: (reservation: ReservationRow, _args, ctx) =>
      reservation.operationId ? operationById(ctx, reservation.operationId) : null,
  },
  ReservationLine: {
    variant: (line: ReservationLineRow) => reference(line.variantId),
    warehouse: (line: ReservationLineRow, _args, ctx) => warehouseById(ctx, line.warehouseId),
  },
};
