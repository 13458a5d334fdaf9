/*
 * The 督办 daily summary (GET /api/v1/supervision/summary?date=…): the day's figures as tiles,
 * the overdue tickets by department and the day's filings by category as charts (the bundled
 * chart library), and the same figures as tables. The date is kept in the address.
 */
import * as Chart from '../../shared/chart';
import * as C from '../../shared/console';
import { byId, messageOf, onReady } from '../../shared/dom';
import { TEXT, fullTime } from './labels';
import type { DailySummary, Tally } from './types';

const el = C.el;

const pct = (v: number | null): string => (v === null ? '—' : Math.round(v * 1000) / 10 + '%');
const num = (v: number | null, unit = ''): string => (v === null ? '—' : v + unit);
/** Today in Beijing, YYYY-MM-DD. */
const today = (): string => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);

function kpi(label: string, value: string | number, cls?: string): HTMLElement {
  const d = el('div', 'kpi' + (cls ? ' ' + cls : ''));
  d.appendChild(el('span', 'kpi-value', value));
  d.appendChild(el('span', 'kpi-label', label));
  return d;
}

function row(...cells: (string | number)[]): HTMLTableRowElement {
  const tr = el('tr');
  for (const c of cells) tr.appendChild(el('td', null, c));
  return tr;
}

function table(id: string, rows: HTMLTableRowElement[], columns: number): void {
  if (rows.length === 0) {
    const tr = el('tr');
    const td = el('td', 'hint', '无');
    td.colSpan = columns;
    tr.appendChild(td);
    rows = [tr];
  }
  byId(id).replaceChildren(...rows);
}

function bars(id: string, items: Tally[], cls?: string): void {
  const data = items.slice(0, 12).map((t) => ({ label: t.key, value: t.count, ...(cls ? { cls } : {}) }));
  byId(id).replaceChildren(Chart.render(Chart.barChart(data, { width: 560, height: 260, rotateLabels: true, unit: ' 件', labelChars: 8 }), document));
}

function render(s: DailySummary): void {
  byId('kpis').replaceChildren(
    kpi('当日提交', s.filed.total),
    kpi('当日办结', s.answered.total),
    kpi('按时办结率', pct(s.answered.onTimeRate)),
    kpi('平均办理时长', num(s.answered.averageHours, ' 小时')),
    kpi('在办工单', s.open.total),
    kpi('已超期', s.overdue.total, 'red'),
    kpi('即将超期', s.open.yellow),
    kpi('评价数', s.satisfaction.ratings),
    kpi('平均满意度', num(s.satisfaction.average, ' 分')),
    kpi('满意率（4–5 分）', pct(s.satisfaction.satisfiedRate)),
  );
  bars('chart-overdue', s.overdue.byDepartment, 'qc-red');
  bars('chart-category', s.filed.byCategory);
  table('overdue', s.overdue.byDepartment.map((t) => row(t.key, t.count)), 2);
  table('answered', s.answered.byDepartment.map((d) => row(d.department, d.answered, d.met, d.averageHours)), 4);
  C.status(TEXT.asOf(fullTime(s.asOf)));
}

async function load(date: string): Promise<void> {
  const path = '/api/v1/supervision/summary?date=' + encodeURIComponent(date);
  byId<HTMLAnchorElement>('json').href = path;
  history.replaceState(null, '', location.pathname + '?date=' + encodeURIComponent(date));
  document.body.dataset.loaded = 'false';
  C.status(TEXT.loading);
  try {
    render(await C.api<DailySummary>('GET', path));
  } catch (err) {
    C.status(messageOf(err), true);
  } finally {
    document.body.dataset.loaded = 'true';
  }
}

async function start(): Promise<void> {
  const who = await C.me();
  if (!who) return;
  C.showUser(who);
  const date = byId<HTMLInputElement>('date');
  date.max = today();
  date.value = new URLSearchParams(location.search).get('date') || today();
  byId('day').addEventListener('submit', (e) => {
    e.preventDefault();
    void load(date.value);
  });
  await load(date.value);
}

onReady(() => {
  start().catch((err) => C.status(messageOf(err), true));
});
