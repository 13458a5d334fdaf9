/**
 * The 督办 daily summary of one Beijing calendar day: tickets filed that day; answers given that
 * day, how many kept their deadline and the average handling time (filing to first answer);
 * ratings given that day; and, at the day's end (or now, for today), the open tickets by colour
 * and the overdue ones by department.
 *
 * Each part reads one index range: the day's filings, answers and ratings, and for the state at
 * the day's end the open tickets plus those answered after it. A department is the one
 * responsible now (digest.ts), not on that day.
 */
import { z } from 'zod';
import { addDays, beijingInstant, type WorkCalendar } from './calendar';
import type { TicketDigest } from './digest';
import { trafficLight, yellowUntil } from './sla';
import type { TicketStore } from './store';
import type { DailySummary, Tally } from './summary-schema';

export const SummaryDate = z.iso.date();

export { DailySummarySchema, TallySchema, type DailySummary, type DepartmentAnswers, type Tally } from './summary-schema';

export interface SummaryDeps {
  store: Pick<TicketStore, 'listDigests' | 'countDigests'>;
  calendar: WorkCalendar;
  now?: () => Date;
}

const HOUR_MS = 3_600_000;
const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
const ratio = (part: number, whole: number) => (whole === 0 ? null : round(part / whole, 4));

/** Counts by key, the largest first (ties by key). */
function tally(items: readonly TicketDigest[], key: (d: TicketDigest) => string): Tally[] {
  const counts = new Map<string, number>();
  for (const d of items) counts.set(key(d), (counts.get(key(d)) ?? 0) + 1);
  return [...counts].map(([k, count]) => ({ key: k, count })).sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

const hoursToAnswer = (d: TicketDigest) => (Date.parse(d.answeredAt!) - Date.parse(d.createdAt)) / HOUR_MS;
const answeredInTime = (d: TicketDigest) => Date.parse(d.answeredAt!) <= Date.parse(d.dueAt);

export async function dailySummary(date: string, deps: SummaryDeps): Promise<DailySummary> {
  const { store, calendar } = deps;
  const start = beijingInstant(date, 0, 0).getTime();
  const end = beijingInstant(addDays(date, 1), 0, 0).getTime() - 1;
  const now = (deps.now ?? (() => new Date()))();
  const asOf = new Date(Math.min(end, now.getTime()));
  const t = asOf.getTime();

  /**
   * The tickets open at `at` by colour, with the overdue ones' digests. Today (`at` is now) the
   * open index is that set: the colours are counts of its ranges, and only the overdue are read.
   * For a past day's end it is the tickets filed by then and not yet answered: those still open and
   * those answered since.
   */
  async function openAt(at: Date, isNow: boolean): Promise<{ red: number; yellow: number; green: number; overdue: TicketDigest[] }> {
    if (isNow) {
      const yellowEnd = yellowUntil(at, calendar).getTime();
      const [overdue, yellow, green] = await Promise.all([
        store.listDigests({ index: 'open', max: t - 1 }),
        store.countDigests({ index: 'open', min: t, max: yellowEnd - 1 }),
        store.countDigests({ index: 'open', min: yellowEnd }),
      ]);
      return { red: overdue.length, yellow, green, overdue };
    }
    const [stillOpen, answeredSince] = await Promise.all([store.listDigests({ index: 'open' }), store.listDigests({ index: 'answered', min: t + 1 })]);
    const lights = { red: 0, yellow: 0, green: 0, overdue: [] as TicketDigest[] };
    for (const d of [...stillOpen, ...answeredSince]) {
      if (Date.parse(d.createdAt) > t) continue;
      const light = trafficLight({ sla: { dueAt: d.dueAt } }, at, calendar);
      lights[light]++;
      if (light === 'red') lights.overdue.push(d);
    }
    return lights;
  }

  const [filed, answered, rated, open] = await Promise.all([
    store.listDigests({ index: 'created', min: start, max: end }),
    store.listDigests({ index: 'answered', min: start, max: end }),
    store.listDigests({ index: 'rated', min: start, max: end }),
    openAt(asOf, t === now.getTime()),
  ]);

  const met = answered.filter(answeredInTime).length;
  const departments = new Map<string, TicketDigest[]>();
  for (const d of answered) departments.set(d.department, [...(departments.get(d.department) ?? []), d]);
  const mean = (items: readonly TicketDigest[]) => round(items.reduce((sum, d) => sum + hoursToAnswer(d), 0) / items.length, 1);

  const byScore = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  let scoreSum = 0;
  for (const d of rated) {
    const score = d.rating!.score;
    byScore[String(score) as keyof typeof byScore]++;
    scoreSum += score;
  }
  const satisfied = byScore['4'] + byScore['5'];

  return {
    date,
    asOf: asOf.toISOString(),
    filed: {
      total: filed.length,
      byDepartment: tally(filed, (d) => d.department),
      byCategory: tally(filed, (d) => d.category.level1),
      byDistrict: tally(filed, (d) => d.district),
      byChannel: tally(filed, (d) => d.channel),
    },
    answered: {
      total: answered.length,
      met,
      missed: answered.length - met,
      onTimeRate: ratio(met, answered.length),
      averageHours: answered.length ? mean(answered) : null,
      byDepartment: [...departments]
        .map(([department, items]) => ({ department, answered: items.length, met: items.filter(answeredInTime).length, averageHours: mean(items) }))
        .sort((a, b) => b.answered - a.answered || (a.department < b.department ? -1 : 1)),
    },
    open: { total: open.red + open.yellow + open.green, red: open.red, yellow: open.yellow, green: open.green },
    overdue: { total: open.overdue.length, byDepartment: tally(open.overdue, (d) => d.department) },
    satisfaction: {
      ratings: rated.length,
      average: rated.length ? round(scoreSum / rated.length, 2) : null,
      satisfied,
      satisfiedRate: ratio(satisfied, rated.length),
      byScore,
    },
  };
}
