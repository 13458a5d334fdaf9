/**
 * The 督办 view's domain over a real (file) store and a fixed clock: the list by SLA colour with
 * its filters, counts and paging; a ticket's timeline; the daily summary.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileTicketStore, type FileTicketStore } from '../../src/storage/file/ticket-store';
import { loadCalendar } from '../../src/tickets/calendar';
import type { Ticket } from '../../src/tickets/schema';
import { dailySummary } from '../../src/tickets/supervision-summary';
import { createSupervisionQuery, SupervisionFilter, type SupervisionQuery } from '../../src/tickets/supervision';
import { ticketTimeline } from '../../src/tickets/timeline';
import { makeState, makeTicket, ticketId } from '../support/tickets';

const cal = loadCalendar(join(__dirname, '../../knowledge-base/holidays.json'));
const bj = (local: string) => `${local}+08:00`;
/** Wednesday 2026-11-25 10:00 Beijing time. */
const NOW = new Date(bj('2026-11-25T10:00:00'));

interface Spec {
  n: number;
  filed: string;
  due: string;
  department: string;
  level1?: string;
  district?: string;
  answered?: string;
  rating?: { score: number; at: string };
}

// Wednesday 10:00: due before now is red, due today (by midnight) yellow, later green.
const SPECS: Spec[] = [
  { n: 1, filed: '2026-11-19T09:00:00', due: '2026-11-24T17:30:00', department: '市住房和城乡建设局' },
  { n: 2, filed: '2026-11-20T09:00:00', due: '2026-11-25T17:30:00', department: '市市场监督管理局' },
  { n: 3, filed: '2026-11-23T09:00:00', due: '2026-11-26T17:30:00', department: '市市场监督管理局', level1: '城乡建设' },
  { n: 4, filed: '2026-11-16T09:00:00', due: '2026-11-19T17:30:00', department: '市税务局', answered: '2026-11-18T15:00:00', rating: { score: 5, at: '2026-11-24T11:00:00' } },
  { n: 5, filed: '2026-11-17T09:00:00', due: '2026-11-20T17:30:00', department: '市住房和城乡建设局', answered: '2026-11-24T16:00:00', rating: { score: 2, at: '2026-11-24T18:00:00' } },
  { n: 6, filed: '2026-11-18T09:00:00', due: '2026-11-23T17:30:00', department: '市市场监督管理局', district: '西城区' },
];

function ticketOf(s: Spec): Ticket {
  const base = makeTicket(s.n, { createdAt: bj(s.filed), sla: { workingDays: 3, dueAt: bj(s.due) } });
  return {
    ...base,
    enterprise: { ...base.enterprise!, district: s.district ?? '东城区' },
    demand: { ...base.demand, summary: `门口道路破损，联系电话13912345678（${s.n}）` },
    triage: { ...base.triage, department: s.department, category: { level1: s.level1 ?? '企业服务', level2: '资质认定' } },
  };
}

let dir: string;
let store: FileTicketStore;
let query: SupervisionQuery;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qihu-supervision-'));
  store = await createFileTicketStore({ dir });
  for (const s of SPECS) {
    const t = ticketOf(s);
    await store.createTicket(t, makeState(t));
    if (s.answered) {
      await store.applyStatus(t.id, { status: 'assigned', at: bj(s.filed.replace('09:00', '11:00')), department: s.department });
      await store.applyStatus(t.id, { status: 'resolved', at: bj(s.answered), answer: '已联系企业，来电13912345678已回访' });
    }
    if (s.rating) await store.setRating(t.id, { score: s.rating.score, comment: '回访电话13912345678', at: bj(s.rating.at) });
  }
  query = createSupervisionQuery({ store, calendar: cal, now: () => NOW });
});

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const filter = (f: Record<string, unknown> = {}) => SupervisionFilter.parse(f);
const idsOf = (page: { items: { id: string }[] }) => page.items.map((i) => i.id.slice(-1));

describe('the 督办 list', () => {
  it('lists the overdue first, then by deadline, then the answered ones latest first, with each colour counted', async () => {
    const page = await query.list(filter(), { offset: 0, limit: 50 });
    expect(idsOf(page)).toEqual(['6', '1', '2', '3', '5', '4']);
    expect(page.counts).toEqual({ red: 2, yellow: 1, green: 1, grey: 2 });
    expect(page.total).toBe(6);
    expect(page.items.map((i) => i.colour)).toEqual(['red', 'red', 'yellow', 'green', 'grey', 'grey']);
    const [red, , yellow, , late, kept] = page.items;
    expect(red).toMatchObject({ colourName: '已超期', workingDaysLeft: 0, statusName: '待推送' });
    expect(yellow).toMatchObject({ colourName: '即将超期', workingDaysLeft: 1 });
    expect(late).toMatchObject({ colourName: '已办结', outcome: 'missed', outcomeName: '超时办结', statusName: '已办结' });
    expect(kept).toMatchObject({ outcome: 'met', outcomeName: '按时办结', rating: { score: 5, at: bj('2026-11-24T11:00:00') } });
    expect(page.asOf).toBe(NOW.toISOString());
  });

  it('masks the phone and any number in the summary', async () => {
    const page = await query.list(filter(), { offset: 0, limit: 50 });
    const text = JSON.stringify(page);
    expect(text).not.toContain('13912345678');
    expect(text).not.toContain('13800138000');
    expect(page.items[0]?.contact.phone).toBe('138****8000');
    expect(page.items[0]?.summary).toContain('139****5678');
  });

  it('pages across colours', async () => {
    const pages = [];
    for (let offset = 0; offset < 6; offset += 4) pages.push(...idsOf(await query.list(filter(), { offset, limit: 4 })));
    expect(pages).toEqual(['6', '1', '2', '3', '5', '4']);
    expect(idsOf(await query.list(filter(), { offset: 3, limit: 2 }))).toEqual(['3', '5']);
    expect(idsOf(await query.list(filter({ colours: ['grey', 'red'] }), { offset: 1, limit: 2 }))).toEqual(['1', '5']);
  });

  it('filters by colour, department, category, district and filing date, counting under the same filters', async () => {
    expect(idsOf(await query.list(filter({ colours: ['yellow', 'green'] }), { offset: 0, limit: 50 }))).toEqual(['2', '3']);
    const market = await query.list(filter({ department: '市市场监督管理局' }), { offset: 0, limit: 50 });
    expect(idsOf(market)).toEqual(['6', '2', '3']);
    expect(market.counts).toEqual({ red: 1, yellow: 1, green: 1, grey: 0 });
    const redMarket = await query.list(filter({ department: '市市场监督管理局', colours: ['red'] }), { offset: 0, limit: 50 });
    expect(idsOf(redMarket)).toEqual(['6']);
    // With another filter and grey not asked for, the answered ones are not read, nor counted.
    expect(redMarket.counts).toEqual({ red: 1, yellow: 1, green: 1, grey: null });
    expect(idsOf(await query.list(filter({ category: '城乡建设' }), { offset: 0, limit: 50 }))).toEqual(['3']);
    expect(idsOf(await query.list(filter({ category: '企业服务/资质认定' }), { offset: 0, limit: 50 }))).toHaveLength(5);
    expect(idsOf(await query.list(filter({ category: '企业服务/别的' }), { offset: 0, limit: 50 }))).toEqual([]);
    expect(idsOf(await query.list(filter({ district: '西城区' }), { offset: 0, limit: 50 }))).toEqual(['6']);
    const week = await query.list(filter({ from: '2026-11-18', to: '2026-11-20' }), { offset: 0, limit: 50 });
    expect(idsOf(week)).toEqual(['6', '1', '2']);
    expect(week.counts).toEqual({ red: 2, yellow: 1, green: 0, grey: 0 });
    expect(idsOf(await query.list(filter({ from: '2026-11-17', to: '2026-11-17' }), { offset: 0, limit: 50 }))).toEqual(['5']);
    expect(idsOf(await query.list(filter({ from: '2026-11-17', to: '2026-11-20' }), { offset: 1, limit: 2 }))).toEqual(['1', '2']);
  });

  it('gives the same list whether it reads index ranges or checks each digest', async () => {
    const plain = await query.list(filter(), { offset: 0, limit: 50 });
    const checked = await query.list(filter({ from: '2000-01-01', to: '2099-12-31' }), { offset: 0, limit: 50 });
    expect(checked).toEqual(plain);
  });

  it('refuses a reversed date range and unknown colours', () => {
    expect(SupervisionFilter.safeParse({ from: '2026-11-20', to: '2026-11-19' }).success).toBe(false);
    expect(SupervisionFilter.safeParse({ colours: ['blue'] }).success).toBe(false);
    expect(SupervisionFilter.safeParse({ colours: [] }).success).toBe(false);
  });
});

describe("a ticket's timeline", () => {
  it('runs from filing through each status and the rating, with the deadline in place, personal data masked', async () => {
    const id = ticketId(5);
    const [ticket, state] = await Promise.all([store.getTicket(id), store.getState(id)]);
    const t = ticketTimeline(ticket!, state!, NOW, cal);
    expect(t.events.map((e) => `${e.kind}:${e.status ?? ''}`)).toEqual(['filed:queued', 'status:assigned', 'deadline:', 'status:resolved', 'rating:']);
    expect(t.events[1]).toMatchObject({ statusName: '已分派', department: '市住房和城乡建设局' });
    expect(t.events[3]?.answer).toBe('已联系企业，来电139****5678已回访');
    expect(t.events[4]).toMatchObject({ score: 2, comment: '回访电话139****5678' });
    expect(t).toMatchObject({ colour: 'grey', outcome: 'missed', status: 'resolved', department: '市住房和城乡建设局' });
    expect(t.ticket.contact.phone).toBe('138****8000');
    expect(t.ticket.enterprise!.creditCode).not.toBe(ticket!.enterprise!.creditCode);
    expect(t.ticket.enterprise!.creditCode).toMatch(/\*{8}/);
    expect(JSON.stringify(t)).not.toMatch(/13912345678|13800138000/);
  });

  it('shows an open ticket with the working days it has left', async () => {
    const id = ticketId(2);
    const t = ticketTimeline((await store.getTicket(id))!, (await store.getState(id))!, NOW, cal);
    expect(t).toMatchObject({ colour: 'yellow', colourName: '即将超期', workingDaysLeft: 1, delivery: { attempts: 0 } });
    expect(t.outcome).toBeUndefined();
  });
});

describe('the daily summary', () => {
  it('counts a past day: filings, answers with handling time, ratings, and the overdue at its end by department', async () => {
    const s = await dailySummary('2026-11-24', { store, calendar: cal, now: () => NOW });
    expect(s.asOf).toBe(new Date(bj('2026-11-24T23:59:59.999')).toISOString());
    expect(s.filed.total).toBe(0);
    // Ticket 5, filed 11-17 09:00, answered 11-24 16:00: 175 hours, after its deadline.
    expect(s.answered).toMatchObject({ total: 1, met: 0, missed: 1, onTimeRate: 0, averageHours: 175 });
    expect(s.answered.byDepartment).toEqual([{ department: '市住房和城乡建设局', answered: 1, met: 0, averageHours: 175 }]);
    expect(s.satisfaction).toMatchObject({ ratings: 2, average: 3.5, satisfied: 1, satisfiedRate: 0.5, byScore: { '1': 0, '2': 1, '3': 0, '4': 0, '5': 1 } });
    // At the end of 11-24: 1, 6 overdue (due 11-24, 11-23); 2 yellow (due the next day); 3 green.
    expect(s.open).toEqual({ total: 4, red: 2, yellow: 1, green: 1 });
    expect(s.overdue).toEqual({ total: 2, byDepartment: [{ key: '市住房和城乡建设局', count: 1 }, { key: '市市场监督管理局', count: 1 }] });
  });

  it('counts an earlier day with the state at its end (a ticket answered since was open then)', async () => {
    const s = await dailySummary('2026-11-20', { store, calendar: cal, now: () => NOW });
    expect(s.filed).toMatchObject({ total: 1, byDepartment: [{ key: '市市场监督管理局', count: 1 }] });
    // At the end of 11-20: 1, 5, 6 open (5 answered only on 11-24; 3 not filed yet); 4 answered on 11-18.
    expect(s.open.total).toBe(4);
    expect(s.overdue.total).toBe(1); // 5, due 11-20 17:30
    expect(s.answered.total).toBe(0);
    expect(s.answered.averageHours).toBeNull();
    expect(s.satisfaction.average).toBeNull();
  });

  it('describes today as of now', async () => {
    const s = await dailySummary('2026-11-25', { store, calendar: cal, now: () => NOW });
    expect(s.asOf).toBe(NOW.toISOString());
    expect(s.open).toEqual({ total: 4, red: 2, yellow: 1, green: 1 });
  });
});

describe('待研判 in the 督办 list', () => {
  const FALLBACK = '市12345政务服务便民热线管理中心';
  let reviewDir: string;
  let reviewStore: FileTicketStore;
  let reviewQuery: SupervisionQuery;
  // 1: triage sent it to a person (the fallback department, which took it), nobody has decided yet;
  // 2: the same, then a person there reassigned it to 市教育局; 3: triaged by a rule.
  const tickets = [1, 2, 3].map((n) => {
    const t = ticketOf({ n, filed: '2026-11-24T09:00:00', due: '2026-11-27T17:30:00', department: n < 3 ? FALLBACK : '市税务局' });
    return n < 3 ? { ...t, triage: { ...t.triage, review: true } } : t;
  });

  beforeAll(async () => {
    reviewDir = mkdtempSync(join(tmpdir(), 'qihu-supervision-review-'));
    reviewStore = await createFileTicketStore({ dir: reviewDir });
    for (const t of tickets) await reviewStore.createTicket(t, makeState(t));
    for (const t of tickets.slice(0, 2)) await reviewStore.applyStatus(t.id, { status: 'assigned', at: bj('2026-11-24T11:00:00'), department: FALLBACK });
    await reviewStore.applyStatus(tickets[1]!.id, { status: 'assigned', at: bj('2026-11-24T15:00:00'), department: '市教育局' });
    reviewQuery = createSupervisionQuery({ store: reviewStore, calendar: cal, now: () => NOW });
  });
  afterAll(async () => {
    await reviewStore.close();
    rmSync(reviewDir, { recursive: true, force: true });
  });

  it('marks a ticket waiting for a person to decide, until it is reassigned from the fallback department', async () => {
    const all = await reviewQuery.list(filter(), { offset: 0, limit: 50 });
    expect(all.items.map((i) => [i.id.slice(-1), i.department, i.review])).toEqual([
      ['1', FALLBACK, true],
      ['2', '市教育局', undefined],
      ['3', '市税务局', undefined],
    ]);
  });

  it('lists only those with review, counting under the same filter', async () => {
    const waiting = await reviewQuery.list(filter({ review: true }), { offset: 0, limit: 50 });
    expect(idsOf(waiting)).toEqual(['1']);
    expect(waiting.counts).toEqual({ red: 0, yellow: 0, green: 1, grey: 0 });
    expect(idsOf(await reviewQuery.list(filter({ review: true, department: '市税务局' }), { offset: 0, limit: 50 }))).toEqual([]);
    expect(() => filter({ review: false })).toThrow();
  });
});
