/**
 * Call suggestions over Redis pub/sub (src/hotline/call-events.ts): one channel for every call, one
 * subscriber connection per instance. The publishing instance delivers to its own consoles at once
 * and tags the message with its id, so it does not deliver them twice when Redis echoes them back.
 * Pub/sub keeps nothing: a console whose instance was disconnected misses those suggestions, and
 * gets the next ones (it can also poll GET …/suggestions).
 */
import { CallSuggestions, createLocalListeners, type CallEvents } from '../../hotline';
import type { AnyRedisClient, RedisTarget } from './client';
import { openFanOut } from './fan-out';

export const DEFAULT_CALL_EVENTS_CHANNEL = 'qihu:call-events';

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
  const local = createLocalListeners();
  const bus = await openFanOut({ ...opts, channel, field: 'suggestions', payload: CallSuggestions, what: 'call event', deliver: (s) => local.deliver(s) });
  return {
    publish: (s) => bus.publish(s),
    subscribe: (callId, listener) => local.subscribe(callId, listener),
    async close() {
      local.clear();
      await bus.close();
    },
  };
}
