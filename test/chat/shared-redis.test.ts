/**
 * Several qihu instances on one private Redis: a session's turns alternate between two instances
 * (JSON API, webhook and websocket), and a restarted instance continues a conversation. Context and
 * the intake's state live in Redis, not in a process.
 */
import { createClient } from 'redis';
import { TICKET_ID_RE } from '../../src/tickets/schema';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server';
import type { WireMessage } from '../../src/conversation/channels/wire';
import { chat, openSocket, post, sessionId, socketTurn, startChatQihu, textOf, type ChatQihu } from './support';

let redis: RedisServerHandle;
let a: ChatQihu;
let b: ChatQihu;

beforeAll(async () => {
  redis = await startRedisServer();
  [a, b] = await Promise.all([startChatQihu({ redisUrl: redis.url }), startChatQihu({ redisUrl: redis.url })]);
});
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await redis.stop();
});

describe('two instances, one Redis', () => {
  it('says where the state lives, and /healthz checks Redis', async () => {
    expect(a.logs.some((l) => l.includes('conversation state, records, chat rate limits and hotline calls in Redis'))).toBe(true);
    const health = (await (await fetch(a.url + '/healthz')).json()) as { mode: string; checks: Record<string, boolean> };
    expect(health).toMatchObject({ mode: 'redis', checks: { redis: true } });
  });

  it('a follow-up on the other instance keeps the context', async () => {
    const sid = sessionId('two');
    const [answer] = await chat(a.url, sid, '开药店要什么材料');
    expect(answer).toMatchObject({ type: 'answer', entryId: 'item-drug-retail', field: 'materials' });
    const [followUp] = await chat(b.url, sid, '那要多久？');
    expect(followUp).toMatchObject({ type: 'answer', entryId: 'item-drug-retail', field: 'time_limit' });
    const [where] = await chat(a.url, sid, '在哪办');
    expect(where).toMatchObject({ entryId: 'item-drug-retail', field: 'location' });
  });

  it('a clarify offered by one instance is answered by the other', async () => {
    const sid = sessionId('two');
    const [clarify] = await chat(a.url, sid, '营业执照');
    expect(clarify!.type).toBe('clarify');
    const [picked] = await chat(b.url, sid, '第二个');
    expect(picked!.entryId).toBe((clarify!.choices![1]!.input as { entryId: string }).entryId);
  });

  it('the intake alternates between instances and files one ticket', async () => {
    const sid = sessionId('two');
    const urls = [a.url, b.url];
    const turn = (i: number, input: Parameters<typeof chat>[2]) => chat(urls[i % 2]!, sid, input);
    expect((await turn(0, '我要投诉：厂门口道路破损半年没修好，货车进不来。联系电话13800138000')).map((m) => m.type)).toEqual(['handoff', 'text']);
    expect(textOf(await turn(1, '厂区南门外'))).toContain('企业的名称');
    expect(textOf(await turn(2, '示例五金制品有限公司'))).toContain('哪个区县');
    expect(textOf(await turn(3, '东城'))).toContain('联系人');
    const [summary] = await turn(4, '张三');
    expect(summary!.text).toContain('企业名称：示例五金制品有限公司');
    expect(summary!.text).toContain('联系电话：13800138000');
    const [ticket] = await turn(5, summary!.choices![0]!.input);
    expect(ticket!.ticketId).toMatch(TICKET_ID_RE);
    // Both instances see the ticket (tickets are in Redis too), and a second confirm files nothing.
    expect((await b.tickets.status(ticket!.ticketId!))!.ticket.sessionId).toBe(sid);
    expect((await turn(6, '确认提交')).some((m) => m.type === 'ticket')).toBe(false);
    const [status] = await turn(7, '我的工单到哪一步了');
    expect(status!.ticketId).toBe(ticket!.ticketId);
  });

  it('websocket on one instance, webhook on the other: one conversation', async () => {
    const user = sessionId('two');
    const s = await openSocket(a.url);
    try {
      const [answer] = await socketTurn(s, { user, text: '开药店要什么材料' }, 1);
      expect(answer!.qihu.entryId).toBe('item-drug-retail');
      const res = await post(b.url, '/api/messages', { type: 'message', user, text: '要收费吗' });
      const [fees] = (await res.json()) as WireMessage[];
      expect(fees!.qihu).toMatchObject({ entryId: 'item-drug-retail', field: 'fees' });
    } finally {
      await s.close();
    }
  });

  it('keeps the state in Redis under qihu:state: with a TTL, and records in the stream', async () => {
    const sid = sessionId('two');
    await chat(a.url, sid, '开药店要什么材料');
    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      const key = `qihu:state:qihu/conversation/${sid}`;
      expect(JSON.parse((await client.get(key))!)).toMatchObject({ version: 1, context: { entryId: 'item-drug-retail' } });
      const ttl = await client.pTTL(key);
      expect(ttl).toBeGreaterThan(6 * 24 * 3600 * 1000);
      expect(await client.xLen('qihu:conversation:records')).toBeGreaterThan(0);
      // Rate-limit counters hash what they count: no session id in any key.
      const keys = await client.keys('qihu:chat-rate:*');
      expect(keys.length).toBeGreaterThan(0);
      for (const k of keys) expect(k).not.toContain(sid);
    } finally {
      await client.close();
    }
  });

  it('a restart continues the conversation: context and intake survive', async () => {
    const sid = sessionId('restart');
    await chat(a.url, sid, '开药店要什么材料');
    await chat(a.url, sid, '转人工');
    await chat(a.url, sid, '我们的稳岗补贴为什么还没到账');
    expect(textOf(await chat(a.url, sid, '示例五金制品有限公司'))).toContain('统一社会信用代码');

    await a.stop();
    a = await startChatQihu({ redisUrl: redis.url });

    // The new instance picks up at the credit code.
    expect(textOf(await chat(a.url, sid, '91350100M000100Y43'))).toContain('哪个区县');
    // And the page's welcome_back on reconnect reminds of the open intake.
    const s = await openSocket(a.url);
    try {
      s.send({ type: 'welcome_back', user: sid });
      const welcome = await s.next(2);
      expect(textOf(welcome)).toContain('转人工登记还没有提交');
    } finally {
      await s.close();
    }
  });
});
