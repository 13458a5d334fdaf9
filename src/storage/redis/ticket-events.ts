/**
 * Ticket status changes over Redis pub/sub (src/tickets/events.ts): one channel, one subscriber
 * connection per instance. The publisher delivers to its own listeners at once and tags the message
 * with its id, so the echo from Redis is not delivered twice.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { createLocalTicketListeners, TicketStatusEvent, type TicketEvents } from '../../tickets';
import { closeRedisClient, createRedisClient, type AnyRedisClient, type RedisTarget } from './client';

export const DEFAULT_TICKET_EVENTS_CHANNEL = 'qihu:ticket-events';

const Message = z.object({ from: z.string(), event: TicketStatusEvent });

export async function createRedisTicketEvents(opts: {
  client: AnyRedisClient;
  url: RedisTarget;
  channel?: string;
  onError?: (err: Error) => void;
}): Promise<TicketEvents> {
  const channel = opts.channel ?? DEFAULT_TICKET_EVENTS_CHANNEL;
  const self = randomUUID();
  const local = createLocalTicketListeners();
  const sub = createRedisClient(opts.url, opts.onError);
  await sub.connect();
  await sub.subscribe(channel, (text: string) => {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      raw = undefined;
    }
    const m = Message.safeParse(raw);
    if (!m.success) return opts.onError?.(new Error(`ticket event on ${channel} does not parse`));
    if (m.data.from !== self) local.deliver(m.data.event);
  });
  return {
    publish(e) {
      local.deliver(e);
      opts.client
        .publish(channel, JSON.stringify({ from: self, event: e }))
        .catch((err: unknown) => opts.onError?.(err instanceof Error ? err : new Error(String(err))));
    },
    subscribe: (l) => local.subscribe(l),
    async close() {
      local.clear();
      await closeRedisClient(sub);
    },
  };
}
