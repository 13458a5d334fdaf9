/**
 * Call suggestions over Redis pub/sub (src/hotline/call-events.ts): one channel for every call, one
 * subscriber connection per instance. The publishing instance delivers to its own consoles at once
 * and tags the message with its id, so it does not deliver them twice when Redis echoes them back.
 * Pub/sub keeps nothing: a console whose instance was disconnected misses those suggestions, and
 * gets the next ones (it can also poll GET …/suggestions).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { CallSuggestions, createLocalListeners, type CallEvents } from '../../hotline';
import { closeRedisClient, createRedisClient, type AnyRedisClient, type RedisTarget } from './client';

export const DEFAULT_CALL_EVENTS_CHANNEL = 'qihu:call-events';

const Message = z.object({ from: z.string(), suggestions: CallSuggestions });

export interface RedisCallEventsOptions {
  /** The client to publish with (shared, not closed here). */
  client: AnyRedisClient;
  /** For the subscriber's own connection (a URL or a Sentinel/Cluster connection). */
  url: RedisTarget;
  channel?: string;
  /** Subscriber connection errors and messages that do not parse. */
  onError?: (err: Error) => void;
}

export async function createRedisCallEvents(opts: RedisCallEventsOptions): Promise<CallEvents> {
  const channel = opts.channel ?? DEFAULT_CALL_EVENTS_CHANNEL;
  const self = randomUUID();
  const local = createLocalListeners();
  const sub = createRedisClient(opts.url, opts.onError);
  await sub.connect();
  await sub.subscribe(channel, (text: string) => {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      raw = undefined;
    }
    const message = Message.safeParse(raw);
    if (!message.success) return opts.onError?.(new Error(`call event on ${channel} does not parse`));
    if (message.data.from !== self) local.deliver(message.data.suggestions);
  });
  return {
    publish(s) {
      local.deliver(s);
      opts.client
        .publish(channel, JSON.stringify({ from: self, suggestions: s }))
        .catch((err: unknown) => opts.onError?.(err instanceof Error ? err : new Error(String(err))));
    },
    subscribe: (callId, listener) => local.subscribe(callId, listener),
    async close() {
      local.clear();
      await closeRedisClient(sub);
    },
  };
}
