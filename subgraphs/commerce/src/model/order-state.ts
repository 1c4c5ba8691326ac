import type { OrderStatus } from '../db/order.schema.ts';

/**
 * THE order state machine: every status change goes through `nextStatus`, which either names the status
 * an action leads to or refuses it. `status` is one lifecycle: pending → paid → partially fulfilled /
 * fulfilled → shipped → delivered, with cancelled and (partially) refunded. Once money went back, the
 * refund state stays in `status` (it matters most to finance) and fulfilment progress shows in
 * `fulfillmentStatus`.
 */
export type OrderAction = 'pay' | 'fulfil' | 'ship' | 'deliver' | 'cancel' | 'refund' | 'return';

/** What the action leaves behind (computed by the caller after applying it). */
export interface OrderFacts {
  /** Every unit is in a shipment. */
  allFulfilled: boolean;
  /** Every unit is in a shipment and every shipment has left. */
  allShipped: boolean;
  /** ... and every shipment has arrived. */
  allDelivered: boolean;
  /** The refunds add up to the whole payment. */
  fullyRefunded: boolean;
}

export const noFacts: OrderFacts = {
  allFulfilled: false,
  allShipped: false,
  allDelivered: false,
  fullyRefunded: false,
};

export type Transition = { ok: true; status: OrderStatus } | { ok: false; message: string };

const refused = (status: OrderStatus, action: OrderAction): Transition => ({
  ok: false,
  message: `A ${status.replace('_', ' ')} order cannot be ${pastTense[action]}`,
});

const pastTense: Record<OrderAction, string> = {
  pay: 'paid',
  fulfil: 'fulfilled',
  ship: 'shipped',
  deliver: 'delivered',
  cancel: 'cancelled',
  refund: 'refunded',
  return: 'returned',
};

function progress(facts: OrderFacts): OrderStatus {
  if (facts.allDelivered) return 'delivered';
  if (facts.allShipped) return 'shipped';
  if (facts.allFulfilled) return 'fulfilled';
  return 'partially_fulfilled';
}

const refundState = (facts: OrderFacts): OrderStatus => (facts.fullyRefunded ? 'refunded' : 'partially_refunded');

export function nextStatus(current: OrderStatus, action: OrderAction, facts: OrderFacts = noFacts): Transition {
  const to = (status: OrderStatus): Transition => ({ ok: true, status });
  switch (current) {
    case 'pending':
      if (action === 'pay') return to('paid');
      if (action === 'cancel') return to('cancelled');
      return refused(current, action);
    case 'paid':
      if (action === 'fulfil') return to(progress(facts));
      if (action === 'cancel') return to('cancelled');
      if (action === 'refund') return to(refundState(facts));
      return refused(current, action);
    case 'partially_fulfilled':
    case 'fulfilled':
    case 'shipped':
      if (action === 'fulfil' || action === 'ship' || action === 'deliver') {
        if (action === 'fulfil' && current !== 'partially_fulfilled') return refused(current, action);
        return to(progress(facts));
      }
      if (action === 'refund') return to(refundState(facts));
      if (action === 'return') return to(current);
      return refused(current, action);
    case 'delivered':
      if (action === 'refund') return to(refundState(facts));
      if (action === 'return') return to(current);
      return refused(current, action);
    case 'partially_refunded':
      if (action === 'fulfil' || action === 'ship' || action === 'deliver' || action === 'return') return to(current);
      if (action === 'refund') return to(refundState(facts));
      return refused(current, action);
    case 'refunded':
      return refused(current, action);
    case 'cancelled':
      // Money still held after a cancellation (its refund failed) can be refunded; the status stays.
      if (action === 'refund') return to('cancelled');
      return refused(current, action);
  }
}

export type FulfillmentStatus = 'unfulfilled' | 'partially_fulfilled' | 'fulfilled' | 'shipped' | 'delivered';

/** Fulfilment progress from the lines and shipments (shown next to `status`). */
export function fulfillmentStatusOf(
  lines: { quantity: number; fulfilledQuantity: number }[],
  shipments: { status: 'pending' | 'shipped' | 'delivered' }[],
): FulfillmentStatus {
  const units = lines.reduce((n, l) => n + l.quantity, 0);
  const fulfilled = lines.reduce((n, l) => n + l.fulfilledQuantity, 0);
  if (fulfilled === 0) return 'unfulfilled';
  if (fulfilled < units) return 'partially_fulfilled';
  if (shipments.length > 0 && shipments.every((s) => s.status === 'delivered')) return 'delivered';
  if (shipments.length > 0 && shipments.every((s) => s.status !== 'pending')) return 'shipped';
  return 'fulfilled';
}

/** The facts after a change, from the lines and shipments as they will be. */
export function factsOf(
  lines: { quantity: number; fulfilledQuantity: number }[],
  shipments: { status: 'pending' | 'shipped' | 'delivered' }[],
  refunded: { refundedTotal: number; total: number },
): OrderFacts {
  const progress = fulfillmentStatusOf(lines, shipments);
  return {
    allFulfilled: progress === 'fulfilled' || progress === 'shipped' || progress === 'delivered',
    allShipped: progress === 'shipped' || progress === 'delivered',
    allDelivered: progress === 'delivered',
    fullyRefunded: refunded.refundedTotal >= refunded.total,
  };
}
