import type { BadgeTone } from '@meridian/design-system';

const LABELS: Record<string, string> = {
  PENDING: 'Awaiting payment',
  PAID: 'Paid',
  PARTIALLY_FULFILLED: 'Partly sent',
  FULFILLED: 'Packed',
  SHIPPED: 'Shipped',
  DELIVERED: 'Delivered',
  CANCELLED: 'Cancelled',
  PARTIALLY_REFUNDED: 'Partly refunded',
  REFUNDED: 'Refunded',
};

export function statusLabel(status: string): string {
  return LABELS[status] ?? status.toLowerCase();
}

export function statusTone(status: string): BadgeTone {
  if (status === 'PAID' || status === 'DELIVERED') return 'success';
  if (status === 'SHIPPED' || status === 'FULFILLED' || status === 'PARTIALLY_FULFILLED') return 'info';
  if (status === 'PENDING') return 'warning';
  if (status === 'CANCELLED' || status.includes('REFUNDED')) return 'danger';
  return 'neutral';
}
