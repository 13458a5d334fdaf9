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
import { TicketTimeline, type TimelineEvent } from './supervision-schema';
import { digestOf } from './digest';
import { slaOutcomeName, statusName, trafficLightName } from './messages';
import { maskPhone } from './phone';
import type { Ticket, TicketState } from './schema';
import { slaColour, slaOutcome, workingDaysLeft } from './sla';

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
