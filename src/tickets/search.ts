/**
 * Finding tickets again: an operator's own recent tickets, any ticket by its number, the caller's
 * phone or the enterprise's name, and a caller's earlier tickets while they are on the line. The
 * query and what matches it are defined here once; each store (storage/file, storage/redis) takes
 * its candidates from its own indexes, newest first, and keeps those ticketMatches accepts.
 *
 * What a list shows of a ticket (TicketListItem) masks the phone number: a list is looked at over
 * a shoulder and copied into notes; the whole number stays in the ticket.
 */
import { z } from 'zod';
import { statusName } from './messages';
import { maskPhone } from './phone';
import { Channel, IsoDateTime, Phone, Sla, TICKET_ID_RE, TicketStatus, type Ticket, type TicketState } from './schema';

export const TICKET_SEARCH_LIMIT = 20;
export const TICKET_SEARCH_LIMIT_MAX = 100;
/**
 * A text search (part of a number or of a name) reads at most this many of the newest tickets:
 * a bounded cost whatever the store holds. A whole ticket number, a phone number and an operator's
 * own tickets are found through indexes, whatever their age.
 */
export const TICKET_TEXT_SCAN_MAX = 5000;

/** The signed-in user who filed a ticket (hotline operators): kept by the store beside the ticket, never sent to the routing backend. */
export const FiledBy = z.string().min(1).max(64);

/** What the store keeps beside a new ticket. */
export interface TicketMeta {
  filedBy?: string;
}

export const TicketQuery = z.strictObject({
  /** Part of a ticket number or of an enterprise's name (width, case and spaces ignored). */
  text: z.string().trim().min(1).max(100).optional(),
  /** The contact's phone, normalised: that caller's tickets. */
  phone: Phone.optional(),
  /** Only the tickets this user filed. */
  filedBy: FiledBy.optional(),
  limit: z.number().int().min(1).max(TICKET_SEARCH_LIMIT_MAX).default(TICKET_SEARCH_LIMIT),
});
export type TicketQuery = z.infer<typeof TicketQuery>;

export interface TicketHit {
  ticket: Ticket;
  state: TicketState;
  filedBy?: string;
}

export interface TicketSearchResult {
  /** Newest first, at most query.limit. */
  hits: TicketHit[];
  /** The text search stopped after TICKET_TEXT_SCAN_MAX tickets: older ones were not read. */
  truncated: boolean;
}

/** Text as compared: NFKC (full-width letters and digits), lower case, no spaces. */
export function foldForSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

/** The ticket number the text is, whole (any case or width), if it is one: looked up directly. */
export function wholeTicketId(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const id = text.normalize('NFKC').trim().toUpperCase();
  return TICKET_ID_RE.test(id) ? id : undefined;
}

export function ticketMatches(hit: Pick<TicketHit, 'ticket' | 'filedBy'>, q: Omit<TicketQuery, 'limit'>): boolean {
  if (q.phone !== undefined && hit.ticket.contact.phone !== q.phone) return false;
  if (q.filedBy !== undefined && hit.filedBy !== q.filedBy) return false;
  if (q.text === undefined) return true;
  const text = foldForSearch(q.text);
  return foldForSearch(hit.ticket.id).includes(text) || foldForSearch(hit.ticket.enterprise.name).includes(text);
}

/** A ticket as a list shows it: no credit code, no transcript, the phone masked (138****5678). */
export const TicketListItem = z.object({
  id: z.string(),
  createdAt: IsoDateTime,
  channel: Channel,
  enterprise: z.object({ name: z.string(), district: z.string() }),
  contact: z.object({ name: z.string(), phone: z.string() }),
  summary: z.string(),
  department: z.string(),
  status: TicketStatus,
  statusName: z.string(),
  sla: Sla,
  filedBy: FiledBy.optional(),
});
export type TicketListItem = z.infer<typeof TicketListItem>;

export function ticketListItem(hit: TicketHit): TicketListItem {
  const { ticket, state } = hit;
  return {
    id: ticket.id,
    createdAt: ticket.createdAt,
    channel: ticket.channel,
    enterprise: { name: ticket.enterprise.name, district: ticket.enterprise.district },
    contact: { name: ticket.contact.name, phone: maskPhone(ticket.contact.phone) },
    summary: ticket.demand.summary,
    department: ticket.triage.department,
    status: state.status,
    statusName: statusName(state.status),
    sla: ticket.sla,
    ...(hit.filedBy !== undefined ? { filedBy: hit.filedBy } : {}),
  };
}
