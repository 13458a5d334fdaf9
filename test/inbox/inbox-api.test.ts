/**
 * The inbox and analytics over real HTTP: a whole qihu (startQihu, file stores under a temporary
 * DATA_DIR), real conversations through /api/v1/chat (hand-offs, 👎, a filed ticket) so the
 * records exist, then the editor's API: groups, add as alternate → publish → the engine answers
 * the question, new FAQ from a group, dismiss, analytics, the guard and validation.
 */
import type { Analytics as Computed } from '../../src/inbox';
import { api, ask, askAndRate, fileTicketByChat, OPERATOR_TOKEN, startInboxQihu, type InboxQihu } from './support';

interface Group {
  id: string;
  question: string;
  count: number;
  distinct: number;
  examples: { question: string; count: number }[];
  reasons: { handoff: Record<string, number>; unhelpful: number; lowConfidence: number };
  candidates: { entryId: string; title: string; kind: string }[];
  answeredEntries: { entryId: string; count: number; title?: string }[];
}
interface Inbox {
  total: number;
  lowConfidence: number;
  threshold: number;
  groups: Group[];
}

const OFF_TOPIC = '卖感冒药的小铺子咋弄';
const PANCAKE = '街边卖煎饼果子要登记吗';
let qihu: InboxQihu;
let ticketId: string;

beforeAll(async () => {
  qihu = await startInboxQihu();
  // Hand-offs: the same question twice and a paraphrase, in fresh sessions.
  for (const q of [OFF_TOPIC, OFF_TOPIC, '卖感冒药的小铺子怎么弄']) expect((await ask(qihu.url, q)).first.type).toBe('handoff');
  expect((await ask(qihu.url, PANCAKE)).first.type).toBe('handoff');
  // 👎 on an answer, 👍 on another.
  await askAndRate(qihu.url, '开药店要什么材料', false);
  await askAndRate(qihu.url, '注销公司流程', true);
  ticketId = await fileTicketByChat(qihu.url);
}, 60_000);

afterAll(() => qihu.stop());

const inbox = async () => {
  const r = await api<Inbox>(qihu.url, 'GET', '/api/v1/admin/kb/inbox');
  expect(r.status).toBe(200);
  return r.json;
};
const groupWith = (box: Inbox, text: string) => box.groups.find((g) => g.examples.some((e) => e.question === text));

describe('the inbox', () => {
  it('is for editors only', async () => {
    expect((await api(qihu.url, 'GET', '/api/v1/admin/kb/inbox', undefined, {})).status).toBe(401);
    expect((await api(qihu.url, 'GET', '/api/v1/admin/kb/inbox', undefined, { authorization: `Bearer ${OPERATOR_TOKEN}` })).status).toBe(403);
    expect((await api(qihu.url, 'GET', '/api/v1/admin/kb/analytics', undefined, { authorization: `Bearer ${OPERATOR_TOKEN}` })).status).toBe(403);
  });

  it('groups hand-offs and 👎 by similarity, with counts, reasons and the engine candidates', async () => {
    const box = await inbox();
    expect(box.lowConfidence).toBe(0.7);
    const offTopic = groupWith(box, OFF_TOPIC)!;
    expect(offTopic).toMatchObject({ question: OFF_TOPIC, count: 3, distinct: 2, reasons: { handoff: { out_of_scope: 3 }, unhelpful: 0 } });
    expect(offTopic.candidates.length).toBeGreaterThan(0);
    expect(box.groups[0]!.id).toBe(offTopic.id); // largest first
    const unhelpful = groupWith(box, '开药店要什么材料')!;
    expect(unhelpful).toMatchObject({ count: 1, reasons: { unhelpful: 1 } });
    expect(unhelpful.answeredEntries).toEqual([expect.objectContaining({ entryId: 'item-drug-retail', count: 1 })]);
    // The 👍 answer and the ticket intake's answers are not in the inbox.
    expect(groupWith(box, '注销公司流程')).toBeUndefined();
    expect(groupWith(box, '示例五金制品有限公司')).toBeUndefined();
  });

  it('adds a question as an alias; after publish the engine answers it', async () => {
    const before = await api<{ kind: string; decision?: string }>(qihu.url, 'POST', '/api/v1/ask', { text: OFF_TOPIC }, {});
    expect(before.json.kind).toBe('handoff');
    const group = groupWith(await inbox(), OFF_TOPIC)!;
    const added = await api<{ changed: boolean; field: string; version: number; question: string; dismissed: number }>(
      qihu.url,
      'POST',
      `/api/v1/admin/kb/inbox/groups/${group.id}/alternate`,
      { entryId: 'item-drug-retail' },
    );
    expect(added.status).toBe(200);
    expect(added.json).toMatchObject({ changed: true, field: 'aliases', question: OFF_TOPIC, dismissed: 2 });
    // A versioned draft change by the editor.
    const entry = await api<{ version: number; updatedBy: string; entry: { aliases: string[] } }>(qihu.url, 'GET', '/api/v1/admin/kb/entries/item-drug-retail');
    expect(entry.json.entry.aliases).toContain(OFF_TOPIC);
    expect(entry.json).toMatchObject({ version: added.json.version, updatedBy: 'kbbot' });
    // Handled: gone from the inbox.
    expect(groupWith(await inbox(), OFF_TOPIC)).toBeUndefined();
    // Not live until published.
    expect((await api<{ kind: string }>(qihu.url, 'POST', '/api/v1/ask', { text: OFF_TOPIC }, {})).json.kind).toBe('handoff');
    expect((await api(qihu.url, 'POST', '/api/v1/admin/kb/publish', { note: 'inbox' })).status).toBe(200);
    const after = await api<{ kind: string; entryId?: string }>(qihu.url, 'POST', '/api/v1/ask', { text: OFF_TOPIC }, {});
    expect(after.json).toMatchObject({ kind: 'answer', entryId: 'item-drug-retail' });
    expect((await ask(qihu.url, OFF_TOPIC)).first).toMatchObject({ type: 'answer', entryId: 'item-drug-retail' });
  });

  it('adding an alternate that the entry already has changes nothing (but handles the group)', async () => {
    const group = groupWith(await inbox(), '开药店要什么材料')!;
    const r = await api<{ changed: boolean; changeSetId: string | null }>(qihu.url, 'POST', `/api/v1/admin/kb/inbox/groups/${group.id}/alternate`, {
      entryId: 'item-drug-retail',
      question: OFF_TOPIC,
    });
    expect(r.json).toMatchObject({ changed: false, changeSetId: null });
  });

  it('creates an FAQ draft prefilled with the group', async () => {
    const group = groupWith(await inbox(), PANCAKE)!;
    const bad = await api<{ issues: { path: string }[] }>(qihu.url, 'POST', `/api/v1/admin/kb/inbox/groups/${group.id}/faq`, {});
    expect(bad.status).toBe(400);
    expect(bad.json.issues.map((i) => i.path)).toEqual(['answer']);
    const r = await api<{ entry: { id: string; kind: string; question: string; answer: string } }>(
      qihu.url,
      'POST',
      `/api/v1/admin/kb/inbox/groups/${group.id}/faq`,
      { answer: '流动摊贩按所在区县规定办理登记，具体请咨询所在街道。', department: '市市场监管局' },
    );
    expect(r.status).toBe(201);
    expect(r.json.entry).toMatchObject({ kind: 'faq', question: PANCAKE });
    const stored = await api<{ entry: { question: string }; updatedBy: string }>(qihu.url, 'GET', `/api/v1/admin/kb/entries/${r.json.entry.id}`);
    expect(stored.json).toMatchObject({ entry: { question: PANCAKE }, updatedBy: 'kbbot' });
    expect(groupWith(await inbox(), PANCAKE)).toBeUndefined();
  });

  it('dismisses a group; unknown groups and bad bodies are refused', async () => {
    const sid = await ask(qihu.url, '月球上能开分公司吗');
    expect(sid.first.type).toBe('handoff');
    const group = groupWith(await inbox(), '月球上能开分公司吗')!;
    expect((await api(qihu.url, 'POST', `/api/v1/admin/kb/inbox/groups/${group.id}/dismiss`)).json).toMatchObject({ dismissed: 1 });
    expect(groupWith(await inbox(), '月球上能开分公司吗')).toBeUndefined();
    expect((await api(qihu.url, 'POST', `/api/v1/admin/kb/inbox/groups/${group.id}/dismiss`)).status).toBe(404);
    expect((await api(qihu.url, 'POST', '/api/v1/admin/kb/inbox/groups/nope/alternate', { entryId: 'item-drug-retail' })).status).toBe(404);
    expect((await api(qihu.url, 'POST', '/api/v1/admin/kb/inbox/groups/0123456789abcdef/alternate', { entryId: 'bad id!' })).status).toBe(400);
    expect((await api(qihu.url, 'GET', '/api/v1/admin/kb/inbox?days=0')).status).toBe(400);
    // Asked again after the dismissal: back in the inbox.
    await ask(qihu.url, '月球上能开分公司吗');
    expect(groupWith(await inbox(), '月球上能开分公司吗')).toMatchObject({ count: 1 });
  });
});

describe('analytics', () => {
  type Analytics = Computed & { topUnanswered: { id: string; question: string; count: number }[] };

  it('counts the conversations, rates, feedback, entries, unanswered groups and tickets', async () => {
    const from = new Date(Date.now() - 2 * 3600e3).toISOString();
    const to = new Date(Date.now() + 3600e3).toISOString();
    const r = await api<Analytics>(qihu.url, 'GET', `/api/v1/admin/kb/analytics?bucket=hour&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    expect(r.status).toBe(200);
    const a = r.json;
    expect(a.totals.conversations).toBeGreaterThanOrEqual(9);
    expect(a.totals).toMatchObject({ helpful: 1, unhelpful: 1, tickets: 1 });
    expect(a.totals.answers).toBeGreaterThanOrEqual(3);
    expect(a.totals.handoffs).toBeGreaterThanOrEqual(5);
    expect(a.totals.answerRate + a.totals.handoffRate + a.totals.clarifyRate).toBeCloseTo(1, 2);
    expect(a.series.length).toBeGreaterThanOrEqual(3); // from and to are not on the hour: 3 or 4 hour buckets
    expect(a.series.length).toBeLessThanOrEqual(4);
    expect(a.series.reduce((n, p) => n + p.conversations, 0)).toBeGreaterThanOrEqual(9);
    expect(a.topEntries.find((e) => e.entryId === 'item-drug-retail')).toMatchObject({ title: expect.stringContaining('药品零售') });
    expect(a.topUnanswered.length).toBeGreaterThan(0);
    const view = await qihu.tickets.status(ticketId);
    expect(a.tickets.byDepartment).toEqual([{ key: view!.ticket.triage.department, count: 1 }]);
    expect(a.tickets.byCategory).toEqual([{ key: view!.ticket.triage.category.level1, count: 1 }]);
    expect(a.tickets.bySla.green + a.tickets.bySla.yellow + a.tickets.bySla.red + a.tickets.bySla.closed).toBe(1);
  });

  it('defaults to 30 days by day, and validates the query', async () => {
    const r = await api<Analytics>(qihu.url, 'GET', '/api/v1/admin/kb/analytics');
    expect(r.status).toBe(200);
    expect(r.json.series.length).toBeGreaterThanOrEqual(30);
    expect((await api(qihu.url, 'GET', '/api/v1/admin/kb/analytics?bucket=week')).status).toBe(400);
    expect((await api(qihu.url, 'GET', '/api/v1/admin/kb/analytics?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z')).status).toBe(400);
    expect((await api(qihu.url, 'GET', '/api/v1/admin/kb/analytics?bucket=hour&from=2025-01-01T00:00:00Z&to=2026-01-01T00:00:00Z')).status).toBe(400);
  });
});

describe('the pages', () => {
  it.each(['/editor/inbox', '/editor/analytics'])('%s is served with a strict CSP and hashed assets', async (path) => {
    const res = await fetch(qihu.url + path);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("require-trusted-types-for 'script'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await res.text();
    expect(html).not.toMatch(/<script>|<style>|\son\w+=|https?:\/\//);
    for (const m of html.matchAll(/"(\/editor\/insights\/[\w.]+\?v=[0-9a-f]{12})"/g)) {
      const asset = await fetch(qihu.url + m[1]);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('cache-control')).toContain('immutable');
    }
  });

  it('serves only the listed assets', async () => {
    for (const name of ['inbox.js', 'analytics.js', 'insights.css']) expect((await fetch(qihu.url + '/editor/insights/' + name)).status).toBe(200);
    // The chart library and the shared console code are bundled into the pages' scripts, not served alone.
    for (const name of ['chart.js', 'console.js', 'chart.ts']) expect((await fetch(qihu.url + '/editor/insights/' + name)).status).toBe(404);
    expect((await fetch(qihu.url + '/editor/insights/router.ts')).status).toBe(404);
    expect((await fetch(qihu.url + '/editor/insights/..%2Frouter.ts')).status).toBe(404);
  });
});

