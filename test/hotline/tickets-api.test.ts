/**
 * The operator console's ticket routes over real HTTP on the composed server (startQihu, embedded
 * default): the ticket list and its search (by number, name, phone; an operator's own tickets),
 * phone numbers masked, and the 预计分派 preview of a ticket being written.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashSecret } from '../../src/auth/secret-hash';
import { loadConfig } from '../../src/config';
import { HotlineTicketSearchRequest, TriagePreviewRequest } from '../../src/http/hotline-tickets-router';
import { silentLogger } from '../../src/log';
import { startQihu, type Qihu } from '../../src/server';
import { TicketListItem } from '../../src/tickets/search';
import { makeUscc } from '../support/tickets';

const TOKENS = { line1: 'operator-token-line1-0123', line2: 'operator-token-line2-0123', kb: 'editor-token-tickets-0123' };
const as = (name: keyof typeof TOKENS) => ({ authorization: `Bearer ${TOKENS[name]}` });
let qihu: Qihu;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'qihu-hotline-tickets-'));
  const config = loadConfig({
    PORT: '0',
    DATA_DIR: dataDir,
    AUTH_TOKENS: `line1:operator:${hashSecret(TOKENS.line1)},line2:operator:${hashSecret(TOKENS.line2)},kb:editor:${hashSecret(TOKENS.kb)}`,
  });
  qihu = await startQihu(config, silentLogger);
});

afterAll(async () => {
  await qihu.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const post = (path: string, body: unknown, headers: Record<string, string> = as('line1')) =>
  fetch(qihu.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

interface SearchBody {
  tickets: TicketListItem[];
  truncated: boolean;
}
const search = async (body: unknown, who: keyof typeof TOKENS = 'line1'): Promise<SearchBody> => {
  const res = await post('/api/v1/hotline/tickets/search', body, as(who));
  expect(res.status).toBe(200);
  return (await res.json()) as SearchBody;
};

/** Files a ticket from a call of one line: the caller's words, then the operator's completion. */
async function fileFromCall(who: keyof typeof TOKENS, call: string, words: string, enterprise: string, phone: string, n: number): Promise<string> {
  expect((await post(`/api/v1/hotline/calls/${call}/utterances`, { text: words }, as(who))).status).toBe(201);
  const res = await post(
    `/api/v1/hotline/calls/${call}/ticket`,
    { enterprise: { name: enterprise, creditCode: makeUscc(n), district: '东城区' }, contact: { name: '李四', phone } },
    as(who),
  );
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

describe('POST /api/v1/hotline/tickets/search', () => {
  const ids: string[] = [];
  beforeAll(async () => {
    ids.push(await fileFromCall('line1', 'cti-list-000001', '厂门口道路破损，货车进不来', '示例五金制品有限公司', '13812345678', 1));
    ids.push(await fileFromCall('line2', 'cti-list-000002', '拖欠工资三个月了', '示例建工集团有限公司', '0591-87654321', 2));
    ids.push(await fileFromCall('line1', 'cti-list-000003', '开药店要带什么材料，我想投诉审批太慢', '示例大药房有限公司', '138 1234 5678', 3));
  });

  it('needs an operator: 401 without credentials, 403 for an editor', async () => {
    expect((await post('/api/v1/hotline/tickets/search', {}, {})).status).toBe(401);
    expect((await post('/api/v1/hotline/tickets/search', {}, as('kb'))).status).toBe(403);
  });

  it('lists every ticket, newest first, phones masked', async () => {
    const body = await search({});
    expect(body.truncated).toBe(false);
    expect(body.tickets.map((t) => t.id)).toEqual([...ids].reverse());
    for (const t of body.tickets) expect(TicketListItem.safeParse(t).success).toBe(true);
    expect(body.tickets.map((t) => t.contact.phone)).toEqual(['138****5678', '0591-****4321', '138****5678']);
    const raw = JSON.stringify(body);
    expect(raw).not.toContain('13812345678');
    expect(raw).not.toContain('87654321');
    expect(body.tickets[2]).toMatchObject({ channel: 'hotline', enterprise: '示例五金制品有限公司', district: '东城区', status: expect.any(String), statusName: expect.any(String), filedBy: 'line1' });
    expect(body.tickets[2]!.dueAt).toMatch(/T17:30:00\+08:00$/);
    expect([3, 7]).toContain(body.tickets[2]!.workingDays);
  });

  it('lists the operator\'s own tickets with mine', async () => {
    expect((await search({ mine: true })).tickets.map((t) => t.id)).toEqual([ids[2], ids[0]]);
    expect((await search({ mine: true }, 'line2')).tickets.map((t) => t.id)).toEqual([ids[1]]);
  });

  it('finds by ticket number, enterprise name or phone, typed in one box', async () => {
    expect((await search({ q: ids[1]!.toLowerCase() })).tickets.map((t) => t.id)).toEqual([ids[1]]);
    expect((await search({ q: ids[0]!.slice(-6) })).tickets.map((t) => t.id)).toEqual([ids[0]]);
    expect((await search({ q: '大药房' })).tickets.map((t) => t.id)).toEqual([ids[2]]);
    expect((await search({ q: '138-1234-5678' })).tickets.map((t) => t.id)).toEqual([ids[2], ids[0]]);
    expect((await search({ q: '(0591)87654321' })).tickets.map((t) => t.id)).toEqual([ids[1]]);
    expect((await search({ q: '没有这家公司' })).tickets).toEqual([]);
  });

  it('gives a caller\'s history by phone, however it is typed', async () => {
    expect((await search({ phone: '+86 138 1234 5678' })).tickets.map((t) => t.id)).toEqual([ids[2], ids[0]]);
    expect((await search({ phone: '13900000000' })).tickets).toEqual([]);
    expect((await search({ phone: '13812345678', mine: true }, 'line2')).tickets).toEqual([]);
  });

  it('refuses bad bodies with 400, naming the field and never echoing a number', async () => {
    const bad = await post('/api/v1/hotline/tickets/search', { phone: '1381234' });
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(JSON.parse(text)).toMatchObject({ issues: [expect.objectContaining({ path: 'phone' })] });
    expect(text).not.toContain('1381234');
    for (const body of [{ limit: 0 }, { limit: 101 }, { q: 'x'.repeat(101) }, { mine: 'yes' }, { other: 1 }, []]) {
      expect((await post('/api/v1/hotline/tickets/search', body)).status).toBe(400);
    }
  });
});

describe('POST /api/v1/hotline/calls/:callId/triage-preview', () => {
  const call = 'cti-preview-000001';

  it('changes with what is typed: the demand, then the district', async () => {
    await post(`/api/v1/hotline/calls/${call}/utterances`, { text: '我想咨询一下' });
    const preview = async (body: unknown) => {
      const res = await post(`/api/v1/hotline/calls/${call}/triage-preview`, body);
      expect(res.status).toBe(200);
      return (await res.json()) as { triage: { department: string; complexity: string }; sla: { workingDays: number; dueAt: string }; district?: string };
    };
    const road = await preview({ demand: { summary: '厂门口道路破损，货车进不来' } });
    const wage = await preview({ demand: { summary: '拖欠农民工工资三个月' } });
    expect(road.triage.department).not.toBe(wage.triage.department);
    expect(road.sla.dueAt).toMatch(/T17:30:00\+08:00$/);
    expect([3, 7]).toContain(road.sla.workingDays);
    expect(road).not.toHaveProperty('district');
    expect((await preview({ demand: { summary: '拖欠工资' }, enterprise: { district: '示例市东城区' } })).district).toBe('东城区');
    // An unknown call (expired, or never posted to) previews the form alone.
    expect((await post('/api/v1/hotline/calls/cti-preview-unknown/triage-preview', { demand: { summary: '拖欠工资' } })).status).toBe(200);
  });

  it('refuses bad bodies and call ids with 400', async () => {
    expect((await post(`/api/v1/hotline/calls/${call}/triage-preview`, { demand: { summary: 5 } })).status).toBe(400);
    expect((await post(`/api/v1/hotline/calls/${call}/triage-preview`, { other: {} })).status).toBe(400);
    expect((await post('/api/v1/hotline/calls/bad!/triage-preview', {})).status).toBe(400);
    expect((await post(`/api/v1/hotline/calls/${call}/triage-preview`, {}, as('kb'))).status).toBe(403);
  });
});

describe('docs/openapi.yaml for the ticket routes', () => {
  // js-yaml comes with ts-jest (no types of its own).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const yaml = require('js-yaml') as { load(text: string): unknown };
  type Content = Record<string, { example?: unknown; examples?: Record<string, { value: unknown }> }>;
  const doc = yaml.load(readFileSync(join(__dirname, '../../docs/openapi.yaml'), 'utf8')) as {
    paths: Record<string, Record<string, { requestBody?: { content: Content }; responses: Record<string, { content?: Content }> }>>;
  };

  it.each<[string, { safeParse(v: unknown): { success: boolean } }]>([
    ['/api/v1/hotline/tickets/search', HotlineTicketSearchRequest],
    ['/api/v1/hotline/calls/{callId}/triage-preview', TriagePreviewRequest],
  ])('the request examples of %s parse', (path, schema) => {
    const content = doc.paths[path]?.post?.requestBody?.content['application/json'];
    const examples = [content?.example, ...Object.values(content?.examples ?? {}).map((e) => e.value)].filter((e) => e !== undefined);
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) expect(schema.safeParse(example)).toMatchObject({ success: true });
  });

  it('the search answer\'s example lists TicketListItems', () => {
    const example = doc.paths['/api/v1/hotline/tickets/search']?.post?.responses['200']?.content?.['application/json']?.example as SearchBody;
    expect(example.tickets.length).toBeGreaterThan(0);
    for (const t of example.tickets) expect(TicketListItem.safeParse(t)).toMatchObject({ success: true });
  });
});
