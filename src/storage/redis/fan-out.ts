/**
 * One pub/sub channel that fans a payload out to every instance, with one subscriber connection per
 * instance. The publishing instance delivers to its own listeners at once and tags the message with
 * its id, so Redis's echo is not delivered twice. Pub/sub keeps nothing: an instance disconnected at
 * the time misses the message (each user of it says what that costs).
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { closeRedisClient, createRedisClient, type AnyRedisClient, type RedisTarget } from './client';

export interface FanOut<T> {
  /** Delivers here at once and to every other instance through Redis. */
  publish(payload: T): void;
  close(): Promise<void>;
}

export interface FanOutOptions<T> {
  /** The client to publish with (shared, not closed here). */
  client: AnyRedisClient;
  /** For the subscriber's own connection (a URL or a Sentinel/Cluster connection). */
  url: RedisTarget;
  channel: string;
  /** The message's payload field, `{from, [field]: payload}` on the wire. */
  field: string;
  payload: z.ZodType<T>;
  /** What a payload is, for the error about one that does not parse. */
  what: string;
  deliver(payload: T): void;
  /** Subscriber connection errors, failed publishes and messages that do not parse. */
  onError?: (err: Error) => void;
}

export async function openFanOut<T>(opts: FanOutOptions<T>): Promise<FanOut<T>> {
  const self = randomUUID();
  const sub = createRedisClient(opts.url, opts.onError);
  await sub.connect();
  await sub.subscribe(opts.channel, (text: string) => {
    const message = jsonObject(text);
    const payload = opts.payload.safeParse(message?.[opts.field]);
    if (typeof message?.from !== 'string' || !payload.success) {
      return opts.onError?.(new Error(`${opts.what} on ${opts.channel} does not parse`));
    }
    if (message.from !== self) opts.deliver(payload.data);
  });
  return {
    publish(payload) {
      opts.deliver(payload);
      opts.client
        .publish(opts.channel, JSON.stringify({ from: self, [opts.field]: payload }))
        .catch((err: unknown) => opts.onError?.(err instanceof Error ? err : new Error(String(err))));
    },
    close: () => closeRedisClient(sub),
  };
}

function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
