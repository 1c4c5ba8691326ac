import { newId, type RequestContext, type TenantTx } from '@meridian/kit';
import { orderEvents } from '../db/schema.ts';
import { actorOf } from './actor.ts';

export interface TimelineEntry {
  kind: string;
  message: string;
  data?: Record<string, unknown> | null;
}

/** Appends one entry to an order's timeline, in the transaction of what it records. */
export async function addTimeline(
  tx: TenantTx,
  ctx: Pick<RequestContext, 'actor'>,
  orderId: string,
  kind: string,
  message: string,
  data: Record<string, unknown> | null = null,
): Promise<void> {
  await addTimelineEntries(tx, ctx, orderId, [{ kind, message, data }]);
}

/** Several entries in one statement, in the order given (ids are monotonic, so the timeline keeps it). */
export async function addTimelineEntries(
  tx: TenantTx,
  ctx: Pick<RequestContext, 'actor'>,
  orderId: string,
  entries: TimelineEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  const actor = actorOf(ctx);
  await tx.insert(orderEvents).values(
    entries.map((e) => ({
      id: newId('oev'),
      orderId,
      kind: e.kind,
      message: e.message,
      data: e.data ?? null,
      actorKind: actor.kind,
      actorId: actor.id,
    })),
  );
}
