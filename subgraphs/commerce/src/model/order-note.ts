import { mutate, Problems, parseId, type RequestContext, recordAudit, refuse, type UserError } from '@meridian/kit';
import { eq } from 'drizzle-orm';
import { CommerceError } from '../commerce.errors.ts';
import { orders } from '../db/schema.ts';
import type { OrderRow } from './order-store.ts';
import { addTimeline } from './timeline.ts';
import { checkText } from './validate.ts';

/** Staff write on an order's timeline (a call with the customer, a packing remark). */
export async function addOrderNote(ctx: RequestContext, input: { orderId: string; note: string }) {
  const problems = new Problems();
  if (!parseId('ord', input.orderId)) problems.add(['orderId'], CommerceError.NOT_FOUND, 'Order not found');
  const note = checkText(problems, ['note'], input.note, { required: true, max: 2000 });
  if (!problems.ok || !note) return { order: null, userErrors: problems.list };
  return mutate<{ order: OrderRow | null; userErrors: UserError[] }>(ctx, { order: null }, async (tx) => {
    const [order] = await tx.select().from(orders).where(eq(orders.id, input.orderId));
    if (!order) refuse(['orderId'], CommerceError.NOT_FOUND, 'Order not found');
    await addTimeline(tx, ctx, order.id, 'note', note);
    await recordAudit(tx, ctx, { action: 'order.note', entityType: 'Order', entityId: order.id, after: { note } });
    return { order, userErrors: [] };
  });
}
