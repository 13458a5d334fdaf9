/**
 * A routing table edited in the editor and published is what ticket triage uses from the next
 * ticket on, without a restart (a whole qihu, embedded default, over HTTP).
 */
import { api, startInboxQihu, type InboxQihu } from '../inbox/support';
import { ticketInput } from '../support/qihu';

let qihu: InboxQihu;
beforeAll(async () => {
  qihu = await startInboxQihu();
});
afterAll(() => qihu.stop());

interface Routing {
  departments: unknown[];
  rules: { id: string; keywords: string[]; department: string }[];
}
interface Filed {
  ticket: { triage: { department: string; reasons: { detail: string }[] } };
}

const file = async (n: number, summary: string) => {
  const r = await api<Filed>(qihu.url, 'POST', '/api/v1/tickets', ticketInput(n, { demand: { summary }, idempotencyKey: `routing-live-${n}-abcdef` }));
  expect(r.status).toBe(201);
  return r.json.ticket.triage;
};

test('a published routing edit routes the next ticket', async () => {
  const summary = '我们想咨询一下风筝节摊位报备的事宜';
  const before = await file(1, summary);

  const current = await api<{ routing: Routing; version: number }>(qihu.url, 'GET', '/api/v1/admin/kb/routing');
  const routing = structuredClone(current.json.routing);
  const rule = routing.rules.find((r) => r.department !== before.department)!;
  rule.keywords.push('风筝节');
  expect((await api(qihu.url, 'PUT', '/api/v1/admin/kb/routing', { expectedVersion: current.json.version, routing })).status).toBe(200);

  // A draft does not route anything yet.
  expect((await file(2, summary)).department).toBe(before.department);
  expect((await api(qihu.url, 'POST', '/api/v1/admin/kb/publish', { note: '风筝节归口' })).status).toBe(200);
  const after = await file(3, summary);
  expect(after.department).toBe(rule.department);
  expect(after.reasons.map((r) => r.detail).join(' ')).toContain('风筝节');
});
