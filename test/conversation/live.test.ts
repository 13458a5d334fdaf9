/**
 * The live hand-off in the dialog, with the memory desk: 转人工 during staffed hours with an
 * operator on duty joins the queue (place and, once takes are known, an honest estimate); the
 * user's messages go to the operator, not the engine; an operator takes it (only one can), replies,
 * hands it back, ends it or turns it into a ticket; a conversation nobody takes in time becomes the
 * intake, said honestly; outside hours or with nobody on duty the intake says so.
 */
import { createLiveDesk, createLiveOperatorDesk, createMemoryLiveBus, createMemoryLiveStore, parseHours, type LiveEvent, type OutMessage } from '../../src/conversation';
import { readState, stateOf } from '../../src/conversation/state';
import { loadTables } from '../support/qihu';
import { createHarness, textOf, type Harness } from './harness';

// Monday 7 December 2026, 10:00 Beijing: a working day, in the hours below.
const MONDAY_10 = new Date('2026-12-07T02:00:00Z');
// Sunday 6 December 2026, 10:00 Beijing.
const SUNDAY_10 = new Date('2026-12-06T02:00:00Z');

function setup() {
  const store = createMemoryLiveStore();
  const bus = createMemoryLiveBus();
  const events: LiveEvent[] = [];
  bus.subscribe((e) => events.push(e));
  const desk = createLiveDesk({ store, bus, calendar: loadTables().calendar, hours: parseHours('09:00-12:00,13:30-17:30'), hotline: '12345' });
  return { store, bus, desk, events };
}

describe('the live hand-off in the dialog', () => {
  const clock = { now: MONDAY_10 };
  const live = setup();
  let h: Harness;
  const op = { name: 'zhang.san', display: '张三' };
  const op2 = { name: 'li.si', display: '李四' };
  let operators: ReturnType<typeof createLiveOperatorDesk>;

  beforeAll(async () => {
    h = await createHarness({ live: live.desk, now: () => clock.now });
    operators = createLiveOperatorDesk({ store: live.store, bus: live.bus, conversation: h.service, waitMs: 180_000, now: () => clock.now, log: h.log });
  });
  afterAll(async () => {
    expect(h.logs.filter((l) => l.includes('transition outside the table'))).toEqual([]);
    await h.close();
  });
  // What was held for the user's page so far (each release marks them sent; kept here for the checks).
  const sent = new Map<string, OutMessage[]>();
  const delivered = async (sessionId: string) => {
    const all = [...(sent.get(sessionId) ?? []), ...(await live.store.release(sessionId)).map((h) => h.message)];
    sent.set(sessionId, all);
    return all;
  };

  it('says honestly that nobody is on duty, and starts the intake', async () => {
    const reply = textOf(await h.chat()('转人工'));
    expect(reply).toContain('现在没有人工客服在线');
    expect(reply).toContain('12345');
    expect(reply).toContain('3个工作日');
    expect(reply).not.toContain('这就为您转人工服务');
  });

  it('queues 转人工 with an operator on duty; the user\'s words go to the operator, not the engine', async () => {
    await operators.present(op);
    const session = 'live-session-00001';
    const chat = h.chat(session);
    await chat('开药店要什么材料');
    const queued = await chat('转人工');
    expect(textOf(queued)).toContain('您前面还有0位');
    // No estimate before any operator has taken a conversation: none is made up.
    expect(textOf(queued)).not.toContain('分钟');
    expect(queued[0]!.choices?.map((c) => c.label)).toEqual(['取消排队']);
    expect(stateOf((await readState(h.storage, session)).state)).toBe('live_agent');

    const [waiting] = await operators.list();
    expect(waiting).toMatchObject({ sessionId: session, status: 'waiting', position: 1, reason: 'asked_for_person' });
    expect(waiting!.transcript.map((t) => t.text)).toEqual(expect.arrayContaining(['开药店要什么材料', '转人工']));

    const reply = await chat('我想问一下药店的选址有没有要求');
    expect(textOf(reply)).toContain('已转告客服');
    expect(reply.some((m) => m.type === 'answer')).toBe(false);
    expect(live.events).toContainEqual({ kind: 'message', sessionId: session, message: expect.objectContaining({ role: 'user', text: '我想问一下药店的选址有没有要求' }) });
  });

  it('lets one operator take it, never two; the user hears who answers; replies go both ways; handed back, the bot answers again', async () => {
    const session = 'live-session-00001';
    const chat = h.chat(session);
    const [a, b] = await Promise.all([operators.take(session, op), operators.take(session, op2)]);
    expect([a.outcome, b.outcome].sort()).toEqual(['ok', 'taken']);
    const winner = a.outcome === 'ok' ? op : op2;
    const loser = a.outcome === 'ok' ? op2 : op;
    expect(await delivered(session)).toContainEqual(expect.objectContaining({ text: expect.stringContaining(`客服${winner.display}已接入`), agent: winner.display }));

    expect(await chat('选址离学校要多远？')).toEqual([]);
    const messages = await live.store.messages(session);
    expect(messages.at(-1)).toMatchObject({ role: 'user', text: '选址离学校要多远？' });

    expect(await operators.reply(session, loser, '我来回答')).toBe('not_yours');
    expect(await operators.reply(session, winner, '您好，药店选址一般没有距离学校的硬性要求。')).toBe('ok');
    expect(await delivered(session)).toContainEqual({ type: 'text', text: '您好，药店选址一般没有距离学校的硬性要求。', agent: winner.display });

    expect(await operators.end(session, winner, 'handed_back')).toBe('ok');
    expect(await delivered(session)).toContainEqual(expect.objectContaining({ text: expect.stringContaining('转回智能助手') }));
    expect(stateOf((await readState(h.storage, session)).state)).toBe('answering');
    expect((await chat('开药店要什么材料'))[0]).toMatchObject({ type: 'answer', entryId: 'item-drug-retail' });
    expect(await operators.list()).toEqual([]);
  });

  it('estimates the wait from the recent take times, and 取消排队 leaves the queue', async () => {
    const first = h.chat('live-session-00002');
    const second = h.chat('live-session-00003');
    await first('转人工');
    clock.now = new Date(MONDAY_10.getTime() + 1000);
    const queued = textOf(await second('转人工'));
    // One take so far, after 0 s; two ahead at most: at least a minute is said, never "0".
    expect(queued).toContain('您前面还有1位');
    expect(queued).toMatch(/约需等待1分钟/);
    const left = await first('取消排队');
    expect(textOf(left)).toContain('已取消排队');
    expect((await operators.list()).map((c) => [c.sessionId, c.position])).toEqual([['live-session-00003', 1]]);
  });

  it('turns a conversation into the intake when the operator files a ticket, the demand filled in', async () => {
    const session = 'live-session-00003';
    expect((await operators.take(session, op)).outcome).toBe('ok');
    expect(await operators.end(session, op, 'ticket', '药店选址咨询')).toBe('ok');
    const out = await delivered(session);
    expect(out.map((m) => m.text).join('\n')).toContain('客服张三已为您转为工单登记');
    const { state } = await readState(h.storage, session);
    expect(state.intake?.values.summary).toBe('药店选址咨询');
    expect(stateOf(state)).toBe('intake');
  });

  it('files what nobody takes in time: the intake, said honestly', async () => {
    const session = 'live-session-00004';
    const chat = h.chat(session);
    await chat('转人工');
    await chat('公司想申请高新技术企业认定');
    clock.now = new Date(clock.now.getTime() + 181_000);
    expect(await operators.sweep()).toBe(1);
    const text = (await delivered(session)).map((m) => m.text).join('\n');
    expect(text).toContain('3分钟内没有客服空闲接入');
    expect(text).toContain('12345');
    const { state } = await readState(h.storage, session);
    expect(stateOf(state)).not.toBe('live_agent');
    expect(state.intake?.values.summary).toContain('高新技术企业认定');
    expect(await operators.sweep()).toBe(0);
  });

  it('says the hours outside them', async () => {
    clock.now = SUNDAY_10;
    await operators.present(op);
    const reply = textOf(await h.chat()('转人工'));
    expect(reply).toContain('现在不是人工客服时间（工作日9:00-12:00、13:30-17:30）');
  });
});
