/**
 * A TicketStore that tells the metrics each status a ticket enters through it: queued when it is
 * filed, then the statuses the routing backend reports (delivered is counted from the dispatcher's
 * events: src/metrics.ts). Only changes count (a repeated callback or a duplicate filing does not),
 * and only what this instance wrote: summed over instances, the counters are the service's.
 */
import type { StatusNotice, TicketStore } from './store';

/** What counts the statuses (src/metrics.ts); declared here so tickets need not know the metrics. */
export interface TicketStatusCounter {
  ticket(status: string): void;
}

export function meteredTicketStore(store: TicketStore, metrics: TicketStatusCounter): TicketStore {
  return {
    nextSequence: (day) => store.nextSequence(day),
    async createTicket(ticket, state, meta) {
      const result = await store.createTicket(ticket, state, meta);
      if (result.created) metrics.ticket(state.status);
      return result;
    },
    findByIdempotencyKey: (key) => store.findByIdempotencyKey(key),
    getTicket: (id) => store.getTicket(id),
    getState: (id) => store.getState(id),
    searchTickets: (query) => store.searchTickets(query),
    async applyStatus(id, update) {
      const result = await store.applyStatus(id, update);
      if (result.ok && result.changed) metrics.ticket(result.state.status);
      return result;
    },
    ...(store.pendingStatusNotices ? { pendingStatusNotices: () => store.pendingStatusNotices!() } : {}),
    ...(store.statusNoticeQueued ? { statusNoticeQueued: (n: StatusNotice) => store.statusNoticeQueued!(n) } : {}),
    setRating: (id, rating) => store.setRating(id, rating),
    claimDue: (consumer, max, leaseMs) => store.claimDue(consumer, max, leaseMs),
    ack: (entry, deliveredAt) => store.ack(entry, deliveredAt),
    retryLater: (entry, dueAt, error) => store.retryLater(entry, dueAt, error),
    deadLetter: (entry, error) => store.deadLetter(entry, error),
    listDeadLetters: (limit) => store.listDeadLetters(limit),
    deadLetterCount: () => store.deadLetterCount(),
    replayDeadLetter: (id) => store.replayDeadLetter(id),
    listDigests: (range) => store.listDigests(range),
    countDigests: (range) => store.countDigests(range),
    outboxSize: () => store.outboxSize(),
    close: () => store.close(),
  };
}
