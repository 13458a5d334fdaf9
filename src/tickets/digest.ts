/**
 * A ticket's digest: the few fields the 督办 (supervision) view lists, filters, counts and exports,
 * derived from the ticket and its state in one place. Stores keep it beside the state (written in
 * the same atomic step) and index it by four scores, so a list of open tickets by deadline or a
 * day's answers never reads whole tickets (whose transcripts may be long).
 *
 * Personal data stays out: the phone is masked, the credit code absent, and any number in the
 * free texts (the summary, cut; the enterprise's and the contact's names) masked. A supervisor
 * follows up with departments; the department has the full contact.
 */
import { z } from 'zod';
import { maskPersonalData } from '../privacy';
import { APPLICANT_KINDS, Category, Channel, Complexity, IsoDateTime, SlaWorkingDays, TicketId, TicketStatus, Urgency, type Ticket, type TicketState } from './schema';
import { maskPhone } from './phone';

/** Bump when the digest changes shape: stores rebuild their digests and indexes (Redis on open). */
export const DIGEST_VERSION = 2;
/** Characters of the summary a digest keeps: a list line, not the demand (the timeline has it). */
export const DIGEST_SUMMARY_MAX = 80;

export const TicketDigest = z.strictObject({
  id: TicketId,
  createdAt: IsoDateTime,
  channel: Channel,
  /** The enterprise's name, masked; empty for a person or a founder without one. */
  enterprise: z.string(),
  /** Who filed: absent on tickets from before applicants had kinds (enterprises). */
  applicant: z.enum(APPLICANT_KINDS).optional(),
  district: z.string(),
  town: z.string().optional(),
  category: Category,
  /** The department responsible now: the last one a status report named, else triage's. */
  department: z.string(),
  /** 待研判: no rule decided and the triage model was unsure, and it is still with the fallback department triage chose. */
  review: z.literal(true).optional(),
  complexity: Complexity,
  urgency: Urgency,
  workingDays: SlaWorkingDays,
  dueAt: IsoDateTime,
  status: TicketStatus,
  /** When the current status was reported. */
  statusAt: IsoDateTime,
  /** The first answer (resolved or rejected): the moment the time limit stopped counting. */
  answeredAt: IsoDateTime.optional(),
  rating: z.strictObject({ score: z.number().int().min(1).max(5), at: IsoDateTime }).optional(),
  /** Masked, at most DIGEST_SUMMARY_MAX characters. */
  summary: z.string(),
  /** The phone masked (138****8000). */
  contact: z.strictObject({ name: z.string(), phone: z.string() }),
});
export type TicketDigest = z.infer<typeof TicketDigest>;

const ANSWERS: readonly TicketStatus[] = ['resolved', 'rejected'];

/** Cuts by code points, so a character outside the BMP is never split. */
function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length > max ? chars.slice(0, max - 1).join('') + '…' : text;
}

export function digestOf(ticket: Ticket, state: TicketState): TicketDigest {
  const last = state.history[state.history.length - 1]!;
  const named = [...state.history].reverse().find((h) => h.department !== undefined)?.department;
  const answer = state.history.find((h) => ANSWERS.includes(h.status));
  const d: TicketDigest = {
    id: ticket.id,
    createdAt: ticket.createdAt,
    channel: ticket.channel,
    enterprise: ticket.enterprise ? maskPersonalData(ticket.enterprise.name) : '',
    district: ticket.enterprise?.district ?? ticket.applicant?.district ?? '',
    category: ticket.triage.category,
    department: named ?? ticket.triage.department,
    complexity: ticket.triage.complexity,
    urgency: ticket.triage.urgency,
    workingDays: ticket.sla.workingDays,
    dueAt: ticket.sla.dueAt,
    status: state.status,
    statusAt: last.at,
    // Masked first, then cut: a cut number would no longer be recognised as one.
    summary: clip(maskPersonalData(ticket.demand.summary), DIGEST_SUMMARY_MAX),
    contact: { name: maskPersonalData(ticket.contact.name), phone: maskPhone(ticket.contact.phone) },
  };
  const town = ticket.enterprise?.town ?? ticket.applicant?.town;
  if (town !== undefined) d.town = town;
  if (ticket.applicant) d.applicant = ticket.applicant.kind;
  // The fallback department (the 12345 centre) taking it is where a person decides: still 待研判 until it moves on.
  if (ticket.triage.review && d.department === ticket.triage.department) d.review = true;
  if (answer) d.answeredAt = answer.at;
  if (state.rating) d.rating = { score: state.rating.score, at: state.rating.at };
  return d;
}

/**
 * The indexes a digest is in, each with its score (ms since the epoch): every ticket by filing
 * time; an open one by its deadline; an answered one by when; a rated one by when. A ticket is
 * either open or answered, never both.
 */
export const DIGEST_INDEXES = ['created', 'open', 'answered', 'rated'] as const;
export type DigestIndex = (typeof DIGEST_INDEXES)[number];

export function digestScores(d: TicketDigest): Record<DigestIndex, number | undefined> {
  return {
    created: Date.parse(d.createdAt),
    open: d.answeredAt === undefined ? Date.parse(d.dueAt) : undefined,
    answered: d.answeredAt === undefined ? undefined : Date.parse(d.answeredAt),
    rated: d.rating === undefined ? undefined : Date.parse(d.rating.at),
  };
}
