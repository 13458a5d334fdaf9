/**
 * Where tickets, their state and the delivery outbox live. Two implementations share this
 * interface and one contract test: Redis (storage/redis, several instances) and a file journal
 * (storage/file, the embedded single-instance default).
 *
 * The outbox is the transactional-outbox pattern: a ticket and the entry that will deliver it are
 * written in one atomic step, so a stored ticket is always eventually delivered (at least once; the
 * routing backend drops repeats by Idempotency-Key) and a failed write leaves neither behind.
 */
import { z } from 'zod';
import type { DigestIndex, TicketDigest } from './digest';
import {
  TicketId,
  TicketStatus,
  type SatisfactionRating,
  type StatusUpdate,
  type Ticket,
  type TicketState,
  type TransitionErrorCode,
} from './schema';
import type { TicketMeta, TicketQuery, TicketSearchResult } from './search';

/** What an outbox entry delivers: the ticket itself, or the enterprise's rating of its handling. */
export const OutboxKind = z.enum(['ticket', 'rating']);
export type OutboxKind = z.infer<typeof OutboxKind>;

export const OutboxEntry = z.strictObject({
  /** Store-specific id of this entry (a stream id in Redis); it may change when a retry is scheduled. */
  id: z.string().min(1),
  ticketId: TicketId,
  kind: OutboxKind,
  /** Failed attempts so far. */
  attempts: z.number().int().min(0),
  /** When the entry was first queued (ms since epoch); the retry window counts from here. */
  enqueuedAt: z.number().int().min(0),
  lastError: z.string().max(500).optional(),
});
export type OutboxEntry = z.infer<typeof OutboxEntry>;

export const DeadLetter = z.strictObject({
  id: z.string().min(1),
  ticketId: TicketId,
  kind: OutboxKind,
  attempts: z.number().int().min(0),
  enqueuedAt: z.number().int().min(0),
  /** Transport error or HTTP status; never the payload. */
  error: z.string().max(500),
  deadAt: z.number().int().min(0),
});
export type DeadLetter = z.infer<typeof DeadLetter>;

export type CreateTicketResult =
  | { created: true; ticketId: string }
  /** The idempotency key was seen before: nothing written, this is the ticket it created. */
  | { created: false; reason: 'duplicate'; ticketId: string }
  /** The id is taken by another ticket (a sequence reset); nothing written, take a new number. */
  | { created: false; reason: 'id_taken'; ticketId: string };

/**
 * A slice of one digest index (digest.ts): the tickets whose score lies between min and max (ms
 * since the epoch, both inclusive, open-ended when absent), lowest score first (ties: lower id
 * first), or highest first with reverse; then offset and limit.
 */
export interface DigestRange {
  index: DigestIndex;
  min?: number;
  max?: number;
  reverse?: boolean;
  offset?: number;
  limit?: number;
}

/**
 * A status change the enterprise is to be told of (the notification outbox's ticket_status). With
 * `statusNotices` on, the store keeps it with the change itself: Redis writes the outbox entry in
 * the status change's script; the embedded journal writes it on the status change's own line, as
 * pending, until the caller has queued it (statusNoticeQueued); pendingStatusNotices lists the ones a
 * crash left, to queue again (the outbox's dedup key makes that once).
 */
export const StatusNotice = z.strictObject({ ticketId: TicketId, status: TicketStatus, at: z.iso.datetime({ offset: true }) });
export type StatusNotice = z.infer<typeof StatusNotice>;

/** The notice for the state a status change left (its last history entry). */
export function statusNoticeOf(ticketId: string, state: TicketState): StatusNotice {
  const last = state.history[state.history.length - 1];
  return { ticketId, status: state.status, at: last?.at ?? new Date().toISOString() };
}

export type StoreTransitionResult =
  | {
      ok: true;
      state: TicketState;
      changed: boolean;
      /** The store queued the change's notification in the same atomic step (Redis with statusNotices on). */
      noticeQueued?: true;
    }
  | { ok: false; code: TransitionErrorCode | 'not_found' };

export interface TicketStore {
  /** Next number in the day's sequence (day = YYYYMMDD), starting at 1; never repeats. */
  nextSequence(day: string): Promise<number>;
  /**
   * Store the ticket, its initial state and its idempotency key, and queue its delivery, all or
   * nothing. A known idempotency key writes nothing and returns the existing ticket's id. `meta`
   * is kept beside the ticket (who filed it), for searches; it is not part of the ticket.
   */
  createTicket(ticket: Ticket, state: TicketState, meta?: TicketMeta): Promise<CreateTicketResult>;
  findByIdempotencyKey(key: string): Promise<string | undefined>;
  getTicket(id: string): Promise<Ticket | undefined>;
  getState(id: string): Promise<TicketState | undefined>;
  /**
   * Tickets matching the query, newest first (search.ts): a whole ticket number directly, a phone
   * number or a filer through an index, a text among the TICKET_TEXT_SCAN_MAX newest.
   */
  searchTickets(query: TicketQuery): Promise<TicketSearchResult>;
  /**
   * A status report from the routing backend (applyStatusUpdate); a repeat is a no-op. With
   * statusNotices on, a change keeps its notice in the same step (StatusNotice).
   */
  applyStatus(id: string, update: StatusUpdate): Promise<StoreTransitionResult>;
  /** Status changes whose notice is kept but not yet queued (the embedded store; Redis never has any). */
  pendingStatusNotices?(): Promise<StatusNotice[]>;
  /** The notice is in the notification outbox now: no longer pending. */
  statusNoticeQueued?(notice: StatusNotice): Promise<void>;
  /** The enterprise's rating (applyRating); when it changes the state, its delivery is queued too. */
  setRating(id: string, rating: SatisfactionRating): Promise<StoreTransitionResult>;

  // ------------------------------------------------------------ outbox, for the dispatcher
  /**
   * Up to `max` entries due now for `consumer`: scheduled retries whose time has come, entries left
   * by a consumer that has not finished them within `leaseMs` (it crashed), and new entries. Each
   * returned entry is leased to `consumer` for `leaseMs`.
   */
  claimDue(consumer: string, max: number, leaseMs: number): Promise<OutboxEntry[]>;
  /**
   * Delivered (2xx): remove the entry, and for a ticket entry record queued → delivered.
   * false if the entry was no longer pending (another consumer finished it).
   */
  ack(entry: OutboxEntry, deliveredAt: string): Promise<boolean>;
  /** Failed for now: try again at dueAt (ms), with attempts + 1 and the error recorded. */
  retryLater(entry: OutboxEntry, dueAt: number, error: string): Promise<boolean>;
  /** Failed for good (4xx, or retries exhausted): move to the dead letters. */
  deadLetter(entry: OutboxEntry, error: string): Promise<boolean>;
  listDeadLetters(limit?: number): Promise<DeadLetter[]>;
  /** How many dead letters there are (for the metrics: cheap, whatever their number). */
  deadLetterCount(): Promise<number>;
  /** Queue a dead letter again with a fresh retry window; the new entry id, or undefined if unknown. */
  replayDeadLetter(id: string): Promise<string | undefined>;
  // ------------------------------------------------------------ digests, for the 督办 view
  /** The digests of a slice of one index, in its order (see DigestRange). */
  listDigests(range: DigestRange): Promise<TicketDigest[]>;
  /** How many tickets a slice holds (offset, limit and reverse ignored); cheap whatever the number. */
  countDigests(range: DigestRange): Promise<number>;

  /** Entries still to deliver (pending, scheduled or new), for tests and health checks. */
  outboxSize(): Promise<number>;
  close(): Promise<void>;
}

/** Errors longer than this are cut before they are stored. */
export const ERROR_TEXT_MAX = 500;
export const clipError = (error: string): string => error.slice(0, ERROR_TEXT_MAX);
