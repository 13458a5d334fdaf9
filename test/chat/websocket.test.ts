/**
 * The Botkit web chat over a real websocket (the `ws` client), on a whole qihu in the embedded
 * default: wire format, context, buttons, the intake, what is ignored, size and flood limits.
 */
import { TICKET_ID_RE } from '../../src/tickets/schema';
import { NOTICES } from '../../src/conversation/channels/wire';
import { openSocket, sessionId, sleep, socketTurn, startChatQihu, textOf, type ChatQihu, type ChatSocket } from './support';

let qihu: ChatQihu;
const sockets: ChatSocket[] = [];
beforeAll(async () => {
  qihu = await startChatQihu({ env: { RATE_LIMIT_PER_SESSION: '12', CHAT_MAX_MESSAGE_BYTES: '4096' } });
});
afterEach(async () => {
  await Promise.all(sockets.splice(0).map((s) => s.close()));
});
afterAll(() => qihu.stop());

async function open(path?: string): Promise<ChatSocket> {
  const s = await openSocket(qihu.url, path);
  sockets.push(s);
  return s;
}

describe('the websocket chat', () => {
  it('greets on hello, answers with a card, follows up in context', async () => {
    const s = await open();
    const user = sessionId('ws');
    s.send({ type: 'hello', user });
    const [hello] = await s.next();
    expect(hello).toMatchObject({ type: 'message', qihu: { type: 'text' } });
    expect(hello!.text).toContain('企呼我应');

    const [answer] = await socketTurn(s, { user, text: '开药店要什么材料' }, 1);
    // The wire format: Botkit's {type, text} with the OutMessage under `qihu`, nothing else.
    expect(Object.keys(answer!).sort()).toEqual(['qihu', 'text', 'type']);
    expect(answer!.type).toBe('message');
    expect(answer!.text).toBe(answer!.qihu.text);
    expect(answer!.qihu).toMatchObject({ type: 'answer', entryId: 'item-drug-retail', field: 'materials' });
    expect(answer!.qihu.card!.materials!.length).toBeGreaterThan(5);

    const [followUp] = await socketTurn(s, { user, text: '那要多久？' }, 1);
    expect(followUp!.qihu).toMatchObject({ type: 'answer', entryId: 'item-drug-retail', field: 'time_limit' });
  });

  it('takes clarify choices as buttons (qihu) and as words', async () => {
    const s = await open();
    const user = sessionId('ws');
    const [clarify] = await socketTurn(s, { user, text: '营业执照' }, 1);
    expect(clarify!.qihu.type).toBe('clarify');
    const choices = clarify!.qihu.choices!;
    const [byButton] = await socketTurn(s, { user, qihu: choices[0]!.input }, 1);
    expect(byButton!.qihu.entryId).toBe((choices[0]!.input as { entryId: string }).entryId);

    await socketTurn(s, { user, text: '营业执照' }, 1);
    const [byWord] = await socketTurn(s, { user, text: '第二个' }, 1);
    expect(byWord!.qihu.entryId).toBe((choices[1]!.input as { entryId: string }).entryId);
  });

  it('runs the intake to a ticket', async () => {
    const s = await open('/'); // Botkit's stock client connects to the root
    const user = sessionId('ws');
    const first = await socketTurn(s, { user, text: '我要投诉：厂门口道路破损半年没修好，货车进不来。联系电话13800138000' }, 2);
    expect(first.map((m) => m.qihu.type)).toEqual(['handoff', 'text']);
    await socketTurn(s, { user, text: '示例五金制品有限公司' }, 1);
    await socketTurn(s, { user, text: '91350100M000100Y43' }, 1);
    await socketTurn(s, { user, text: '东城' }, 1);
    const [summary] = await socketTurn(s, { user, text: '张三' }, 1);
    expect(summary!.qihu.choices!.map((c) => c.label)).toContain('确认提交');
    const [ticket] = await socketTurn(s, { user, qihu: summary!.qihu.choices![0]!.input }, 1);
    expect(ticket!.qihu.type).toBe('ticket');
    expect(ticket!.qihu.ticketId).toMatch(TICKET_ID_RE);
    expect((await qihu.tickets.status(ticket!.qihu.ticketId!))!.ticket.channel).toBe('web');
  });

  it('replies to the socket that asked, even when two sockets claim one session', async () => {
    const a = await open();
    const b = await open();
    const user = sessionId('ws');
    b.send({ type: 'hello', user });
    await b.next();
    const [answer] = await socketTurn(a, { user, text: '开药店要什么材料' }, 1);
    expect(answer!.qihu.type).toBe('answer');
    await sleep(100);
    expect(b.received).toHaveLength(1);
  });

  it('ignores unknown types, malformed messages and garbage, and keeps the socket', async () => {
    const s = await open();
    const user = sessionId('ws');
    s.send({ type: 'typing', user });
    s.send({ type: 'shutdown', user }); // a Botkit-internal event name: must not reach Botkit
    s.send({ type: 'message', text: 'no user' });
    s.send({ type: 'message', user: 'bad user!', text: 'x' });
    s.send({ user, text: 'no type' });
    s.send([1, 2, 3]);
    s.send(null);
    s.sendRaw('not json at all');
    s.sendRaw(Buffer.from([0xff, 0xfe, 0x00]));
    // A binary frame of JSON whose text is not UTF-8: never decoded with U+FFFD and answered.
    s.sendRaw(Buffer.concat([Buffer.from(`{"type":"message","user":"${user}","text":"`), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from('开药店要什么材料"}')]));
    await sleep(200);
    expect(s.received).toEqual([]);
    expect(s.ws.readyState).toBe(s.ws.OPEN);
    const [answer] = await socketTurn(s, { user, text: '开药店要什么材料' }, 1);
    expect(answer!.qihu.type).toBe('answer');
  });

  it('renders HTML in user text as a plain string in the JSON frame', async () => {
    const s = await open();
    const user = sessionId('ws');
    const html = '<b onmouseover="alert(1)">粗体</b>';
    await socketTurn(s, { user, text: `我要投诉：道路破损${html}，联系电话13800138000` }, 2);
    await socketTurn(s, { user, text: '示例五金制品有限公司' }, 1);
    await socketTurn(s, { user, text: '91350100M000100Y43' }, 1);
    await socketTurn(s, { user, text: '东城' }, 1);
    const [summary] = await socketTurn(s, { user, text: '张三' }, 1);
    expect(summary!.text).toContain(html);
  });

  it('closes a socket that sends more than CHAT_MAX_MESSAGE_BYTES (1009)', async () => {
    const s = await open();
    s.send({ type: 'message', user: sessionId('ws'), text: 'x'.repeat(5000) });
    expect(await s.closed).toBe(1009);
  });

  it('a long text within the byte limit is explained by the conversation', async () => {
    const s = await open();
    const [reply] = await socketTurn(s, { user: sessionId('ws'), text: 'long '.repeat(500) }, 1);
    expect(reply!.text).toContain('消息太长');
  });

  it('a flooding socket gets one polite notice and its surplus is not processed; others are served', async () => {
    const flood = await open();
    const calm = await open();
    const user = sessionId('flood');
    for (let i = 0; i < 100; i++) flood.send({ type: 'message', user, text: `第${i}条：开药店要什么材料` });
    const calmUser = sessionId('calm');
    const t0 = Date.now();
    const [answer] = await socketTurn(calm, { user: calmUser, text: '开药店要什么材料' }, 1);
    expect(answer!.qihu.type).toBe('answer');
    expect(Date.now() - t0).toBeLessThan(2000);

    await sleep(1500);
    const got = flood.received as { text: string; qihu: { type: string } }[];
    const notices = got.filter((m) => m.text === NOTICES.rate_limited);
    expect(notices).toHaveLength(1);
    const answers = got.filter((m) => m.qihu.type !== 'text');
    // At most the session's limit (12 a minute) was handled.
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.length).toBeLessThanOrEqual(12);
    expect(flood.ws.readyState).toBe(flood.ws.OPEN);

    // Still limited: a further message gets no answer and no second notice within the window.
    flood.send({ type: 'message', user, text: '开药店要什么材料' });
    await sleep(200);
    expect((flood.received as unknown[]).length).toBe(got.length);
  });

  it('refuses upgrades on other paths', async () => {
    await expect(openSocket(qihu.url, '/api/v1/chat')).rejects.toThrow(/404/);
  });
});

describe('closing', () => {
  it('qihu.close() says goodbye to open sockets (1001)', async () => {
    const other = await startChatQihu();
    const s = await openSocket(other.url);
    s.send({ type: 'hello', user: sessionId('bye') });
    expect(textOf(await s.next())).toContain('企呼我应');
    await other.stop();
    expect(await s.closed).toBe(1001);
    expect(other.webChat.adapter.connections).toBe(0);
  });
});
