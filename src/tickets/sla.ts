/**
 * 办理时限 in working days: general demands 3 working days, complex ones 7 (办结时限).
 *
 * Counting rule (documented in docs/tickets.md):
 *  - Acceptance day (受理日): the Beijing date of creation if it is a working day and the ticket
 *    arrived before 17:30; otherwise the next working day. A ticket sent on Friday evening or on a
 *    holiday is treated as received on the next working morning.
 *  - As in statutory time limits, the acceptance day itself is not counted; the due day is the
 *    n-th working day after it, and the ticket is due at 17:30 Beijing time that day.
 *  - Traffic light: red once overdue; yellow when less than one working day is left, i.e. from
 *    17:30 of the working day before the due day; green otherwise.
 */
import type { SlaColour, SlaOutcome, TrafficLight } from './codes';
import type { Complexity, Sla } from './schema';
import {
  addDays,
  beijingDate,
  beijingInstant,
  beijingMinutes,
  formatBeijingIso,
  isWorkingDay,
  nextWorkingDay,
  previousWorkingDay,
  type WorkCalendar,
} from './calendar';

/** Close of business, Beijing time. */
export const CUTOFF = { hour: 17, minute: 30 } as const;
const CUTOFF_MINUTES = CUTOFF.hour * 60 + CUTOFF.minute;

export const SLA_WORKING_DAYS = { general: 3, complex: 7 } as const satisfies Record<Complexity, number>;

export function slaFor(complexity: Complexity): 3 | 7 {
  return SLA_WORKING_DAYS[complexity];
}

/** 受理日: the working day from which the time limit is counted. */
export function acceptanceDay(createdAt: Date, cal: WorkCalendar): string {
  const date = beijingDate(createdAt);
  if (isWorkingDay(cal, date) && beijingMinutes(createdAt) < CUTOFF_MINUTES) return date;
  return nextWorkingDay(cal, date);
}

/** The instant n working days after start, at 17:30 Beijing time (n = 0: 17:30 of the acceptance day). */
export function addWorkingDays(start: Date, n: number, cal: WorkCalendar): Date {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a non-negative integer, got ${n}`);
  let day = acceptanceDay(start, cal);
  for (let i = 0; i < n; i++) day = nextWorkingDay(cal, day);
  return beijingInstant(day, CUTOFF.hour, CUTOFF.minute);
}

export function computeSla(createdAt: Date, complexity: Complexity, cal: WorkCalendar): Sla {
  const workingDays = slaFor(complexity);
  return { workingDays, dueAt: formatBeijingIso(addWorkingDays(createdAt, workingDays, cal)) };
}

export { TRAFFIC_LIGHTS, SLA_COLOURS, SLA_OUTCOMES, type TrafficLight, type SlaColour, type SlaOutcome } from './codes';

/** The moment a ticket turns yellow: 17:30 of the last working day before the due day. */
export function yellowFrom(dueAt: Date, cal: WorkCalendar): Date {
  return beijingInstant(previousWorkingDay(cal, beijingDate(dueAt)), CUTOFF.hour, CUTOFF.minute);
}

export function trafficLight(ticket: { sla: Pick<Sla, 'dueAt'> }, now: Date, cal: WorkCalendar): TrafficLight {
  const due = new Date(ticket.sla.dueAt);
  if (now.getTime() > due.getTime()) return 'red';
  if (now.getTime() >= yellowFrom(due, cal).getTime()) return 'yellow';
  return 'green';
}

/**
 * Working-day closes (17:30 of a working day) still ahead before the deadline, counting the due
 * day's own close: 1 on the last day, 0 when overdue. For 督办 lists.
 */
export function workingDaysLeft(dueAt: Date, now: Date, cal: WorkCalendar): number {
  if (now.getTime() > dueAt.getTime()) return 0;
  const dueDay = beijingDate(dueAt);
  let day = acceptanceDay(now, cal);
  let count = 1;
  while (day < dueDay) {
    day = nextWorkingDay(cal, day);
    count++;
  }
  return count;
}

/**
 * The deadlines that are yellow at `now`, as a range a store can query: from `now` (inclusive) to
 * the returned instant (exclusive), the Beijing midnight after the acceptance day of `now` (the
 * working day whose close comes next). Equivalent to trafficLight: less than one working day is
 * left exactly when the deadline falls on or before that day (test/tickets/sla.test.ts checks the
 * two agree); earlier deadlines are red, later ones green.
 */
export function yellowUntil(now: Date, cal: WorkCalendar): Date {
  return beijingInstant(addDays(acceptanceDay(now, cal), 1), 0, 0);
}

/** A ticket's colour in the 督办 view: grey once answered, else its traffic light. */
export function slaColour(ticket: { dueAt: string; answeredAt?: string | undefined }, now: Date, cal: WorkCalendar): SlaColour {
  if (ticket.answeredAt !== undefined) return 'grey';
  return trafficLight({ sla: { dueAt: ticket.dueAt } }, now, cal);
}

/** Whether an answer came by the deadline (17:30 of the due day counts as in time). */
export function slaOutcome(dueAt: string, answeredAt: string): SlaOutcome {
  return Date.parse(answeredAt) <= Date.parse(dueAt) ? 'met' : 'missed';
}
