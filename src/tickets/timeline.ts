/**
 * One ticket's full course for the 督办 view: filed, delivered, each status the routing backend
 * reported (with the department, answer or reason), the rating, and where the deadline falls
 * among them; with the ticket's facts and its colour now. Pure: the store's ticket and state, the
 * clock and the calendar go in.
 *
 * Personal data is masked as in the list (docs/supervision.md): the phone and credit code, and any
 * number in the names, summary, detail, answers, reasons, notes or the rating's comment.
 */
import { maskPersonalData } from '../privacy';
import type { WorkCalendar } from './calendar';
import { z } from 'zod';
import { SLA_OUTCOMES } from './codes';
import { SlaColourSchema } from './supervision';
import { digestOf } from './digest';
import { slaOutcomeName, statusName, trafficLightName } from './messages';
import { maskPhone } from './phone';
import { Applicant, Category, Channel, Complexity, IsoDateTime, Level, Sla, TicketStatus, Urgency, type Ticket, type TicketState } from './schema';
import { slaColour, slaOutcome, workingDaysLeft } from './sla';

export const TIMELINE_EVENT_KINDS = ['filed', 'status', 'rating', 'deadline'] as const;
export type TimelineEventKind = (typeof TIMELINE_EVENT_KINDS)[number];

export const TimelineEvent = z.strictObject({
  kind: z.enum(TIMELINE_EVENT_KINDS),
  at: IsoDateTime,
  /** status events (filed is the queued status): the status and its name. */
  status: TicketStatus.optional(),
  statusName: z.string().optional(),
  department: z.string().optional(),
  answer: z.string().optional(),
  reason: z.string().optional(),
  note: z.string().optional(),
  /** rating */
  score: z.number().int().optional(),
  comment: z.string().optional(),
});
export type TimelineEvent = z.infer<typeof TimelineEvent>;

export const TicketTimeline = z.strictObject({
  asOf: IsoDateTime,
  ticket: z.strictObject({
    id: z.string(),
    createdAt: IsoDateTime,
    channel: Channel,
    /** Absent for a person or a founder who gave none. */
    enterprise: z.strictObject({ name: z.string(), creditCode: z.string().optional(), district: z.string(), town: z.string().optional() }).optional(),
    applicant: Applicant.optional(),
    contact: z.strictObject({ name: z.string(), phone: z.string() }),
    summary: z.string(),
    detail: z.string(),
    category: Category,
    triageDepartment: z.string(),
    level: Level,
    complexity: Complexity,
    urgency: Urgency,
    sla: Sla,
  }),
  status: TicketStatus,
  statusName: z.string(),
  /** The department responsible now. */
  department: z.string(),
  colour: SlaColourSchema,
  colourName: z.string(),
  outcome: z.enum(SLA_OUTCOMES).optional(),
  outcomeName: z.string().optional(),
  workingDaysLeft: z.number().int().optional(),
  delivery: z.strictObject({ attempts: z.number().int(), deliveredAt: IsoDateTime.optional(), lastError: z.string().optional() }),
  events: z.array(TimelineEvent),
});
export type TicketTimeline = z.infer<typeof TicketTimeline>;

const mask = (text: string | undefined) => (text === undefined ? undefined : maskPersonalData(text));

/** Drops the keys whose value is undefined (the API leaves absent fields out). */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export function ticketTimeline(ticket: Ticket, state: TicketState, now: Date, cal: WorkCalendar): TicketTimeline {
  const d = digestOf(ticket, state);
  const colour = slaColour(d, now, cal);
  const events: TimelineEvent[] = state.history.map((h) =>
    defined({
      kind: h.status === 'queued' ? 'filed' : 'status',
      at: h.at,
      status: h.status,
      statusName: statusName(h.status),
      department: h.department,
      answer: mask(h.answer),
      reason: mask(h.reason),
      note: mask(h.note),
    }),
  );
  if (state.rating) events.push(defined({ kind: 'rating', at: state.rating.at, score: state.rating.score, comment: mask(state.rating.comment) }));
  events.push({ kind: 'deadline', at: ticket.sla.dueAt });
  // In time order; events at the same instant keep the order they happened in (sort is stable).
  events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

  const { enterprise } = ticket;
  const timeline: TicketTimeline = {
    asOf: now.toISOString(),
    ticket: {
      id: ticket.id,
      createdAt: ticket.createdAt,
      channel: ticket.channel,
      ...(enterprise
        ? { enterprise: defined({ name: maskPersonalData(enterprise.name), creditCode: mask(enterprise.creditCode), district: enterprise.district, town: enterprise.town }) }
        : {}),
      ...(ticket.applicant ? { applicant: ticket.applicant } : {}),
      contact: { name: maskPersonalData(ticket.contact.name), phone: maskPhone(ticket.contact.phone) },
      summary: maskPersonalData(ticket.demand.summary),
      detail: maskPersonalData(ticket.demand.detail),
      category: ticket.triage.category,
      triageDepartment: ticket.triage.department,
      level: ticket.triage.level,
      complexity: ticket.triage.complexity,
      urgency: ticket.triage.urgency,
      sla: { workingDays: ticket.sla.workingDays, dueAt: ticket.sla.dueAt },
    },
    status: state.status,
    statusName: statusName(state.status),
    department: d.department,
    colour,
    colourName: trafficLightName(colour),
    delivery: defined({ attempts: state.delivery.attempts, deliveredAt: state.delivery.deliveredAt, lastError: state.delivery.lastError }),
    events,
  };
  if (d.answeredAt !== undefined) {
    timeline.outcome = slaOutcome(d.dueAt, d.answeredAt);
    timeline.outcomeName = slaOutcomeName(timeline.outcome);
  } else {
    timeline.workingDaysLeft = workingDaysLeft(new Date(d.dueAt), now, cal);
  }
  return timeline;
}
