import { Redis, type RedisOptions } from 'ioredis';
import type { CacheOptions } from './cache.types.ts';
import { cachePrefix, invalidationChannel } from './cache-keys.ts';

// Fail a request fast when Redis is down instead of queueing it for seconds (requests then miss to L1);
// the offline queue stays on so commands sent while the first connection opens still go through.
export const connectionOptions: RedisOptions = {
  maxRetriesPerRequest: 1,
  commandTimeout: 1_000,
  connectTimeout: 2_000,
};

export async function quit(connection: Redis): Promise<void> {
  if (connection.status !== 'ready') return connection.disconnect();
  await connection.quit().catch(() => connection.disconnect());
}

export interface InvalidationListener {
  /** Another instance invalidated these physical keys (data keys or tag keys). */
  onInvalidated(keys: string[]): void;
  /** The subscription dropped or (re)started: messages may have been missed, L1 can no longer be trusted. */
  onMessagesMissed(): void;
}

/**
 * Listens on the cache's channel with its own connection (a subscribed connection can run no other
 * command). Messages are `{ origin, keys }`; an instance skips its own, which it applied before sending.
 */
export function subscribeToInvalidations(
  url: string,
  name: string,
  origin: string,
  log: NonNullable<CacheOptions['log']>,
  listener: InvalidationListener,
): { ready: Promise<void>; close(): Promise<void> } {
  const channel = invalidationChannel(name);
  // autoResubscribe off: we subscribe on every 'ready' ourselves, to know when the gap ended.
  const subscriber = new Redis(url, { ...connectionOptions, autoResubscribe: false });
  let closed = false;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  // The subscriber's own outage is logged apart from the command connection's, once per gap.
  let listening = false;
  let subscriberError = false;
  subscriber.on('error', (error) => {
    if (subscriberError || closed) return;
    subscriberError = true;
    log.warn(
      { err: error, cache: name },
      'cache: not receiving invalidations; L1 is dropped when the subscription resumes',
    );
  });
  subscriber.on('close', () => {
    if (!listening || closed) return;
    listening = false; // first close of a gap only, so L1 still works between reconnect attempts
    listener.onMessagesMissed();
  });
  subscriber.on('ready', () => {
    subscriber.subscribe(channel).then(
      () => {
        listening = true;
        subscriberError = false;
        listener.onMessagesMissed(); // anything filled before this moment may have missed a message
        markReady();
      },
      () => {
        if (!closed) subscriber.disconnect(true); // reconnect, and subscribe again on the next 'ready'
      },
    );
  });
  subscriber.on('message', (_channel: string, text: string) => {
    let message: { origin?: unknown; keys?: unknown };
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (message.origin === origin || !Array.isArray(message.keys)) return; // our own: already applied
    const prefix = cachePrefix(name);
    const keys = message.keys.filter((k): k is string => typeof k === 'string' && k.startsWith(prefix));
    if (keys.length > 0) listener.onInvalidated(keys);
  });

  return {
    ready,
    async close() {
      closed = true;
      await quit(subscriber);
    },
  };
}
