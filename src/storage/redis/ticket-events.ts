/**
 * Ticket status changes over Redis pub/sub (src/tickets/events.ts): one channel, one subscriber
 * connection per instance. The publisher delivers to its own listeners at once and tags the message
 * with its id, so the echo from Redis is not delivered twice.
 */
import { createLocalTicketListeners, TicketStatusEvent, type TicketEvents } from '../../tickets';
import type { AnyRedisClient, RedisTarget } from './client';
import { openFanOut } from './fan-out';

export const DEFAULT_TICKET_EVENTS_CHANNEL = 'qihu:ticket-events';

export async function createRedisTicketEvents(opts: {
  client: AnyRedisClient;
  url: RedisTarget;
  channel?: string;
  onError?: (err: Error) => void;
}): Promise<TicketEvents> {
  const channel = opts.channel ?? DEFAULT_TICKET_EVENTS_CHANNEL;
  const local = createLocalTicketListeners();
  const bus = await openFanOut({ ...opts, channel, field: 'event', payload: TicketStatusEvent, what: 'ticket event', deliver: (e) => local.deliver(e) });
  return {
    publish: (e) => bus.publish(e),
    subscribe: (l) => local.subscribe(l),
    async close() {
      local.clear();
      await bus.close();
    },
  };
}
