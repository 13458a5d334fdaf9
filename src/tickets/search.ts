/**
 * Finding tickets again: an operator's own recent tickets, any ticket by its number, the caller's
 * phone or the enterprise's name, and a caller's earlier tickets while they are on the line. The
 * query and what matches it are defined here once; each store (storage/file, storage/redis) takes
 * its candidates from its indexes, newest first, and keeps those ticketMatches accepts.
 *
 * A hit is the ticket's digest (digest.ts: the few fields a list shows, the phone masked and the
 * credit code absent), so a search never reads whole tickets; a name is matched as the list shows
 * it. The whole number stays in the ticket.
 */
import { z } from 'zod';
import { TicketDigest } from './digest';
import { statusName } from './messages';
import { Phone, TICKET_ID_RE } from './schema';

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
  digest: TicketDigest;
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

/**
 * Whether a candidate matches the query's text and filer. The phone is the store's to check: a
 * digest holds it masked, so stores find a phone's tickets through their phone index.
 */
export function ticketMatches(hit: TicketHit, q: Pick<TicketQuery, 'text' | 'filedBy'>): boolean {
  if (q.filedBy !== undefined && hit.filedBy !== q.filedBy) return false;
  if (q.text === undefined) return true;
  const text = foldForSearch(q.text);
  return foldForSearch(hit.digest.id).includes(text) || foldForSearch(hit.digest.enterprise).includes(text);
}

/** A ticket as a list shows it: its digest (the phone masked, 138****5678), the status in words, who filed it. */
export const TicketListItem = TicketDigest.extend({
  statusName: z.string(),
  filedBy: FiledBy.optional(),
});
export type TicketListItem = z.infer<typeof TicketListItem>;

/** A search's answer: the tickets found, newest first; `truncated`: the text search stopped before the oldest. */
export const TicketSearchAnswer = z.strictObject({ tickets: z.array(TicketListItem), truncated: z.boolean() });
export type TicketSearchAnswer = z.infer<typeof TicketSearchAnswer>;

export function ticketListItem(hit: TicketHit): TicketListItem {
  return { ...hit.digest, statusName: statusName(hit.digest.status), ...(hit.filedBy !== undefined ? { filedBy: hit.filedBy } : {}) };
}
