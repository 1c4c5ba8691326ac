export {
  type DeliveredEvent,
  deadLetterQueueName,
  defineEvent,
  type EventDescriptor,
  type OutgoingEvent,
  type RetryPolicy,
  type SubscribeOptions,
  type Subscriber,
  subscribe,
} from './define-event.ts';
export { type DeliveryOutcome, deliverEvent, TenantNotReadyError } from './deliver-event.ts';
export { type EventLog, silentEventLog } from './event-log.ts';
export {
  createEventRuntime,
  type EventRuntime,
  type EventRuntimeInput,
  type EventRuntimeOptions,
} from './event-runtime.ts';
export { outbox, processedEvents } from './events.schema.ts';
export { OUTBOX_CHANNEL, publishEvent, publishEvents } from './publish-event.ts';
export { type QueueDepth, queueDepth } from './queue-depth.ts';
export { type DeliveryJobData, enqueueDeliveries, relayOutbox, type TakenEvent, takeOutbox } from './relay-outbox.ts';
