import type { RequestContext } from '@meridian/kit';
import type { StockAllocation } from '../db/types.ts';
import { callService, type RemoteUserError } from './services.ts';

const reserveMutation = `mutation CommerceReserveStock($input: ReserveStockInput!) {
  reserveStock(input: $input) {
    reservation { id lines { quantity variant { id } warehouse { id } } }
    userErrors { field code message }
  }
}`;

interface RemoteReservation {
  reserveStock: {
    reservation: {
      id: string;
      lines: { quantity: number; variant: { id: string }; warehouse: { id: string } }[];
    } | null;
    userErrors: RemoteUserError[];
  };
}

/**
 * Holds stock for a checkout, all lines or none. The key is derived from the checkout, so a retry (or a
 * double click) gets the same reservation instead of a second one.
 */
export async function reserveStock(
  ctx: RequestContext,
  input: {
    idempotencyKey: string;
    reference: string;
    expiresInSeconds: number;
    lines: { variantId: string; quantity: number }[];
  },
): Promise<{ reservationId: string | null; allocation: StockAllocation[]; userErrors: RemoteUserError[] }> {
  const data = await callService<RemoteReservation>(ctx, 'inventory', reserveMutation, { input }, ['inventory:write']);
  const { reservation, userErrors } = data.reserveStock;
  return {
    reservationId: reservation?.id ?? null,
    allocation:
      reservation?.lines.map((l) => ({ variantId: l.variant.id, warehouseId: l.warehouse.id, quantity: l.quantity })) ??
      [],
    userErrors,
  };
}

const lifecycle = (name: 'commitReservation' | 'releaseReservation') => `mutation($id: ID!) {
  ${name}(input: { id: $id }) { reservation { id status } userErrors { field code message } }
}`;

type LifecycleResult = { reservation: { id: string; status: string } | null; userErrors: RemoteUserError[] };

/** Turns the reservation into sales (stock leaves on hand). Committing again changes nothing. */
export async function commitReservation(ctx: RequestContext, reservationId: string): Promise<LifecycleResult> {
  const data = await callService<{ commitReservation: LifecycleResult }>(
    ctx,
    'inventory',
    lifecycle('commitReservation'),
    { id: reservationId },
    ['inventory:write'],
  );
  return data.commitReservation;
}

/** Gives the held stock back. Releasing again (or an expired reservation) changes nothing. */
export async function releaseReservation(ctx: RequestContext, reservationId: string): Promise<LifecycleResult> {
  const data = await callService<{ releaseReservation: LifecycleResult }>(
    ctx,
    'inventory',
    lifecycle('releaseReservation'),
    { id: reservationId },
    ['inventory:write'],
  );
  return data.releaseReservation;
}

const adjustMutation = `mutation CommerceRestock($input: AdjustStockInput!) {
  adjustStock(input: $input) { operation { id } userErrors { field code message } }
}`;

/**
 * Puts sold units back on hand (a cancelled paid order, a received return), one adjustment per warehouse
 * and variant, each with its own idempotency key so a retry restocks nothing twice.
 */
export async function restock(
  ctx: RequestContext,
  keyPrefix: string,
  reason: string,
  allocation: StockAllocation[],
): Promise<RemoteUserError[]> {
  const errors: RemoteUserError[] = [];
  for (const line of allocation) {
    if (line.quantity <= 0) continue;
    const data = await callService<{ adjustStock: { userErrors: RemoteUserError[] } }>(
      ctx,
      'inventory',
      adjustMutation,
      {
        input: {
          idempotencyKey: `${keyPrefix}:${line.variantId}:${line.warehouseId}`,
          variantId: line.variantId,
          warehouseId: line.warehouseId,
          delta: line.quantity,
          reason,
        },
      },
      ['inventory:write'],
    );
    errors.push(...data.adjustStock.userErrors);
  }
  return errors;
}

const availabilityQuery = `query CommerceAvailability($r: [_Any!]!) {
  _entities(representations: $r) { ... on ProductVariant { id available } }
}`;

/**
 * Units each variant can still be sold (inventory's `ProductVariant.available`, as the storefront sees
 * it), for a cart to refuse more than there is. Advisory: only the reservation at checkout holds stock.
 */
export async function availableUnits(ctx: RequestContext, variantIds: string[]): Promise<Map<string, number>> {
  if (variantIds.length === 0) return new Map();
  const data = await callService<{ _entities: ({ id: string; available: number } | null)[] }>(
    ctx,
    'inventory',
    availabilityQuery,
    { r: variantIds.map((id) => ({ __typename: 'ProductVariant', id })) },
    [],
  );
  return new Map(data._entities.flatMap((e) => (e ? [[e.id, e.available] as const] : [])));
}
