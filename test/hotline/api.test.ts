/**
 * The hotline operator API over real HTTP on the composed server (startQihu, embedded default):
 * live suggestions (simplified and traditional, keywords and sentences, complaints), a call fed by
 * utterances, the server-sent-events stream, the used-suggestion records, and a ticket from a call.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashSecret } from '../../src/auth/secret-hash';
import { loadConfig } from '../../src/config';
import { hashSessionId } from '../../src/conversation/records';
import { HotlineTicketRequest, SuggestRequest, UsedRequest, UtteranceRequest } from '../../src/http/hotline-router';
import { silentLogger } from '../../src/log';
import { startQihu, type Qihu } from '../../src/server';

const OPERATOR_TOKEN = 'operator-token-hotline-0123';
const EDITOR_TOKEN = 'editor-token-hotline-0123';
const auth = { authorization: `Bearer ${OPERATOR_TOKEN}` };
let qihu: Qihu;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'qihu-hotline-'));
  const config = loadConfig({
    PORT: '0',
    DATA_DIR: dataDir,
    AUTH_TOKENS: `line1:operator:${hashSecret(OPERATOR_TOKEN)},kb:editor:${hashSecret(EDITOR_TOKEN)}`,
  });
  qihu = await startQihu(config, silentLogger);
});

afterAll(async () => {
  await qihu.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const post = (path: string, body: unknown, headers: Record<string, string> = auth) =>
  fetch(qihu.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const get = (path: string) => fetch(qihu.url + path, { headers: auth });

interface Suggestion {
  entryId: string;
  kind: string;
  title: string;
  department?: string;
  field: string;
  fieldLabel: string;
  readOut: string;
  score: number;
}
interface SuggestBody {
  suggestions: Suggestion[];
  decision: string;
  handoffReason?: string;
  suggestTicket: boolean;
  script: string;
}

describe('POST /api/v1/hotline/suggest', () => {
  it('needs an operator: 401 without credentials, 403 for an editor', async () => {
    expect((await post('/api/v1/hotline/suggest', { text: '开药店' }, {})).status).toBe(401);
    expect((await post('/api/v1/hotline/suggest', { text: '开药店' }, { authorization: `Bearer ${EDITOR_TOKEN}` })).status).toBe(403);
  });

  it('suggests the entry, the asked field first and the text to read out', async () => {
    const res = await post('/api/v1/hotline/suggest', { text: '开药店要带什么材料' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as SuggestBody;
    expect(body.suggestions.length).toBeGreaterThan(1);
    expect(body.suggestions.length).toBeLessThanOrEqual(5);
    expect(body.suggestions[0]).toMatchObject({ entryId: 'item-drug-retail', kind: 'item', field: 'materials', fieldLabel: '所需材料' });
    expect(body.suggestions[0]!.department).toBeTruthy();
    expect(body.suggestions[0]!.readOut).toContain('需要准备以下材料');
    expect(body).toMatchObject({ decision: 'answer', suggestTicket: false, script: 'simplified' });
    const scores = body.suggestions.map((s) => s.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('takes traditional script and answers in it; keywords work as well as sentences', async () => {
    const trad = (await (await post('/api/v1/hotline/suggest', { text: '開藥店要帶什麼材料' })).json()) as SuggestBody;
    expect(trad.script).toBe('traditional');
    expect(trad.suggestions[0]).toMatchObject({ entryId: 'item-drug-retail', field: 'materials' });
    expect(trad.suggestions[0]!.readOut).toContain('需要準備以下材料');
    const keywords = (await (await post('/api/v1/hotline/suggest', { text: '食品经营许可 多久' })).json()) as SuggestBody;
    expect(keywords.suggestions[0]).toMatchObject({ entryId: 'item-food-business', field: 'time_limit' });
  });

  it('marks a complaint for 建单', async () => {
    const body = (await (await post('/api/v1/hotline/suggest', { text: '我们厂门口的路修了半年还没修好' })).json()) as SuggestBody;
    expect(body).toMatchObject({ decision: 'handoff', handoffReason: 'complaint', suggestTicket: true });
  });

  it('answers empty text with no suggestions, and rejects bad bodies naming the field', async () => {
    const empty = (await (await post('/api/v1/hotline/suggest', { text: '  ' })).json()) as SuggestBody;
    expect(empty.suggestions).toEqual([]);
    const bad = await post('/api/v1/hotline/suggest', { text: 5 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { issues: { path: string }[] }).issues[0]!.path).toBe('text');
    const badCall = await post('/api/v1/hotline/suggest', { text: '开药店', callId: 'x y' });
    expect(((await badCall.json()) as { issues: { path: string }[] }).issues[0]!.path).toBe('callId');
    expect((await post('/api/v1/hotline/suggest', { text: '开药店', extra: 1 })).status).toBe(400);
  });
});

describe('GET /operator', () => {
  it('sends a browser without an operator session to the login page', async () => {
    const res = await fetch(qihu.url + '/operator', { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login?next=%2Foperator');
    const asEditor = await fetch(qihu.url + '/operator', { redirect: 'manual', headers: { authorization: `Bearer ${EDITOR_TOKEN}` } });
    expect(asEditor.status).toBe(302);
    const asset = await fetch(qihu.url + '/operator/operator.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-security-policy')).toContain("script-src 'self'");
  });
});

describe('a call fed by utterances', () => {
  const call = 'cti-20261125-0001';

  it('validates the call id', async () => {
    const res = await post('/api/v1/hotline/calls/bad%20id/utterances', { text: '你好' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { issues: { path: string }[] }).issues[0]!.path).toBe('callId');
    expect((await get('/api/v1/hotline/calls/never-seen-call/suggestions')).status).toBe(404);
  });

  it('suggests over the caller recent words; interim chunks are replaced', async () => {
    let res = await post(`/api/v1/hotline/calls/${call}/utterances`, { text: '您好，12345热线', speaker: 'operator' });
    expect(res.status).toBe(201);
    res = await post(`/api/v1/hotline/calls/${call}/utterances`, { text: '我想开一家', final: false });
    expect(res.status).toBe(201);
    res = await post(`/api/v1/hotline/calls/${call}/utterances`, { text: '我想开一家药店，要带什么材料' });
    const body = (await res.json()) as SuggestBody & { utterances: number; text: string };
    expect(body.utterances).toBe(2); // the interim chunk was replaced
    expect(body.text).toBe('我想开一家药店，要带什么材料');
    expect(body.suggestions[0]).toMatchObject({ entryId: 'item-drug-retail', field: 'materials' });

    const polled = (await (await get(`/api/v1/hotline/calls/${call}/suggestions`)).json()) as SuggestBody & { callId: string };
    expect(polled.callId).toBe(call);
    expect(polled.suggestions[0]!.entryId).toBe('item-drug-retail');
    expect((await post(`/api/v1/hotline/calls/${call}/utterances`, { text: '' })).status).toBe(400);
    expect((await post(`/api/v1/hotline/calls/${call}/utterances`, { text: '好', speaker: 'robot' })).status).toBe(400);
  });

  it('records which suggestion was used, or none, for the editors', async () => {
    expect((await post(`/api/v1/hotline/calls/${call}/used`, { entryId: 'item-drug-retail' })).status).toBe(201);
    expect((await post(`/api/v1/hotline/calls/${call}/used`, { entryId: null })).status).toBe(201);
    const unknown = await post(`/api/v1/hotline/calls/${call}/used`, { entryId: 'no-such-entry' });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { issues: { path: string }[] }).issues[0]!.path).toBe('entryId');
    expect((await post(`/api/v1/hotline/calls/${call}/used`, {})).status).toBe(400);

    const records = (await qihu.records.list()).filter((r) => r.sessionId === hashSessionId(call));
    expect(records).toEqual([
      expect.objectContaining({ kind: 'answer', channel: 'hotline', via: 'action', entryId: 'item-drug-retail', field: 'materials' }),
      expect.objectContaining({ kind: 'handoff', channel: 'hotline', via: 'action', reason: 'low_confidence' }),
    ]);
    expect(records[0]!.candidates).toContain('item-drug-retail');
    expect(records[0]!.question).toContain('药店');
  });

  it('masks personal data in what it records', async () => {
    const masked = 'cti-masked-0001';
    await post(`/api/v1/hotline/calls/${masked}/utterances`, { text: '我电话13800138000，开药店要什么材料' });
    await post(`/api/v1/hotline/calls/${masked}/used`, { entryId: 'item-drug-retail' });
    const [r] = (await qihu.records.list()).filter((x) => x.sessionId === hashSessionId(masked));
    expect(r!.question).not.toContain('13800138000');
  });

  it('masks a number before cutting the words it records, never leaving a readable piece', async () => {
    // The record keeps the caller's last 300 characters, a ticket's summary the first 120: each cut
    // falls inside the number here. Cut first, "12345678" (or "1391234…") no longer reads as a
    // mobile number and would keep the digits masking hides.
    const last = 'cti-cut-0001';
    await post(`/api/v1/hotline/calls/${last}/utterances`, { text: `13912345678${'字'.repeat(292)}` });
    expect((await post(`/api/v1/hotline/calls/${last}/used`, { entryId: null })).status).toBe(201);
    const first = 'cti-cut-0002';
    await post(`/api/v1/hotline/calls/${first}/utterances`, { text: `${'路'.repeat(112)}13912345678，门口道路破损` });
    const filed = await post(`/api/v1/hotline/calls/${first}/ticket`, {
      enterprise: { name: '示例五金制品有限公司', creditCode: '91350100M000100Y43', district: '东城区' },
      contact: { name: '李四', phone: '13800138000' },
    });
    expect(filed.status).toBe(201);
    const recorded = (await qihu.records.list()).filter((x) => [hashSessionId(last), hashSessionId(first)].includes(x.sessionId));
    expect(recorded.map((x) => x.kind).sort()).toEqual(['handoff', 'ticket']);
    for (const x of recorded) {
      expect(x.question!.replace(/\D/g, '')).not.toMatch(/1234/);
      expect(x.question).toContain('****');
    }
  });
});

describe('server-sent events', () => {
  it('pushes suggestions after each utterance and closes cleanly', async () => {
    const call = 'cti-sse-000001';
    const controller = new AbortController();
    const res = await fetch(`${qihu.url}/api/v1/hotline/calls/${call}/events`, { headers: auth, signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const nextEvent = async (): Promise<{ event: string; data: SuggestBody & { callId: string } }> => {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) return { event, data: JSON.parse(data) as SuggestBody & { callId: string } };
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += decoder.decode(value, { stream: true });
      }
    };

    await post(`/api/v1/hotline/calls/${call}/utterances`, { text: '食品经营许可多久能办好' });
    const first = await nextEvent();
    expect(first.event).toBe('suggestions');
    expect(first.data.callId).toBe(call);
    expect(first.data.suggestions[0]).toMatchObject({ entryId: 'item-food-business', field: 'time_limit' });

    await post(`/api/v1/hotline/calls/${call}/utterances`, { text: '算了，开药店要带什么材料' });
    const second = await nextEvent();
    expect(second.data.suggestions[0]).toMatchObject({ entryId: 'item-drug-retail', field: 'materials' });

    controller.abort();
    await reader.cancel().catch(() => undefined);
    // The server still answers afterwards (the closed stream left nothing behind that breaks it).
    expect((await post(`/api/v1/hotline/calls/${call}/utterances`, { text: '谢谢' })).status).toBe(201);
  });
});

describe('a ticket from a call (建单)', () => {
  const call = 'cti-ticket-000001';

  it('drafts the ticket from the call, then files it once completed (400 names the fields)', async () => {
    await post(`/api/v1/hotline/calls/${call}/utterances`, { text: '您好，这里是12345', speaker: 'operator' });
    await post(`/api/v1/hotline/calls/${call}/utterances`, { text: '厂门口道路破损半年未修复，货车都进不来' });
    await post('/api/v1/hotline/suggest', { text: '厂门口的路 修', callId: call });

    const draftRes = await post(`/api/v1/hotline/calls/${call}/ticket-draft`, {});
    expect(draftRes.status).toBe(200);
    const view = (await draftRes.json()) as {
      draft: { channel: string; demand: { summary: string; detail: string; turns: { role: string; text: string }[]; candidates: { entryId: string; score: number }[] }; sessionId: string };
      missing: string[];
      triage?: { department: string };
      districts?: string[];
    };
    expect(view.draft.channel).toBe('hotline');
    expect(view.draft.sessionId).toBe(call);
    expect(view.draft.demand.summary).toContain('道路破损');
    expect(view.draft.demand.detail).toContain('来电人：厂门口道路破损');
    expect(view.draft.demand.detail).toContain('话务员：您好');
    expect(view.draft.demand.turns.map((t) => t.role)).toEqual(['operator', 'user']);
    expect(view.draft.demand.candidates.length).toBeGreaterThan(0);
    expect(view.missing).toContain('enterprise.creditCode');
    expect(view.triage?.department).toBe('市交通运输局');
    expect(view.districts).toContain('东城区');

    const incomplete = await post(`/api/v1/hotline/calls/${call}/ticket`, {
      enterprise: { name: '示例五金制品有限公司', creditCode: '91350100M000100Y44', district: '东城区' },
      contact: { name: '', phone: '123' },
    });
    expect(incomplete.status).toBe(400);
    const paths = ((await incomplete.json()) as { issues: { path: string }[] }).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['enterprise.creditCode', 'contact.name', 'contact.phone']));

    const filed = await post(`/api/v1/hotline/calls/${call}/ticket`, {
      enterprise: { name: '示例五金制品有限公司', creditCode: '91350100M000100Y43', district: '东城区' },
      contact: { name: '李四', phone: '13800138000' },
    });
    expect(filed.status).toBe(201);
    const body = (await filed.json()) as { id: string; department: string; ticket: { channel: string; sessionId: string; demand: { turns: unknown[]; candidates: unknown[] } } };
    expect(body.id).toMatch(/^QH-\d{8}-\d{6}$/);
    expect(body.department).toBe('市交通运输局');
    expect(body.ticket.channel).toBe('hotline');
    expect(body.ticket.sessionId).toBe(call);
    expect(body.ticket.demand.turns.length).toBe(2);
    expect(body.ticket.demand.candidates.length).toBeGreaterThan(0);

    const stored = await qihu.tickets.status(body.id);
    expect(stored?.ticket.channel).toBe('hotline');
    const records = (await qihu.records.list()).filter((r) => r.sessionId === hashSessionId(call));
    expect(records).toEqual([expect.objectContaining({ kind: 'ticket', channel: 'hotline', ticketId: body.id })]);
  });
});

describe('docs/openapi.yaml for the hotline routes', () => {
  // js-yaml comes with ts-jest (no types of its own).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const yaml = require('js-yaml') as { load(text: string): unknown };
  type Content = Record<string, { example?: unknown }>;
  const doc = yaml.load(readFileSync(join(__dirname, '../../docs/openapi.yaml'), 'utf8')) as {
    paths: Record<string, Record<string, { requestBody?: { content: Content } }>>;
  };

  it.each<[string, { safeParse(v: unknown): { success: boolean } }]>([
    ['/api/v1/hotline/suggest', SuggestRequest],
    ['/api/v1/hotline/calls/{callId}/utterances', UtteranceRequest],
    ['/api/v1/hotline/calls/{callId}/used', UsedRequest],
    ['/api/v1/hotline/calls/{callId}/ticket', HotlineTicketRequest],
  ])('the request example of %s parses', (path, schema) => {
    const example = doc.paths[path]?.post?.requestBody?.content['application/json']?.example;
    expect(example).toBeDefined();
    expect(schema.safeParse(example)).toMatchObject({ success: true });
  });
});
