/**
 * The ticket service: what the HTTP router and the conversation engine call. It validates with the
 * domain (prepareTicket), stores and queues in one atomic step (TicketStore.createTicket), and
 * reports status with the SLA traffic light. Delivery itself is the dispatcher's job.
 */
import { z } from 'zod';
import { ticketAccessToken } from './access';
import type { WorkCalendar } from './calendar';
import type { Districts } from './districts';
import { prepareTicket, type PrepareDeps } from './prepare';
import { previewRouting, type RoutingPreviewInput } from './preview';
import type { TicketQuery, TicketSearchResult } from './search';
import {
  SatisfactionRating,
  Ticket,
  TicketState,
  initialTicketState,
  type RoutingPreview,
  type TicketIssue,
  type TicketStatus,
  type TransitionErrorCode,
} from './schema';
import { parseStatusUpdate, toTicketIssues } from './issues';
import { TRAFFIC_LIGHTS } from './codes';
import { trafficLight } from './sla';
import type { TicketStore } from './store';
import { assessDemand, routingOf, type DemandAssessment, type KbDepartmentHint, type RoutingSource } from './triage';

export interface TicketServiceDeps {
  store: TicketStore;
  now?: () => Date;
  calendar: WorkCalendar;
  /** Triage's table; a function is read per ticket (the editor's published table, live). */
  routing: RoutingSource;
  districts: Districts;
  /** The secret access tokens are derived from (ROUTING_SECRET, access.ts); without it accessToken() gives none. */
  accessSecret?: string;
  /** Told of each status report that changed a ticket (live updates in the chat, notifications); must not throw. */
  /** `noticeQueued`: the store queued the change's notification with it (StoreTransitionResult). */
  onStatusChange?: (ticketId: string, state: TicketState, noticeQueued: boolean) => Promise<void>;
}

export interface FileTicketOptions {
  /** Departments of the knowledge-base entries offered before escalation, best first. */
  kbDepartments?: readonly KbDepartmentHint[];
  /** The signed-in user filing it (a hotline operator): kept beside the ticket for their list. */
  filedBy?: string;
}

export type FileTicketResult =
  | { ok: true; created: boolean; ticket: Ticket; state: TicketState }
  | { ok: false; issues: TicketIssue[] };

/** What statusView (tickets-router) and the 我的工单 view are made from: the ticket, its state and light. */
export const TicketStatusView = z.strictObject({
  ticket: Ticket,
  state: TicketState,
  /** SLA light while the ticket is open; undefined once it is answered or closed. */
  trafficLight: z.enum(TRAFFIC_LIGHTS).optional(),
});
export type TicketStatusView = z.infer<typeof TicketStatusView>;

export type UpdateResult =
  | { ok: true; state: TicketState; changed: boolean }
  | { ok: false; code: TransitionErrorCode | 'not_found' }
  | { ok: false; code: 'invalid'; issues: TicketIssue[] };

export const RatingInput = z.strictObject({
  score: z.number().int().min(1).max(5),
  comment: z.string().trim().max(1000).optional(),
});
export type RatingInput = z.infer<typeof RatingInput>;

export interface TicketService {
  /** Validate, number, triage, store and queue. A known idempotency key returns the first ticket. */
  fileTicket(input: unknown, opts?: FileTicketOptions): Promise<FileTicketResult>;
  status(id: string): Promise<TicketStatusView | undefined>;
  /** A status report from the routing backend (already authenticated by the caller). */
  applyStatusUpdate(id: string, update: unknown): Promise<UpdateResult>;
  /** The token that proves a ticket was filed by its holder (access.ts), handed only to the filer. */
  accessToken(id: string): string | undefined;
  /** The enterprise's rating; stored and queued for the routing backend. A repeat is a no-op. */
  rate(id: string, score: number, comment?: string): Promise<UpdateResult>;
  /** What the current routing table makes of a demand's text (its category; whether a place is involved). */
  assessDemand(text: string): DemandAssessment;
  /** Tickets matching the query, newest first (search.ts). */
  search(query: TicketQuery): Promise<TicketSearchResult>;
  /** Where a ticket being written would go and by when, were it filed now (preview.ts). */
  preview(input: RoutingPreviewInput, opts?: Pick<FileTicketOptions, 'kbDepartments'>): RoutingPreview;
}

const OPEN_STATUSES: readonly TicketStatus[] = ['queued', 'delivered', 'received', 'assigned', 'in_progress'];
/** Attempts when the sequence hands out an id that is already used (a store restored from backup). */
const ID_ATTEMPTS = 5;

export class TicketStoreInconsistentError extends Error {}

export function createTicketService(deps: TicketServiceDeps): TicketService {
  const { store } = deps;
  const now = deps.now ?? (() => new Date());

  function prepare(input: unknown, at: Date, sequence: number, opts: FileTicketOptions) {
    const p: PrepareDeps = {
      now: at,
      sequence,
      calendar: deps.calendar,
      routing: routingOf(deps.routing),
      districts: deps.districts,
      ...(opts.kbDepartments ? { kbDepartments: opts.kbDepartments } : {}),
    };
    return prepareTicket(input, p);
  }

  async function existing(id: string): Promise<FileTicketResult> {
    const [ticket, state] = await Promise.all([store.getTicket(id), store.getState(id)]);
    if (!ticket || !state) throw new TicketStoreInconsistentError(`ticket ${id} is indexed but missing`);
    return { ok: true, created: false, ticket, state };
  }

  return {
    async fileTicket(input, opts = {}) {
      const at = now();
      // Dry run with a placeholder number: invalid input and known keys use up no sequence number.
      const dry = prepare(input, at, 1, opts);
      if (!dry.ok) return dry;
      const known = await store.findByIdempotencyKey(dry.ticket.idempotencyKey);
      if (known !== undefined) return existing(known);

      const day = dry.ticket.id.slice(3, 11);
      for (let i = 0; i < ID_ATTEMPTS; i++) {
        const prepared = prepare(input, at, await store.nextSequence(day), opts);
        if (!prepared.ok) return prepared;
        const ticket = prepared.ticket;
        const state = initialTicketState(ticket.createdAt);
        const r = await store.createTicket(ticket, state, opts.filedBy !== undefined ? { filedBy: opts.filedBy } : undefined);
        if (r.created) return { ok: true, created: true, ticket, state };
        if (r.reason === 'duplicate') return existing(r.ticketId);
        // id_taken: draw the next number
      }
      throw new TicketStoreInconsistentError(`no free ticket number for ${day} after ${ID_ATTEMPTS} attempts`);
    },

    async status(id) {
      const [ticket, state] = await Promise.all([store.getTicket(id), store.getState(id)]);
      if (!ticket || !state) return undefined;
      const view: TicketStatusView = { ticket, state };
      if (OPEN_STATUSES.includes(state.status)) view.trafficLight = trafficLight(ticket, now(), deps.calendar);
      return view;
    },

    async applyStatusUpdate(id, update) {
      const parsed = parseStatusUpdate(update);
      if (!parsed.ok) return { ok: false, code: 'invalid', issues: parsed.issues };
      const r = await store.applyStatus(id, parsed.value);
      if (r.ok && r.changed) await deps.onStatusChange?.(id, r.state, r.noticeQueued === true);
      return r;
    },

    accessToken: (id) => (deps.accessSecret ? ticketAccessToken(deps.accessSecret, id) : undefined),

    async rate(id, score, comment) {
      const input = RatingInput.safeParse(comment === undefined ? { score } : { score, comment });
      if (!input.success) return { ok: false, code: 'invalid', issues: toTicketIssues(input.error) };
      const rating = SatisfactionRating.parse({ ...input.data, at: now().toISOString() });
      const r = await store.setRating(id, rating);
      if (!r.ok && r.code === 'already_rated') {
        // The same score and comment sent again (a retried request) is not a conflict.
        const state = await store.getState(id);
        const prev = state?.rating;
        if (state && prev && prev.score === rating.score && prev.comment === rating.comment)
          return { ok: true, state, changed: false };
      }
      return r;
    },

    assessDemand(text) {
      return assessDemand(text, routingOf(deps.routing));
    },

    search: (query) => store.searchTickets(query),

    preview(input, opts = {}) {
      return previewRouting(input, {
        now: now(),
        calendar: deps.calendar,
        routing: routingOf(deps.routing),
        districts: deps.districts,
        ...(opts.kbDepartments ? { kbDepartments: opts.kbDepartments } : {}),
      });
    },
  };
}
