/**
 * The answers of a running qihu match docs/openapi.yaml: each request below gets a real answer,
 * which must validate against the component schema the document names for it (read back from the
 * YAML with z.fromJSONSchema, additionalProperties and formats included). The document is
 * generated from the zod schemas the handlers type their answers with (src/http/openapi), so this
 * checks the generation end to end: a field the code sends but the schema lacks, a wrong enum or
 * a missing required field fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { hashSecret } from '../../src/auth/secret-hash';
import { ZOD_COMPONENTS } from '../../src/http/openapi/schemas-zod';
import { startChatQihu, type ChatQihu } from '../chat/support';

// js-yaml comes with ts-jest (no types of its own).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require('js-yaml') as { load(text: string): unknown };

const doc = yaml.load(readFileSync(join(__dirname, '../../docs/openapi.yaml'), 'utf8')) as { components: { schemas: Record<string, unknown> } };
// The components as one JSON Schema's $defs, so that their $refs resolve.
const defs = JSON.parse(JSON.stringify(doc.components.schemas).replaceAll('#/components/schemas/', '#/$defs/')) as Record<string, unknown>;
const documented = (name: string) => {
  expect(defs[name]).toBeDefined();
  return z.fromJSONSchema({ $schema: 'https://json-schema.org/draft/2020-12/schema', $ref: `#/$defs/${name}`, $defs: defs } as Parameters<typeof z.fromJSONSchema>[0]);
};

/** The body validates against the documented component (the issues shown when it does not). */
function expectDocumented(name: string, body: unknown): void {
  const parsed = documented(name).safeParse(body);
  expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
}

const PASSWORD = 'responses-admin-password-0123';
const TOKEN = 'responses-admin-token-0123456789';
const COST = { log2N: 12, r: 8, p: 1 } as const;
const TICKET = {
  channel: 'api',
  enterprise: { name: '示例五金制品有限公司', creditCode: '91350100M000100Y43', district: '东城区' },
  contact: { name: '李四', phone: '13800138000' },
  demand: { summary: '厂门口道路破损半年未修复，影响货车进出', location: '东城区幸福路厂区南门' },
};

let qihu: ChatQihu;
beforeAll(async () => {
  qihu = await startChatQihu({
    env: {
      ROUTING_SECRET: 'responses-routing-secret-0123456789abcdef',
      AUTH_USERS: `admin:admin:${hashSecret(PASSWORD, COST)}`,
      AUTH_TOKENS: `admin-bot:admin:${hashSecret(TOKEN, COST)}`,
    },
  });
}, 60_000);
afterAll(() => qihu.stop());

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  const res = await fetch(qihu.url + path, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.json() };
}
const admin = { authorization: `Bearer ${TOKEN}` };
/** A call as the signed-in admin (who may use the operator console too). */
const asAdmin = (method: string, path: string, body?: unknown) => call(method, path, body, admin);

describe('answers of a running qihu match docs/openapi.yaml', () => {
  it('a schema read back from the document refuses what the code would not send', () => {
    const health = documented('Health');
    const valid = { status: 'ok', mode: 'embedded', uptimeSeconds: 1, knowledgeBase: { name: 'kb', entries: 1, sample: true }, checks: {} };
    expect(health.safeParse(valid).success).toBe(true);
    expect(health.safeParse({ ...valid, status: 'fine' }).success).toBe(false);
    expect(health.safeParse({ ...valid, extra: 1 }).success).toBe(false);
    const { uptimeSeconds: _u, ...missing } = valid;
    expect(health.safeParse(missing).success).toBe(false);
  });

  it('health, readiness, the engine and policy matching', async () => {
    expectDocumented('Health', (await call('GET', '/healthz')).body);
    expectDocumented('Readiness', (await call('GET', '/readyz')).body);
    expectDocumented('PopularQuestions', (await call('GET', '/api/v1/chat/popular?script=traditional')).body);
    for (const text of ['开药店要什么材料', '你好', '营业执照']) {
      const r = await call('POST', '/api/v1/ask', { text });
      expect(r.status).toBe(200);
      expectDocumented('Decision', r.body);
    }
    const match = await call('POST', '/api/v1/policies/match', { profile: { employees: 20, revenue: 800, industry: 'C3311' } });
    expect(match.status).toBe(200);
    expectDocumented('PolicyMatchResponse', match.body);
    const stats = await call('GET', '/api/v1/admin/policies/stats', undefined, admin);
    expect((stats.body as { matchesAsked: number }).matchesAsked).toBeGreaterThan(0);
    expectDocumented('PolicyStats', stats.body);
    expectDocumented('PolicyVocabulary', (await call('GET', '/api/v1/admin/kb/policies/vocabulary', undefined, admin)).body);
    const suggested = await call('POST', '/api/v1/admin/kb/policies/suggest', { text: '注册在本市、从业人员50人以上的高新技术企业' }, admin);
    expect((suggested.body as { items: unknown[] }).items.length).toBeGreaterThan(0);
    expectDocumented('PolicySuggestions', suggested.body);
    expectDocumented('EnterprisePage', (await call('GET', '/api/v1/admin/enterprises?limit=3', undefined, admin)).body);
    expectDocumented('PolicyNoticePage', (await call('GET', '/api/v1/admin/policies/notices', undefined, admin)).body);
    expectDocumented('PolicyVerificationPage', (await call('GET', '/api/v1/admin/policies/verification?limit=3', undefined, admin)).body);
  });

  it('errors', async () => {
    const invalid = await call('POST', '/api/v1/ask', { text: 42 });
    expect(invalid.status).toBe(400);
    expectDocumented('Error', invalid.body);
    const missing = await call('GET', '/api/v1/tickets/QH-20000101-000001');
    expect(missing.status).toBe(404);
    expectDocumented('Error', missing.body);
  });

  it('a ticket filed, its progress, my tickets and the 督办 views', async () => {
    const filed = await call('POST', '/api/v1/tickets', TICKET);
    expect(filed.status).toBe(201);
    expectDocumented('FileTicketResponse', filed.body);
    const { id, accessToken } = filed.body as { id: string; accessToken: string };
    const progress = await call('GET', `/api/v1/tickets/${id}`, undefined, { 'x-qihu-ticket-token': accessToken });
    expectDocumented('TicketStatusView', progress.body);
    expectDocumented('PublicTicketStatus', (await call('GET', `/api/v1/tickets/${id}`)).body);
    expectDocumented('DeadLetterList', (await call('GET', '/api/v1/admin/dead-letters', undefined, admin)).body);
    expectDocumented('NotificationDeadLetterList', (await call('GET', '/api/v1/admin/notifications/dead-letters', undefined, admin)).body);
    const mine = await call('POST', '/api/v1/my-tickets', { tickets: [{ id, token: accessToken }, { id: 'QH-20000101-000001', token: accessToken }] });
    expectDocumented('MyTickets', mine.body);
    expect((mine.body as { refused: string[] }).refused).toEqual(['QH-20000101-000001']);
    const views = (mine.body as { tickets: unknown[] }).tickets;
    expect(views).toHaveLength(1);
    for (const v of views) expectDocumented('MyTicket', v);

    const page = await call('GET', '/api/v1/supervision/tickets', undefined, admin);
    expect((page.body as { items: unknown[] }).items.length).toBeGreaterThan(0);
    expectDocumented('SupervisionPage', page.body);
    expectDocumented('SupervisionTimeline', (await call('GET', `/api/v1/supervision/tickets/${id}/timeline`, undefined, admin)).body);
    expectDocumented('SupervisionFilters', (await call('GET', '/api/v1/supervision/filters', undefined, admin)).body);
    expectDocumented('SupervisionSummary', (await call('GET', '/api/v1/supervision/summary', undefined, admin)).body);
  });

  it('the knowledge editor, inbox and analytics', async () => {
    expectDocumented('KbStatus', (await call('GET', '/api/v1/admin/kb/status', undefined, admin)).body);
    const list = await call('GET', '/api/v1/admin/kb/entries?limit=3', undefined, admin);
    expectDocumented('KbEntryList', list.body);
    const first = (list.body as { items: { id: string }[] }).items[0]!;
    expectDocumented('KbEntryDetail', (await call('GET', `/api/v1/admin/kb/entries/${first.id}`, undefined, admin)).body);
    // Something for the inbox: a question the assistant hands off.
    await call('POST', '/api/v1/chat', { sessionId: 'responses-session-0001', text: '我要投诉隔壁工地半夜施工' });
    const inbox = await call('GET', '/api/v1/admin/kb/inbox', undefined, admin);
    expectDocumented('KbInbox', inbox.body);
    const group = (inbox.body as { groups: { id: string }[] }).groups[0]!;
    expectDocumented('KbInboxFaq', (await call('POST', `/api/v1/admin/kb/inbox/groups/${group.id}/faq`, { answer: '夜间施工噪声可向生态环境部门投诉。' }, admin)).body);
    const changeSets = await call('GET', '/api/v1/admin/kb/change-sets', undefined, admin);
    expect((changeSets.body as { items: unknown[] }).items.length).toBeGreaterThan(0);
    expectDocumented('KbChangeSetList', changeSets.body);
    expectDocumented('KbAuditLog', (await call('GET', '/api/v1/admin/kb/audit', undefined, admin)).body);
    expectDocumented('KbRouting', (await call('GET', '/api/v1/admin/kb/routing', undefined, admin)).body);
    const published = await call('POST', '/api/v1/admin/kb/publish', { note: '收件箱新增问答' }, admin);
    expect(published.status).toBe(200);
    expectDocumented('KbPublished', published.body);
    expectDocumented('KbAnalytics', (await call('GET', '/api/v1/admin/kb/analytics', undefined, admin)).body);
    const cases = await call('POST', '/api/v1/hotline/cases/similar', { text: '道路破损' }, admin);
    expect(cases.status).toBe(200);
    expectDocumented('SimilarCases', cases.body);
  });

  it('the operator console: a call, its ticket, the ticket list and the live desk', async () => {
    const call = 'responses-call-0001';
    const said = await asAdmin('POST', `/api/v1/hotline/calls/${call}/utterances`, { text: '我们厂门口的路破了半年没人修' });
    expect(said.status).toBe(201);
    expectDocumented('HotlineUtteranceAnswer', said.body);
    const used = await asAdmin('POST', `/api/v1/hotline/calls/${call}/used`, { entryId: null });
    expect(used.status).toBe(201);
    expectDocumented('HotlineUsed', used.body);
    const draft = await asAdmin('POST', `/api/v1/hotline/calls/${call}/ticket-draft`, {});
    expectDocumented('HotlineTicketDraft', draft.body);
    expect((draft.body as { missing: string[] }).missing).toContain('contact.phone');
    const preview = await asAdmin('POST', `/api/v1/hotline/calls/${call}/triage-preview`, { enterprise: { district: '东城区' } });
    expectDocumented('RoutingPreview', preview.body);
    const filed = await asAdmin('POST', `/api/v1/hotline/calls/${call}/ticket`, { enterprise: TICKET.enterprise, contact: TICKET.contact });
    expect(filed.status).toBe(201);
    expectDocumented('HotlineFiledTicket', filed.body);
    const found = await asAdmin('POST', '/api/v1/hotline/tickets/search', { mine: true });
    expect((found.body as { tickets: unknown[] }).tickets.length).toBeGreaterThan(0);
    expectDocumented('HotlineTicketSearch', found.body);
    expectDocumented('LiveList', (await asAdmin('GET', '/api/v1/hotline/live')).body);
  });

  it('signing in', async () => {
    const login = await call('POST', '/api/v1/auth/login', { username: 'admin', password: PASSWORD }, { origin: qihu.url });
    expect(login.status).toBe(200);
    expectDocumented('LoginResponse', login.body);
    expectDocumented('AuthMe', (await call('GET', '/api/v1/auth/me', undefined, admin)).body);
    expectDocumented('LoginInfo', (await call('GET', '/api/v1/auth/login-info')).body);
  });

  it('the past cases and the enterprise registry, replaced as a dry run', async () => {
    expectDocumented('KbCases', (await call('GET', '/api/v1/admin/kb/cases', undefined, admin)).body);
    const model = await call('GET', '/api/v1/admin/triage/model', undefined, admin);
    expect(model.status).toBe(200);
    expectDocumented('TriageModelState', model.body);
    const raw = async (path: string, text: string) => {
      const res = await fetch(qihu.url + path, { method: 'PUT', headers: { ...admin, 'content-type': 'application/octet-stream' }, body: text });
      return { status: res.status, body: (await res.json()) as unknown };
    };
    const line = JSON.stringify({ id: 'c-1', title: '路灯不亮', text: '幸福路的路灯坏了一周', reply: '经核实，市城市管理局已于次日修复。' });
    const cases = await raw('/api/v1/admin/kb/cases?dryRun=true', `${line}\n{"id":"c-2"}\n`);
    expect(cases.status).toBe(200);
    expect((cases.body as { rejectedCount: number }).rejectedCount).toBe(1);
    expectDocumented('KbCasesReport', cases.body);
    const registry = await raw('/api/v1/admin/enterprises?format=csv&dryRun=true', '企业名称,统一社会信用代码\n示例五金制品有限公司,91350100M000100Y43\n');
    expect(registry.status).toBe(200);
    expect((registry.body as { accepted: number }).accepted).toBe(1);
    expectDocumented('RegistryImportReport', registry.body);
  });

  it('every component example parses with its zod schema', () => {
    const withExamples = ZOD_COMPONENTS.filter((c) => c.example !== undefined);
    expect(withExamples.length).toBeGreaterThan(0);
    for (const c of withExamples) {
      expect(c.schema.safeParse(c.example).success).toBe(true);
      expectDocumented(c.name, c.example);
    }
  });
});
