/* Analytics (GET /api/v1/admin/kb/analytics) drawn with the bundled chart library (shared/chart.ts). */
import type { AnalyticsAnswer } from '../../../inbox/api';
import type { PolicyStatsView } from '../../../policies/stats';
import * as Chart from '../../shared/chart';
import * as C from '../../shared/console';
import { byId, messageOf } from '../../shared/dom';

const el = C.el;

/** The answers as the server types them (src/inbox/api.ts, src/policies/stats.ts). */
type AnalyticsView = AnalyticsAnswer;
type SlaColour = keyof AnalyticsView['tickets']['bySla'];
type Counted = Exclude<keyof AnalyticsView['series'][number], 'start'>;

/** The profile facts by the names an editor knows (docs/policies.md). */
const FACT: Record<string, string> = {
  district: '所在区',
  industry: '行业',
  size: '企业规模',
  taxCredit: '纳税信用等级',
  employees: '从业人员',
  revenue: '营业收入',
  assets: '资产总额',
  registeredCapital: '注册资本',
  rdRatio: '研发投入占比',
  establishedYears: '成立年限',
  qualifications: '资质',
};

const SLA: Record<SlaColour, string> = { green: '正常', yellow: '即将到期', red: '已超期', closed: '已办结' };

const pct = (v: number): string => Math.round(v * 1000) / 10 + '%';

/** yyyy-mm-dd of a Date in Beijing time. */
const ymd = (d: Date): string => new Date(d.getTime() + 8 * 3600e3).toISOString().slice(0, 10);

function draw(id: string, tree: Chart.ChartTree): void {
  byId(id).replaceChildren(Chart.render(tree, document));
}

function kpi(label: string, value: string | number): HTMLElement {
  const d = el('div', 'kpi');
  d.appendChild(el('span', 'kpi-value', value));
  d.appendChild(el('span', 'kpi-label', label));
  return d;
}

function shortLabel(start: string, bucket: AnalyticsView['bucket']): string {
  return bucket === 'hour' ? start.slice(5, 13).replace('T', ' ') + '时' : start.slice(5, 10);
}

function render(a: AnalyticsView): void {
  const t = a.totals;
  const k = byId('kpis');
  k.replaceChildren(
    kpi('会话数', t.conversations),
    kpi('回答率', pct(t.answerRate)),
    kpi('转人工率', pct(t.handoffRate)),
    kpi('澄清率', pct(t.clarifyRate)),
    kpi('👍', t.helpful),
    kpi('👎', t.unhelpful),
    kpi('工单', t.tickets),
  );
  // The optional semantic layer (embeddings): shown once it has decided something.
  const s = a.semantic;
  if (s && s.answers + s.clarifies > 0) {
    k.appendChild(kpi('语义匹配回答 / 澄清', s.answers + ' / ' + s.clarifies));
    k.appendChild(kpi('语义回答 👍 / 👎', s.helpful + ' / ' + s.unhelpful));
  }
  const labels = a.series.map((p) => shortLabel(p.start, a.bucket));
  const pick = (key: Counted) => a.series.map((p) => p[key]);
  draw(
    'chart-time',
    Chart.lineChart(
      labels,
      [
        { name: '会话', values: pick('conversations') },
        { name: '回答', values: pick('answers') },
        { name: '澄清', values: pick('clarifies') },
        { name: '转人工', values: pick('handoffs') },
        { name: '工单', values: pick('tickets') },
      ],
      { title: '会话、回答、澄清、转人工与工单', width: 900, height: 280 },
    ),
  );
  draw(
    'chart-feedback',
    Chart.barChart(
      [
        { label: '👍 有用', value: t.helpful, cls: 'qc-good' },
        { label: '👎 没用', value: t.unhelpful, cls: 'qc-bad' },
      ],
      { title: '反馈', unit: ' 次', width: 480 },
    ),
  );
  draw('chart-entries', Chart.barChart(a.topEntries.map((e) => ({ label: e.title || e.entryId, value: e.count })), { title: '回答最多的条目', unit: ' 次', width: 480 }));
  draw('chart-unanswered', Chart.barChart(a.topUnanswered.map((g) => ({ label: g.question, value: g.count, cls: 'qc-bad' })), { title: '待答问题', unit: ' 次', width: 480 }));
  draw('chart-category', Chart.barChart(a.tickets.byCategory.map((c) => ({ label: c.key, value: c.count })), { title: '工单类别', unit: ' 件', width: 480 }));
  draw('chart-department', Chart.barChart(a.tickets.byDepartment.map((c) => ({ label: c.key, value: c.count })), { title: '工单部门', unit: ' 件', width: 480 }));
  const colours: SlaColour[] = ['green', 'yellow', 'red', 'closed'];
  draw('chart-sla', Chart.barChart(colours.map((c) => ({ label: SLA[c], value: a.tickets.bySla[c], cls: 'qc-' + c })), { title: '工单时限状态', unit: ' 件', width: 480 }));
  document.body.dataset.loaded = 'true';
}

/** 政策匹配: counters since the start (not by date), drawn apart so a failure leaves the rest of the page. */
async function loadPolicies(): Promise<void> {
  const p = await C.api<PolicyStatsView>('GET', '/api/v1/admin/policies/stats');
  byId('policy-kpis').replaceChildren(kpi('政策匹配次数', p.matchesAsked), kpi('免申即享通知', p.noticesSent));
  const top = <T>(xs: T[]) => xs.slice(0, 10);
  draw('chart-policies', Chart.barChart(top(p.policiesMatched).map((m) => ({ label: m.title || m.policyId, value: m.count })), { title: '匹配最多的政策', unit: ' 次', width: 480 }));
  draw('chart-missing', Chart.barChart(top(p.missingFacts).map((f) => ({ label: FACT[f.fact] || f.fact, value: f.count, cls: 'qc-bad' })), { title: '最常缺少的信息', unit: ' 次', width: 480 }));
}

async function load(): Promise<void> {
  const from = byId<HTMLInputElement>('from').value;
  const to = byId<HTMLInputElement>('to').value;
  const bucket = byId<HTMLSelectElement>('bucket').value;
  // Whole Beijing days: from 00:00 of `from` to 24:00 of `to`.
  const q =
    '?bucket=' +
    bucket +
    '&from=' +
    encodeURIComponent(from + 'T00:00:00+08:00') +
    '&to=' +
    encodeURIComponent(new Date(Date.parse(to + 'T00:00:00+08:00') + 86400e3).toISOString());
  C.status('加载中…');
  try {
    render(await C.api<AnalyticsView>('GET', '/api/v1/admin/kb/analytics' + q));
    C.status('');
  } catch (err) {
    C.status(messageOf(err), true);
  }
}

async function start(): Promise<void> {
  const user = await C.me();
  if (!user) return;
  C.showUser(user);
  const now = new Date();
  byId<HTMLInputElement>('to').value = ymd(now);
  byId<HTMLInputElement>('from').value = ymd(new Date(now.getTime() - 13 * 86400e3));
  byId('range').addEventListener('submit', (ev) => {
    ev.preventDefault();
    void load();
  });
  await load();
  await loadPolicies().catch((err: unknown) => C.status(messageOf(err), true));
}

start().catch((err: unknown) => C.status(messageOf(err), true));
