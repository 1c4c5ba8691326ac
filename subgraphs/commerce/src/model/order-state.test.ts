import { describe, expect, it } from 'vitest';
import type { OrderStatus } from '../db/order.schema.ts';
import { factsOf, fulfillmentStatusOf, nextStatus, noFacts, type OrderAction, type OrderFacts } from './order-state.ts';

const all: OrderFacts = { allFulfilled: true, allShipped: true, allDelivered: true, fullyRefunded: true };
const fulfilledOnly: OrderFacts = { ...noFacts, allFulfilled: true };
const shippedOnly: OrderFacts = { ...fulfilledOnly, allShipped: true };

const statusOf = (current: OrderStatus, action: OrderAction, facts: OrderFacts = noFacts) => {
  const result = nextStatus(current, action, facts);
  return result.ok ? result.status : `refused: ${result.message}`;
};

describe('the order state machine', () => {
  it('walks the happy path: pending → paid → fulfilled → shipped → delivered', () => {
    expect(statusOf('pending', 'pay')).toBe('paid');
    expect(statusOf('paid', 'fulfil', fulfilledOnly)).toBe('fulfilled');
    expect(statusOf('fulfilled', 'ship', shippedOnly)).toBe('shipped');
    expect(statusOf('shipped', 'deliver', { ...shippedOnly, allDelivered: true })).toBe('delivered');
  });

  it('knows partial fulfilment, and shipping part of it keeps it partial', () => {
    expect(statusOf('paid', 'fulfil')).toBe('partially_fulfilled');
    expect(statusOf('partially_fulfilled', 'ship')).toBe('partially_fulfilled');
    expect(statusOf('partially_fulfilled', 'fulfil', fulfilledOnly)).toBe('fulfilled');
    expect(statusOf('partially_fulfilled', 'fulfil', shippedOnly)).toBe('shipped');
    expect(statusOf('fulfilled', 'ship', fulfilledOnly)).toBe('fulfilled');
    expect(statusOf('shipped', 'deliver', shippedOnly)).toBe('shipped');
  });

  it('tells partial from full refunds, and keeps the refund state through later fulfilment', () => {
    expect(statusOf('paid', 'refund')).toBe('partially_refunded');
    expect(statusOf('paid', 'refund', { ...noFacts, fullyRefunded: true })).toBe('refunded');
    expect(statusOf('delivered', 'refund', all)).toBe('refunded');
    expect(statusOf('partially_refunded', 'fulfil', fulfilledOnly)).toBe('partially_refunded');
    expect(statusOf('partially_refunded', 'refund', { ...noFacts, fullyRefunded: true })).toBe('refunded');
  });

  it('cancels only what nothing was fulfilled of', () => {
    expect(statusOf('pending', 'cancel')).toBe('cancelled');
    expect(statusOf('paid', 'cancel')).toBe('cancelled');
    for (const status of [
      'partially_fulfilled',
      'fulfilled',
      'shipped',
      'delivered',
      'partially_refunded',
      'refunded',
      'cancelled',
    ] as const) {
      expect(statusOf(status, 'cancel')).toMatch(/^refused/);
    }
  });

  it('refuses every transition that skips a step or comes after the end', () => {
    const refused: [OrderStatus, OrderAction][] = [
      ['pending', 'fulfil'],
      ['pending', 'ship'],
      ['pending', 'refund'],
      ['pending', 'return'],
      ['paid', 'pay'],
      ['paid', 'ship'],
      ['paid', 'deliver'],
      ['paid', 'return'],
      ['fulfilled', 'fulfil'],
      ['shipped', 'pay'],
      ['delivered', 'ship'],
      ['delivered', 'fulfil'],
      ['refunded', 'refund'],
      ['refunded', 'fulfil'],
      ['cancelled', 'pay'],
      ['cancelled', 'fulfil'],
    ];
    for (const [status, action] of refused)
      expect(statusOf(status, action), `${status} + ${action}`).toMatch(/^refused/);
    expect(statusOf('shipped', 'pay')).toBe('refused: A shipped order cannot be paid');
  });

  it('lets money still held after a failed cancellation refund be given back', () => {
    expect(statusOf('cancelled', 'refund')).toBe('cancelled');
  });

  it('accepts returns of what went out', () => {
    expect(statusOf('shipped', 'return')).toBe('shipped');
    expect(statusOf('delivered', 'return')).toBe('delivered');
    expect(statusOf('partially_refunded', 'return')).toBe('partially_refunded');
  });
});

describe('fulfilment facts', () => {
  const lines = [
    { quantity: 2, fulfilledQuantity: 2 },
    { quantity: 1, fulfilledQuantity: 1 },
  ];
  it('reads progress from lines and shipments', () => {
    expect(fulfillmentStatusOf([{ quantity: 2, fulfilledQuantity: 0 }], [])).toBe('unfulfilled');
    expect(fulfillmentStatusOf([{ quantity: 2, fulfilledQuantity: 1 }], [{ status: 'shipped' }])).toBe(
      'partially_fulfilled',
    );
    expect(fulfillmentStatusOf(lines, [{ status: 'pending' }, { status: 'shipped' }])).toBe('fulfilled');
    expect(fulfillmentStatusOf(lines, [{ status: 'delivered' }, { status: 'shipped' }])).toBe('shipped');
    expect(fulfillmentStatusOf(lines, [{ status: 'delivered' }])).toBe('delivered');
  });
  it('counts a refund as full only when it covers the total', () => {
    expect(factsOf(lines, [], { refundedTotal: 999, total: 1000 }).fullyRefunded).toBe(false);
    expect(factsOf(lines, [], { refundedTotal: 1000, total: 1000 }).fullyRefunded).toBe(true);
  });
});
