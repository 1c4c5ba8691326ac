import { newId, type RequestContext, type TenantTx } from '@meridian/kit';
import { orderEvents } from '../db/schema.ts';
import { actorOf } from './actor.ts';

/** Appends one entry to an order's timeline, in the transaction of what it records. */
export async function addTimeline(
  tx: TenantTx,
  ctx: Pick<RequestContext, 'actor'>,
  orderId: string,
  kind: string,
  message: string,
  data: Record<string, unknown> | null = null,
): Promise<void> {
  const actor = actorOf(ctx);
  await tx
    .insert(orderEvents)
    .values({ id: newId('oev'), orderId, kind, message, data, actorKind: actor.kind, actorId: actor.id });
}
