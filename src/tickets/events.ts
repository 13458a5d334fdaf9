/**
 * Ticket status changes as they happen, for whoever shows them live (the chat page's open
 * websockets). The instance that applied a change publishes it; every instance's listeners hear it.
 * In memory for one instance; over Redis pub/sub (src/storage/redis/ticket-events.ts) for several.
 * Nothing is kept: a page that was not connected sees the change when it next lists its tickets.
 */
import { z } from 'zod';
import { TicketId, TicketStatus } from './schema';

export const TicketStatusEvent = z.strictObject({ ticketId: TicketId, status: TicketStatus, at: z.string() });
export type TicketStatusEvent = z.infer<typeof TicketStatusEvent>;

export type TicketEventListener = (e: TicketStatusEvent) => void;

export interface TicketEvents {
  publish(e: TicketStatusEvent): void;
  /** Every change; returns the unsubscribe function. */
  subscribe(listener: TicketEventListener): () => void;
  close(): Promise<void>;
}

/** Listeners in this process: the memory bus, and the local end of the Redis one. */
export function createLocalTicketListeners(): { deliver(e: TicketStatusEvent): void; subscribe(l: TicketEventListener): () => void; clear(): void } {
  const listeners = new Set<TicketEventListener>();
  return {
    deliver(e) {
      for (const l of listeners) l(e);
    },
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    clear: () => listeners.clear(),
  };
}

export function createMemoryTicketEvents(): TicketEvents {
  const local = createLocalTicketListeners();
  return { publish: (e) => local.deliver(e), subscribe: (l) => local.subscribe(l), close: async () => local.clear() };
}
