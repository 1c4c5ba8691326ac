import {
  mutate,
  newId,
  Problems,
  parseId,
  previousResult,
  publishEvent,
  type RequestContext,
  recordAudit,
  recordIdempotentResult,
  refuse,
  reject,
  type UserError,
} from '@meridian/kit';
import { eq } from 'drizzle-orm';
import { CommerceError } from '../commerce.errors.ts';
import { orderLines, orders, shipments } from '../db/schema.ts';
import type { QuantityLine } from '../db/types.ts';
import { orderFulfilled, shipmentShipped } from '../events.ts';
import { factsOf, nextStatus, type OrderAction } from './order-state.ts';
import {
  lockOrder,
  type OrderLineRow,
  type OrderRow,
  orderPayload,
  type ShipmentRow,
  shipmentsOfOrders,
} from './order-store.ts';
import { addTimeline } from './timeline.ts';
import { checkIdempotencyKey, checkQuantity, checkText } from './validate.ts';

type FulfilPayload = { order: OrderRow | null; shipment: ShipmentRow | null; userErrors: UserError[] };

export interface FulfilInput {
  orderId: string;
  /** Omit for everything not yet fulfilled. */
  lines?: QuantityLine[] | null;
  carrier?: string | null;
  trackingNumber?: string | null;
  trackingUrl?: string | null;
  idempotencyKey?: string | null;
}

function checkTracking(
  problems: Problems,
  input: { carrier?: string | null; trackingNumber?: string | null; trackingUrl?: string | null },
) {
  const carrier = checkText(problems, ['carrier'], input.carrier, { max: 60 });
  const trackingNumber = checkText(problems, ['trackingNumber'], input.trackingNumber, { max: 100 });
  const trackingUrl = checkText(problems, ['trackingUrl'], input.trackingUrl, { max: 500 });
  if (trackingUrl && !/^https:\/\/\S+$/.test(trackingUrl))
    problems.add(['trackingUrl'], CommerceError.INVALID, 'An https URL');
  return { carrier, trackingNumber, trackingUrl };
}

/** Applies an action through the state machine, or refuses it (INVALID_TRANSITION at `field`). */
export function transition(
  order: OrderRow,
  action: OrderAction,
  lines: OrderLineRow[],
  shipped: ShipmentRow[],
  field: string[] = ['orderId'],
) {
  const result = nextStatus(order.status, action, factsOf(lines, shipped, order));
  if (!result.ok) refuse(field, CommerceError.INVALID_TRANSITION, result.message);
  return result.status;
}

/**
 * Packs units into a shipment (the stock was committed at payment). With a tracking number the shipment
 * leaves at once; otherwise `markShipmentShipped` sends it later.
 */
export async function fulfillOrder(ctx: RequestContext, input: FulfilInput): Promise<FulfilPayload> {
  const problems = new Problems();
  if (!parseId('ord', input.orderId)) problems.add(['orderId'], CommerceError.NOT_FOUND, 'Order not found');
  const tracking = checkTracking(problems, input);
  const key = checkIdempotencyKey(problems, ['idempotencyKey'], input.idempotencyKey);
  input.lines?.forEach((l, i) => {
    if (!parseId('oli', l.lineId))
      problems.add(['lines', i, 'lineId'], CommerceError.NOT_FOUND, 'Order line not found');
    checkQuantity(problems, ['lines', i, 'quantity'], l.quantity);
  });
  if (!problems.ok) return { order: null, shipment: null, userErrors: problems.list };
  const empty = { order: null, shipment: null };
  return mutate<FulfilPayload>(ctx, empty, async (tx) => {
    const previous = await previousResult(tx, 'fulfillOrder', key);
    if (previous) {
      const [shipment] = await tx.select().from(shipments).where(eq(shipments.id, previous));
      const [order] = await tx.select().from(orders).where(eq(orders.id, input.orderId));
      return { order: order ?? null, shipment: shipment ?? null, userErrors: [] };
    }
    const locked = await lockOrder(tx, input.orderId);
    if (!locked) refuse(['orderId'], CommerceError.NOT_FOUND, 'Order not found');
    const { order, lines } = locked;
    const wanted =
      input.lines ??
      lines.map((l) => ({ lineId: l.id, quantity: l.quantity - l.fulfilledQuantity })).filter((l) => l.quantity > 0);
    const lineProblems = new Problems();
    const merged = new Map<string, number>();
    wanted.forEach((w, i) => {
      const line = lines.find((l) => l.id === w.lineId);
      const total = (merged.get(w.lineId) ?? 0) + w.quantity;
      if (!line) lineProblems.add(['lines', i, 'lineId'], CommerceError.NOT_FOUND, 'Order line not found');
      else if (total > line.quantity - line.fulfilledQuantity) {
        lineProblems.add(
          ['lines', i, 'quantity'],
          CommerceError.EXCEEDS_QUANTITY,
          `Only ${line.quantity - line.fulfilledQuantity} left to fulfil`,
        );
      }
      merged.set(w.lineId, total);
    });
    if (!lineProblems.ok) reject(lineProblems);
    if (merged.size === 0) refuse(['lines'], CommerceError.NOTHING_TO_FULFIL, 'Everything is fulfilled already');
    const after = lines.map((l) => ({ ...l, fulfilledQuantity: l.fulfilledQuantity + (merged.get(l.id) ?? 0) }));
    const shipped = Boolean(tracking.trackingNumber);
    const now = new Date();
    const shipment: ShipmentRow = {
      id: newId('shp'),
      orderId: order.id,
      status: shipped ? 'shipped' : 'pending',
      ...tracking,
      lines: [...merged].map(([lineId, quantity]) => ({ lineId, quantity })),
      createdAt: now,
      shippedAt: shipped ? now : null,
      deliveredAt: null,
    };
    const others = await shipmentsOfOrders(tx, [order.id]);
    let status = transition(order, 'fulfil', after, [...others, shipment]);
    if (shipped) status = transition({ ...order, status }, 'ship', after, [...others, shipment]);
    await tx.insert(shipments).values(shipment);
    for (const [lineId, quantity] of merged) {
      const line = lines.find((l) => l.id === lineId) as OrderLineRow;
      await tx
        .update(orderLines)
        .set({ fulfilledQuantity: line.fulfilledQuantity + quantity })
        .where(eq(orderLines.id, lineId));
    }
    const [updated] = await tx
      .update(orders)
      .set({ status, updatedAt: now })
      .where(eq(orders.id, order.id))
      .returning();
    const complete = after.every((l) => l.fulfilledQuantity === l.quantity);
    await addTimeline(
      tx,
      ctx,
      order.id,
      'fulfilled',
      `${[...merged.values()].reduce((a, b) => a + b, 0)} unit(s) packed in shipment ${shipment.id}`,
      { shipmentId: shipment.id },
    );
    await publishEvent(
      tx,
      orderFulfilled.create(
        {
          ...orderPayload(updated ?? order, after),
          shipment: {
            shipmentId: shipment.id,
            carrier: shipment.carrier,
            trackingNumber: shipment.trackingNumber,
            lines: shipment.lines.map((l) => {
              const line = lines.find((x) => x.id === l.lineId) as OrderLineRow;
              return { lineId: l.lineId, variantId: line.variantId, sku: line.sku, quantity: l.quantity };
            }),
          },
          complete,
        },
        { key: order.id },
      ),
    );
    if (shipped) await announceShipment(tx, ctx, updated ?? order, lines, shipment);
    await recordIdempotentResult(tx, 'fulfillOrder', key, shipment.id);
    await recordAudit(tx, ctx, {
      action: 'order.fulfil',
      entityType: 'Order',
      entityId: order.id,
      after: { status, shipment },
    });
    return { order: updated ?? null, shipment, userErrors: [] };
  });
}

async function announceShipment(
  tx: Parameters<typeof addTimeline>[0],
  ctx: RequestContext,
  order: OrderRow,
  lines: OrderLineRow[],
  shipment: ShipmentRow,
) {
  await addTimeline(
    tx,
    ctx,
    order.id,
    'shipped',
    `Shipment ${shipment.id} left${shipment.carrier ? ` with ${shipment.carrier}` : ''}${shipment.trackingNumber ? ` (${shipment.trackingNumber})` : ''}`,
    { shipmentId: shipment.id },
  );
  await publishEvent(
    tx,
    shipmentShipped.create(
      {
        orderId: order.id,
        number: order.number,
        email: order.email,
        shipmentId: shipment.id,
        carrier: shipment.carrier,
        trackingNumber: shipment.trackingNumber,
        trackingUrl: shipment.trackingUrl,
        lines: shipment.lines.map((l) => {
          const line = lines.find((x) => x.id === l.lineId);
          return { sku: line?.sku ?? '', title: line?.title ?? '', quantity: l.quantity };
        }),
      },
      { key: order.id },
    ),
  );
}

type ShipmentPayload = { shipment: ShipmentRow | null; order: OrderRow | null; userErrors: UserError[] };

/** A shipment leaves (pending → shipped) or arrives (shipped → delivered); the order follows. */
export async function moveShipment(
  ctx: RequestContext,
  to: 'shipped' | 'delivered',
  input: { shipmentId: string; carrier?: string | null; trackingNumber?: string | null; trackingUrl?: string | null },
): Promise<ShipmentPayload> {
  const problems = new Problems();
  if (!parseId('shp', input.shipmentId)) problems.add(['shipmentId'], CommerceError.NOT_FOUND, 'Shipment not found');
  const tracking = checkTracking(problems, input);
  if (!problems.ok) return { shipment: null, order: null, userErrors: problems.list };
  return mutate<ShipmentPayload>(ctx, { shipment: null, order: null }, async (tx) => {
    const [found] = await tx.select().from(shipments).where(eq(shipments.id, input.shipmentId));
    if (!found) refuse(['shipmentId'], CommerceError.NOT_FOUND, 'Shipment not found');
    const locked = await lockOrder(tx, found.orderId);
    if (!locked) refuse(['shipmentId'], CommerceError.NOT_FOUND, 'Shipment not found');
    const [shipment] = await tx.select().from(shipments).where(eq(shipments.id, input.shipmentId)).for('update');
    const from = to === 'shipped' ? 'pending' : 'shipped';
    if (!shipment || shipment.status !== from) {
      refuse(['shipmentId'], CommerceError.INVALID_TRANSITION, `A ${shipment?.status} shipment cannot be ${to}`);
    }
    const now = new Date();
    const moved: ShipmentRow = {
      ...shipment,
      status: to,
      ...(to === 'shipped'
        ? {
            shippedAt: now,
            carrier: tracking.carrier ?? shipment.carrier,
            trackingNumber: tracking.trackingNumber ?? shipment.trackingNumber,
            trackingUrl: tracking.trackingUrl ?? shipment.trackingUrl,
          }
        : { deliveredAt: now }),
    };
    const all = (await shipmentsOfOrders(tx, [locked.order.id])).map((s) => (s.id === moved.id ? moved : s));
    const status = transition(locked.order, to === 'shipped' ? 'ship' : 'deliver', locked.lines, all, ['shipmentId']);
    await tx.update(shipments).set(moved).where(eq(shipments.id, moved.id));
    const [order] = await tx
      .update(orders)
      .set({ status, updatedAt: now })
      .where(eq(orders.id, locked.order.id))
      .returning();
    if (to === 'shipped') await announceShipment(tx, ctx, order ?? locked.order, locked.lines, moved);
    else
      await addTimeline(tx, ctx, locked.order.id, 'delivered', `Shipment ${moved.id} delivered`, {
        shipmentId: moved.id,
      });
    await recordAudit(tx, ctx, {
      action: `shipment.${to === 'shipped' ? 'ship' : 'deliver'}`,
      entityType: 'Shipment',
      entityId: moved.id,
      before: shipment,
      after: moved,
    });
    return { shipment: moved, order: order ?? null, userErrors: [] };
  });
}
