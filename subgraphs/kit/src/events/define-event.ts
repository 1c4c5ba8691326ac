import type { TenantCache } from '../cache/tenant-cache.ts';
import type { TenantTx } from '../tenancy/with-tenant.ts';

/** `order.paid`, `inventory.stock-changed`: lowercase words joined by dots (pg-boss event and queue names). */
const dottedName = /^[a-z][a-z0-9-]*(?:\.[a-z][a-z0-9-]*)+$/;

/**
 * One event type, shared by the publisher and its subscribers so the payload type flows from
 * `create(payload)` to `handle(tx, event)`. Payloads travel as JSON: use strings for dates,
 * integer minor units for money.
 */
export interface EventDescriptor<Payload> {
  readonly type: string;
  create(payload: Payload, options?: { key?: string }): OutgoingEvent<Payload>;
}

/** What `publishEvent` writes. `key` is a business key (e.g. the order id) passed on as it is. */
export interface OutgoingEvent<Payload = unknown> {
  type: string;
  payload: Payload;
  key?: string;
}

/** What a subscriber receives. `id` is the same on every redelivery, so it is the idempotency key. */
export interface DeliveredEvent<Payload = unknown> {
  id: string;
  type: string;
  tenantId: string;
  key: string | null;
  payload: Payload;
  occurredAt: Date;
}

/** Per-subscriber retry policy; attempts = retryLimit + 1, then the delivery goes to the dead-letter queue. */
export interface RetryPolicy {
  retryLimit: number;
  retryDelaySeconds: number;
  /** Exponential backoff with jitter: about retryDelay × 2^attempt, capped by retryDelayMaxSeconds. */
  retryBackoff: boolean;
  retryDelayMaxSeconds: number;
}

/** What a handler may use besides its transaction. */
export interface EventServices {
  /** The shared cache bound to the event's tenant (null when the runtime has no cache). */
  cache: TenantCache | null;
  /**
   * Work to run once the handler's transaction has committed (cache invalidation: doing it before
   * commit would let a concurrent reader cache the old rows again). Failures are logged, not retried.
   */
  afterCommit(work: () => Promise<void>): void;
}

export interface Subscriber<Payload = unknown> {
  /** Queue name, `<subgraph>.<what-it-does>`, e.g. `inventory.commit-reservation`; never rename a live one. */
  readonly name: string;
  readonly eventType: string;
  readonly retry?: Partial<RetryPolicy>;
  /** Deliveries this process handles at once for this subscriber. */
  readonly concurrency?: number;
  /**
   * Runs bound to the event's tenant, in the transaction that also records the event as handled.
   * Throwing rolls both back and the delivery is retried. Method syntax on purpose: it lets a
   * `Subscriber<OrderPaid>` sit in a `Subscriber[]`.
   */
  handle(tx: TenantTx, event: DeliveredEvent<Payload>, services: EventServices): Promise<void>;
}

export function defineEvent<Payload>(type: string): EventDescriptor<Payload> {
  if (!dottedName.test(type)) throw new Error(`event type must look like "order.paid": ${type}`);
  return {
    type,
    create: (payload, options = {}) =>
      options.key === undefined ? { type, payload } : { type, payload, key: options.key },
  };
}

export interface SubscribeOptions<Payload> {
  name: string;
  handle: (tx: TenantTx, event: DeliveredEvent<Payload>, services: EventServices) => Promise<void>;
  retry?: Partial<RetryPolicy>;
  concurrency?: number;
}

export function subscribe<Payload>(
  descriptor: EventDescriptor<Payload>,
  options: SubscribeOptions<Payload>,
): Subscriber<Payload> {
  if (!dottedName.test(options.name)) {
    throw new Error(`subscriber name must look like "inventory.commit-reservation": ${options.name}`);
  }
  const handle = options.handle;
  return {
    name: options.name,
    eventType: descriptor.type,
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    handle: (tx, event, services) => handle(tx, event, services),
  };
}

/** Where deliveries end up after their last attempt; inspect and redrive from there. */
export function deadLetterQueueName(subscriberName: string): string {
  return `${subscriberName}.dead-letter`;
}
