/**
 * From what a channel submits to the ticket we store and deliver: validate (with Chinese messages
 * and codes), resolve the district, triage, compute the SLA and the id. Pure: the clock, the
 * sequence number and every table come in through deps, so the same input gives the same ticket.
 */
import { createHash } from 'node:crypto';
import { beijingDate, beijingMinutes, formatBeijingIso, type WorkCalendar } from './calendar';
import { resolveDistrict, type Districts } from './districts';
import { message } from './messages';
import {
  Ticket,
  TICKET_SCHEMA_VERSION,
  TURNS_KEPT,
  type Applicant,
  type TicketInput,
  type TicketIssue,
} from './schema';
import { parseTicketInput, toTicketIssues } from './issues';
import { computeSla } from './sla';
import { formatTicketId } from './ticket-id';
import { triage, normalizeText, type KbDepartmentHint, type RoutingTable } from './triage';

export interface PrepareDeps {
  now: Date;
  /** Per-day sequence for the id, allocated by the store. */
  sequence: number;
  calendar: WorkCalendar;
  routing: RoutingTable;
  districts: Districts;
  /** Departments of the knowledge-base entries offered before escalation, best first. */
  kbDepartments?: readonly KbDepartmentHint[];
}

export type PrepareResult = { ok: true; ticket: Ticket } | { ok: false; issues: TicketIssue[] };

/**
 * A retried submission (double click, network retry) within the same minute for the same session
 * and summary maps to the same key, so the store can return the first ticket instead of a second.
 */
export function deriveIdempotencyKey(input: Pick<TicketInput, 'channel' | 'sessionId'> & { summary: string }, now: Date): string {
  const minute = `${beijingDate(now)}+${beijingMinutes(now)}`;
  const material = [input.channel, input.sessionId ?? '', normalizeText(input.summary), minute].join('\u0000');
  return 'auto-' + createHash('sha256').update(material).digest('hex').slice(0, 32);
}

/** Accepts the raw submission (unknown) or an already parsed TicketInput. */
export function prepareTicket(input: unknown, deps: PrepareDeps): PrepareResult {
  const parsed = parseTicketInput(input);
  if (!parsed.ok) return parsed;
  const data = parsed.value;

  // The district the ticket belongs to: the enterprise's, or the applicant's (a person, a founder).
  const given = data.enterprise ?? data.applicant;
  const where = data.enterprise ? 'enterprise' : 'applicant';
  const place = resolveDistrict(deps.districts, given?.district ?? '', given?.town);
  if (!place.ok) {
    const path = `${where}.${place.code === 'town_unknown' ? 'town' : 'district'}`;
    return { ok: false, issues: [{ path, code: place.code, message: message(place.code) }] };
  }

  const turns = data.demand.turns.slice(-TURNS_KEPT);
  const triaged = triage(
    {
      summary: data.demand.summary,
      detail: data.demand.detail,
      turns,
      cityLevel: place.cityLevel,
      ...(place.town !== undefined ? { town: place.town } : {}),
    },
    deps.routing,
    deps.kbDepartments ? { kbDepartments: deps.kbDepartments } : {},
  );

  // Canonical district and town names, in whichever part named them.
  const placed = { district: place.district, ...(place.town !== undefined ? { town: place.town } : {}) };
  let enterprise: Ticket['enterprise'];
  if (data.enterprise) {
    const { district: _district, town: _town, ...rest } = data.enterprise;
    enterprise = { ...rest, ...placed };
  }
  const applicant: Applicant = enterprise
    ? { kind: data.applicant?.kind ?? 'enterprise' }
    : { kind: data.applicant?.kind ?? 'individual', ...placed };

  const candidate: Ticket = {
    schema: TICKET_SCHEMA_VERSION,
    id: formatTicketId(deps.now, deps.sequence),
    // Beijing offset like sla.dueAt: the people reading tickets read Beijing time.
    createdAt: formatBeijingIso(deps.now),
    channel: data.channel,
    applicant,
    ...(enterprise ? { enterprise } : {}),
    contact: data.contact,
    demand: { ...data.demand, turns },
    triage: triaged,
    sla: computeSla(deps.now, triaged.complexity, deps.calendar),
    idempotencyKey:
      data.idempotencyKey ??
      deriveIdempotencyKey({ channel: data.channel, summary: data.demand.summary, ...(data.sessionId !== undefined ? { sessionId: data.sessionId } : {}) }, deps.now),
    ...(data.sessionId !== undefined ? { sessionId: data.sessionId } : {}),
  };
  // The stored contract is checked once more: a ticket we could not defend is not sent.
  const checked = Ticket.safeParse(candidate);
  return checked.success ? { ok: true, ticket: checked.data } : { ok: false, issues: toTicketIssues(checked.error) };
}
