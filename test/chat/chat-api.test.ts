/**
 * The JSON chat API and Botkit's webhook on a whole qihu in the embedded default (no Redis): real
 * HTTP, real Express, real Botkit, the real conversation core on knowledge-base/.
 */
import { request as httpRequest } from 'node:http';
import { TICKET_ID_RE } from '../../src/tickets/schema';
import { hashSessionId } from '../../src/conversation/records';
import type { OutMessage } from '../../src/conversation/types';
import type { WireMessage } from '../../src/conversation/channels/wire';
import { chat, post, sessionId, startChatQihu, textOf, type ChatQihu } from './support';

let qihu: ChatQihu;
beforeAll(async () => {
  qihu = await startChatQihu();
});
afterAll(() => qihu.stop());

describe('POST /api/v1/chat', () => {
  it('answers a question with a card, keeps the context for a follow-up', async () => {
    const sid = sessionId('api');
    const [answer, ...rest] = await chat(qihu.url, sid, '开药店要什么材料');
    expect(rest).toEqual([]);
    expect(answer).toMatchObject({ type: 'answer', entryId: 'item-drug-retail', field: 'materials' });
    expect(answer!.card).toMatchObject({ entryId: 'item-drug-retail', fieldLabel: '所需材料' });
    expect(answer!.card!.materials!.length).toBeGreaterThan(5);

    const [followUp] = await chat(qihu.url, sid, '那要多久？');
    expect(followUp).toMatchObject({ type: 'answer', entryId: 'item-drug-retail', field: 'time_limit' });
  });

  it('offers choices when unsure; the button input answers the chosen entry', async () => {
    const sid = sessionId('api');
    const [clarify] = await chat(qihu.url, sid, '营业执照');
    expect(clarify!.type).toBe('clarify');
    const choice = clarify!.choices![1]!;
    const [picked] = await chat(qihu.url, sid, choice.input);
    expect(picked).toMatchObject({ type: 'answer', entryId: (choice.input as { entryId: string }).entryId });
    expect(picked!.card!.title).toBe(choice.label);
  });

  it('runs the intake and files a ticket, returning its id', async () => {
    const sid = sessionId('api');
    const first = await chat(qihu.url, sid, '我要投诉：厂门口道路破损半年没修好，货车进不来。联系电话13800138000');
    expect(first.map((m) => m.type)).toEqual(['handoff', 'text']);
    expect(textOf(first)).toContain('具体在什么位置');
    expect(textOf(await chat(qihu.url, sid, '厂区南门外'))).toContain('企业的名称');
    // A report needs no credit code.
    expect(textOf(await chat(qihu.url, sid, '示例五金制品有限公司'))).toContain('哪个区县');
    expect(textOf(await chat(qihu.url, sid, '东城'))).toContain('联系人');
    const [summary] = await chat(qihu.url, sid, '张三');
    expect(summary!.choices!.map((c) => c.label)).toEqual(['确认提交', '修改', '取消']);
    const [ticket] = await chat(qihu.url, sid, summary!.choices![0]!.input);
    expect(ticket!.type).toBe('ticket');
    expect(ticket!.ticketId).toMatch(TICKET_ID_RE);
    const view = (await (await fetch(`${qihu.url}/api/v1/tickets/${ticket!.ticketId}`)).json()) as { id: string };
    expect(view.id).toBe(ticket!.ticketId);
    // Filed from the JSON API: the ticket says so.
    expect((await qihu.tickets.status(ticket!.ticketId!))!.ticket.channel).toBe('api');
  });

  it('returns HTML in user text as text inside JSON, never as markup', async () => {
    const sid = sessionId('api');
    const html = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
    await chat(qihu.url, sid, `我要投诉：厂门口道路破损${html}，联系电话13800138000`);
    await chat(qihu.url, sid, '厂区南门外');
    await chat(qihu.url, sid, '示例五金制品有限公司');
    await chat(qihu.url, sid, '东城');
    const res = await post(qihu.url, '/api/v1/chat', { sessionId: sid, text: '张三' });
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const raw = await res.text();
    const { messages } = JSON.parse(raw) as { messages: OutMessage[] };
    // The demand is echoed in the summary exactly as typed: a string for the page to show as text.
    expect(messages[0]!.text).toContain(html);
  });

  it('rejects bad bodies with issues naming the field', async () => {
    const bad = async (body: unknown, path: string) => {
      const res = await post(qihu.url, '/api/v1/chat', body);
      expect(res.status).toBe(400);
      const json = (await res.json()) as { error: string; issues?: { path: string }[] };
      expect(json.error).toMatch(/^QH_ERR_(VALIDATION|MALFORMED_JSON)$/);
      if (path !== '-') expect(json.issues!.map((i) => i.path)).toContain(path);
    };
    await bad('{not json', '-');
    await bad({ text: '你好' }, 'sessionId');
    await bad({ sessionId: 'short', text: '你好' }, 'sessionId');
    await bad({ sessionId: 'has spaces in it', text: '你好' }, 'sessionId');
    await bad({ sessionId: sessionId(), text: 5 }, 'text');
    await bad({ sessionId: sessionId() }, 'text');
    await bad({ sessionId: sessionId(), text: 'a', input: { text: 'b' } }, 'text');
    await bad({ sessionId: sessionId(), input: { action: 'rate', ticketId: 'x', score: 9 } }, 'input.score');
    await bad({ sessionId: sessionId(), text: '你'.repeat(2001) }, 'text');
    await bad({ sessionId: sessionId(), text: 'hi', extra: true }, '');
  });

  it('413 over the chat body limit (and over the app limit)', async () => {
    const res = await post(qihu.url, '/api/v1/chat', { sessionId: sessionId(), text: 'x'.repeat(20_000) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toBe('QH_ERR_PAYLOAD_TOO_LARGE');
    expect((await post(qihu.url, '/api/v1/chat', { sessionId: sessionId(), text: 'x'.repeat(300_000) })).status).toBe(413);
  });
});

/** One raw HTTP/1.1 exchange on a kept-alive agent, for what fetch would not send (chunked bodies, odd headers). */
function raw(url: string, opts: { headers?: Record<string, string>; chunks: string[]; path?: string }): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method: 'POST', path: opts.path ?? '/api/v1/chat', headers: opts.headers ?? {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    for (const c of opts.chunks) req.write(c);
    req.end();
  });
}

describe('POST /api/v1/chat on the wire (served ahead of Express)', () => {
  const json = { 'content-type': 'application/json' };
  const turn = () => JSON.stringify({ sessionId: sessionId(), text: '你好' });

  it('answers with the API headers, takes a query string, leaves other methods to Express (404)', async () => {
    const res = await post(qihu.url, '/api/v1/chat?from=test', JSON.parse(turn()) as unknown);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('etag')).toBeNull();
    const get = await fetch(`${qihu.url}/api/v1/chat`);
    expect(get.status).toBe(404);
    expect(((await get.json()) as { error: string }).error).toBe('QH_ERR_NOT_FOUND');
  });

  it('415 for anything but UTF-8 JSON', async () => {
    const refused: Record<string, string>[] = [{ 'content-type': 'text/plain' }, { 'content-type': 'application/json; charset=gbk' }, { ...json, 'content-encoding': 'gzip' }, {}];
    for (const headers of refused) {
      const res = await raw(qihu.url, { headers, chunks: [turn()] });
      expect(res.status).toBe(415);
      expect((JSON.parse(res.body) as { error: string }).error).toBe('QH_ERR_UNSUPPORTED_MEDIA_TYPE');
    }
    expect((await raw(qihu.url, { headers: { 'content-type': 'Application/JSON; charset="UTF-8"' }, chunks: [turn()] })).status).toBe(200);
  });

  it('400 for bytes that are not UTF-8: never decoded with U+FFFD and kept (as the Express routes)', async () => {
    const sid = sessionId();
    const body = Buffer.concat([Buffer.from(`{"sessionId":"${sid}","text":"`), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from('开药店要什么材料"}')]);
    const res = await fetch(qihu.url + '/api/v1/chat', { method: 'POST', headers: json, body });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('QH_ERR_MALFORMED_JSON');
    expect((await qihu.records.list()).filter((r) => r.sessionId === hashSessionId(sid))).toEqual([]);
  });

  it('413 for a chunked body that grows past the limit, and the server goes on answering', async () => {
    const big = Array.from({ length: 40 }, () => 'x'.repeat(1000));
    const res = await raw(qihu.url, { headers: json, chunks: ['{"sessionId":"chunky-session-1","text":"', ...big, '"}'] });
    expect(res.status).toBe(413);
    expect(res.headers['content-length']).toBeDefined();
    expect((await raw(qihu.url, { headers: json, chunks: [turn()] })).status).toBe(200);
  });

  it('an empty body is a validation error naming the missing session id', async () => {
    const res = await raw(qihu.url, { headers: json, chunks: [] });
    expect(res.status).toBe(400);
    expect((JSON.parse(res.body) as { issues: { path: string }[] }).issues.map((i) => i.path)).toContain('sessionId');
  });
});

describe('POST /api/messages (Botkit webhook)', () => {
  const send = async (body: unknown) => {
    const res = await post(qihu.url, '/api/messages', body);
    return { status: res.status, body: (await res.text()) || '[]' };
  };

  it('answers in the web wire format: {type, text, qihu}', async () => {
    const user = sessionId('hook');
    const { status, body } = await send({ type: 'message', user, text: '开药店要什么材料', channel: 'webhook' });
    expect(status).toBe(200);
    const messages = JSON.parse(body) as WireMessage[];
    expect(messages).toHaveLength(1);
    expect(messages[0]).toEqual({ type: 'message', text: messages[0]!.qihu.text, qihu: expect.objectContaining({ type: 'answer' }) });
    expect(messages[0]!.qihu.card!.entryId).toBe('item-drug-retail');

    const follow = JSON.parse((await send({ type: 'message', user, text: '在哪办' })).body) as WireMessage[];
    expect(follow[0]!.qihu).toMatchObject({ type: 'answer', entryId: 'item-drug-retail', field: 'location' });
  });

  it('takes a button press in `qihu`', async () => {
    const user = sessionId('hook');
    const [clarify] = JSON.parse((await send({ type: 'message', user, text: '营业执照' })).body) as WireMessage[];
    const choice = clarify!.qihu.choices![0]!;
    const [picked] = JSON.parse((await send({ type: 'message', user, qihu: choice.input })).body) as WireMessage[];
    expect(picked!.qihu).toMatchObject({ type: 'answer', entryId: (choice.input as { entryId: string }).entryId });
  });

  it('greets on hello / welcome_back', async () => {
    const [hello] = JSON.parse((await send({ type: 'hello', user: sessionId('hook') })).body) as WireMessage[];
    expect(hello!.text).toContain('企呼我应');
    expect(hello!.qihu.type).toBe('text');
  });

  it('ignores unknown types, refuses malformed messages', async () => {
    expect(await send({ type: 'typing', user: sessionId('hook') })).toEqual({ status: 200, body: '[]' });
    expect(await send({ type: 'shutdown', user: sessionId('hook') })).toEqual({ status: 200, body: '[]' });
    expect((await send({ type: 'message', text: 'no user' })).status).toBe(400);
    expect((await send({ type: 'message', user: 'bad user id!', text: 'x' })).status).toBe(400);
    expect((await send({ type: 'message', user: sessionId('hook'), text: 'x'.repeat(20_000) })).status).toBe(413);
  });

  it('a bad `qihu` input is explained, not dropped', async () => {
    const [reply] = JSON.parse((await send({ type: 'message', user: sessionId('hook'), qihu: { action: 'explode' } })).body) as WireMessage[];
    expect(reply!.text).toContain('没能看懂');
  });
});

describe('the embedded default', () => {
  it('keeps records under DATA_DIR and says where state lives in one info line', async () => {
    const list = await qihu.records.list();
    expect(list.length).toBeGreaterThan(0);
    const line = qihu.logs.find((l) => l.includes('conversation state in memory'));
    expect(line).toBeDefined();
    expect(JSON.parse(line!).level).toBe('info');
  });

  it('serves the chat page at /', async () => {
    const res = await fetch(qihu.url + '/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('no phone number reaches the logs', () => {
    expect(qihu.logs.join('\n')).not.toContain('13800138000');
  });
});

describe('"转人工" over the JSON API (no page to receive a person\'s messages)', () => {
  it.each([
    ['during staffed hours', '00:00-24:00', '当前的连接方式不能直接连线人工客服（人工服务时间：每天0:00-24:00'],
    ['outside staffed hours (none configured)', '', '现在不是人工客服时间（暂不提供在线人工服务）'],
  ])('%s: promises no person, says a ticket will be filed, the working days and the hotline', async (_, hours, why) => {
    const staffed = await startChatQihu({ env: { LIVE_AGENT_HOURS: hours, LIVE_AGENT_DAYS: 'all' } });
    try {
      const out = await chat(staffed.url, sessionId('api'), '转人工');
      expect(out.map((m) => m.type)).toEqual(['handoff', 'text']);
      expect(out[0]!.text).toContain(why);
      expect(out[0]!.text).toContain('登记工单');
      expect(out[0]!.text).toContain('3个工作日');
      expect(out[0]!.text).toContain('12345');
      expect(textOf(out)).not.toContain('这就为您转人工服务');
      expect(out[1]!.text).toBe('请简要描述您的诉求或遇到的问题。');
    } finally {
      await staffed.stop();
    }
  });
});
