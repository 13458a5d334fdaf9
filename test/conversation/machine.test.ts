/**
 * The dialog's state machine: the table is complete and drawn in docs/conversation.md, stored
 * sessions load in the state their fields describe, and the transitions the other dialog tests do not
 * walk through. Every turn here is checked against the table (a turn that ends elsewhere is logged).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUTTON_KINDS, INTERRUPT_KINDS, InputKind, TEXT_KINDS, classify } from '../../src/conversation/input';
import { createIntentMatcher, loadIntents } from '../../src/conversation/intents';
import { HANDLERS, HANDLER_MODULES, TABLE } from '../../src/conversation/machine';
import { DialogStateName, readState, stateKey, stateOf } from '../../src/conversation/state';
import type { OutMessage } from '../../src/conversation/types';
import { createHarness, textOf, toSummary, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  // Every turn of this file ended in a state its table entry lists.
  expect(h.logs.filter((l) => l.includes('transition outside the table'))).toEqual([]);
  await h.close();
});

const STATES = DialogStateName.options;
const KINDS = InputKind.options;
const stateIn = async (session: string) => stateOf((await readState(h.storage, session)).state);

describe('the transition table', () => {
  it('has an entry for every state and every input kind, going to known states', () => {
    expect(Object.keys(TABLE).sort()).toEqual([...STATES].sort());
    for (const state of STATES) {
      expect(Object.keys(TABLE[state]).sort()).toEqual([...KINDS].sort());
      for (const kind of KINDS) {
        const t = TABLE[state][kind];
        expect(t.to.length).toBeGreaterThan(0);
        for (const to of t.to) expect(STATES).toContain(to);
        expect(t.does.length).toBeGreaterThan(0);
      }
    }
    expect(KINDS).toEqual([...BUTTON_KINDS, ...TEXT_KINDS]);
  });

  it('sends the same buttons to interrupts.ts in every state, everything else to the state\'s own module', () => {
    for (const state of STATES)
      for (const kind of KINDS) expect(TABLE[state][kind].by).toBe((INTERRUPT_KINDS as readonly string[]).includes(kind) ? 'interrupts' : 'state');
    for (const state of STATES) {
      expect(typeof HANDLERS[state]).toBe('function');
      expect(existsSync(join(__dirname, '../../src/conversation', HANDLER_MODULES[state]))).toBe(true);
    }
  });

  it('leads to live_agent only from a hand-off outside the intake and its summary (转人工, a low-confidence question, in the policy dialog too), never from a complaint', () => {
    const into = STATES.filter((s) => s !== 'live_agent' && KINDS.some((k) => TABLE[s][k].to.includes('live_agent')));
    expect(into.sort()).toEqual(['answering', 'awaiting_rating', 'clarifying', 'policy_dialog']);
    for (const state of ['intake', 'confirming', 'amending'] as const) for (const kind of KINDS) expect(TABLE[state][kind].to).not.toContain('live_agent');
    expect(TABLE.answering.complaint.to).not.toContain('live_agent');
    expect(TABLE.answering.ask_person.to).toContain('live_agent');
  });

  it('is the diagram in docs/conversation.md, edge for edge', () => {
    const doc = readFileSync(join(__dirname, '../../docs/conversation.md'), 'utf8');
    const block = /```mermaid\n(stateDiagram-v2[\s\S]*?)```/.exec(doc)?.[1];
    expect(block).toBeDefined();
    const drawn = new Set<string>();
    for (const m of block!.matchAll(/^\s*(\w+)\s*-->\s*(\w+)/gm)) if (m[1] !== '[*]' && m[1] !== m[2]) drawn.add(`${m[1]} -> ${m[2]}`);
    const table = new Set<string>();
    for (const from of STATES) for (const kind of KINDS) for (const to of TABLE[from][kind].to) if (to !== from) table.add(`${from} -> ${to}`);
    expect([...drawn].sort()).toEqual([...table].sort());
  });
});

describe('classifying an input', () => {
  const intents = createIntentMatcher(loadIntents());
  const kind = (text: string) => classify(intents, { text }).kind;

  it('gives every text one kind, in a fixed order', () => {
    expect(kind('  ')).toBe('blank');
    expect(kind('QH-20261125-000123 到哪一步了')).toBe('ticket_id');
    expect(kind('5分')).toBe('score');
    expect(kind('非常满意')).toBe('score');
    expect(kind('算了')).toBe('cancel');
    expect(kind('确认提交')).toBe('confirm');
    expect(kind('都不是')).toBe('deny');
    expect(kind('电话填错了')).toBe('correct');
    expect(kind('转人工')).toBe('ask_person');
    expect(kind('我要投诉')).toBe('complaint');
    expect(kind('你好')).toBe('smalltalk');
    expect(kind('我的工单到哪一步了')).toBe('status_question');
    expect(kind('那要多久？')).toBe('field_question');
    expect(kind('开药店要什么材料')).toBe('text');
  });

  it('takes a button as its action', () => {
    expect(classify(intents, { action: 'handoff' }).kind).toBe('handoff');
    expect(classify(intents, { action: 'rate', ticketId: 'QH-20261125-000123', score: 4 })).toEqual({ kind: 'rate', ticketId: 'QH-20261125-000123', score: 4 });
  });
});

describe('stored sessions', () => {
  // Items as the conversation stored them before its states had names: the same shape, read as it is.
  const at = '2026-11-25T09:00:00.000Z';
  const base = { version: 1, script: 'simplified', known: {}, turns: [{ role: 'user', text: '转人工', at }], answerTurns: [], tickets: [], updatedAt: at };

  it('an intake stored half-way continues where it stopped', async () => {
    const session = 'stored-intake-0001';
    await h.storage.write({
      [stateKey(session)]: {
        ...base,
        context: { entryId: 'item-drug-retail', field: 'materials' },
        intake: {
          reason: 'asked_for_person',
          key: `conv:${session}:1:abcd1234`,
          step: 'phone',
          values: { name: '示例科技有限公司', creditCode: '91350100M000100Y43', district: '东城区', contactName: '李四' },
          candidates: [],
        },
        intakeCount: 1,
        eTag: '*',
      },
    });
    expect(await stateIn(session)).toBe('intake');
    const chat = h.chat(session);
    expect(textOf(await chat('13800138000'))).toBe('请简要描述您的诉求或遇到的问题。');
    expect(textOf(await chat('想咨询药店开办'))).toContain('请核对以下信息');
    expect(await stateIn(session)).toBe('confirming');
  });

  it('options stored are still offered, a rating stored is still waited for', async () => {
    const clarify = 'stored-clarify-0001';
    await h.storage.write({
      [stateKey(clarify)]: {
        ...base,
        clarify: { options: [{ entryId: 'item-drug-retail', title: '药品零售企业许可', score: 0.4 }, { entryId: 'faq-0013', title: '营业执照补办', score: 0.3 }], field: null, question: '怎么办' },
      },
    });
    expect(await stateIn(clarify)).toBe('clarifying');
    expect((await h.chat(clarify)('第一个'))[0]).toMatchObject({ type: 'answer', entryId: 'item-drug-retail' });
    expect(await stateIn(clarify)).toBe('answering');

    const rating = 'stored-rating-00001';
    await h.storage.write({ [stateKey(rating)]: { ...base, satisfaction: { ticketId: 'QH-20261125-000123' } } });
    expect(await stateIn(rating)).toBe('awaiting_rating');
  });

  it('a session marked live_agent that no live desk knows is released and answered', async () => {
    const session = 'stored-live-agent-01';
    await h.storage.write({ [stateKey(session)]: { ...base, liveAgent: { since: at } } });
    expect(await stateIn(session)).toBe('live_agent');
    expect((await h.chat(session)('开药店要什么材料'))[0]).toMatchObject({ type: 'answer', entryId: 'item-drug-retail' });
    const { state } = await readState(h.storage, session);
    expect(state.liveAgent).toBeUndefined();
    expect(stateOf(state)).toBe('answering');
  });
});

/** Files a ticket through the intake and resolves it: the session is then asked for a rating. */
async function resolvedTicket(chat: ReturnType<Harness['chat']>): Promise<string> {
  await toSummary(chat);
  const ticketId = (await chat('确认提交')).find((m: OutMessage) => m.type === 'ticket')!.ticketId!;
  const at = Date.now();
  expect((await h.tickets.applyStatusUpdate(ticketId, { status: 'assigned', at: new Date(at).toISOString(), department: '东城区交通运输局' })).ok).toBe(true);
  expect((await h.tickets.applyStatusUpdate(ticketId, { status: 'resolved', at: new Date(at + 1000).toISOString(), answer: '已办理。' })).ok).toBe(true);
  return ticketId;
}

describe('transitions', () => {
  it('awaiting_rating: a question keeps the rating waiting; a clarify question drops it, so "2" picks', async () => {
    const session = 'machine-rating-0001';
    const chat = h.chat(session);
    const ticketId = await resolvedTicket(chat);
    expect(textOf(await chat(ticketId))).toContain('请为本次办理打分');
    expect(await stateIn(session)).toBe('awaiting_rating');
    expect((await chat('开药店要什么材料'))[0]!.type).toBe('answer');
    expect(await stateIn(session)).toBe('awaiting_rating');
    expect(textOf(await chat('4分'))).toBe('感谢您的评价（4分）！');
    expect(await stateIn(session)).toBe('answering');

    const other = 'machine-rating-0002';
    const chat2 = h.chat(other);
    const second = await resolvedTicket(chat2);
    await chat2(second);
    const [clarify] = await chat2('营业执照');
    expect(clarify!.type).toBe('clarify');
    expect(await stateIn(other)).toBe('clarifying');
    const [picked] = await chat2('2');
    expect(picked).toMatchObject({ type: 'answer', entryId: (clarify!.choices![1]!.input as { entryId: string }).entryId });
    expect((await h.tickets.status(second))!.state.rating).toBeUndefined();
  });

  it('clarifying: a resolved ticket\'s status drops the options, so "2" rates', async () => {
    const session = 'machine-clarify-001';
    const chat = h.chat(session);
    const ticketId = await resolvedTicket(chat);
    expect((await chat('营业执照'))[0]!.type).toBe('clarify');
    await chat(ticketId);
    expect(await stateIn(session)).toBe('awaiting_rating');
    expect(textOf(await chat('2'))).toContain('2分');
    expect((await h.tickets.status(ticketId))!.state.rating?.score).toBe(2);
  });

  it('intake: a status asked for mid-intake waits under it, and is asked for once the intake ends', async () => {
    const session = 'machine-intake-0001';
    const chat = h.chat(session);
    const ticketId = await resolvedTicket(chat);
    await chat('转人工');
    await chat('想咨询药店开办');
    expect(await stateIn(session)).toBe('intake');
    const out = await chat(ticketId);
    // The intake offers the contact details of the ticket filed before.
    expect(out.map((m) => m.text)).toEqual([
      expect.stringContaining('请为本次办理打分'),
      '正在为您登记转人工，请继续填写。',
      '沿用上次的联系方式：示例科技有限公司，李四 0591-****4321？',
    ]);
    expect(await stateIn(session)).toBe('intake');
    expect(textOf(await chat('算了'))).toContain('已取消登记');
    expect(await stateIn(session)).toBe('awaiting_rating');
    expect(textOf(await chat('5'))).toBe('感谢您的评价（5分）！');
  });

  it('intake: at the 诉求 slot a ticket id is the demand itself', async () => {
    const session = 'machine-intake-0002';
    const chat = h.chat(session);
    await chat('转人工');
    expect(textOf(await chat('QH-20261125-000123 还没处理'))).toContain('企业的名称');
    for (const value of ['示例科技有限公司', '高新区', '李四']) await chat(value);
    expect(textOf(await chat('0591-87654321'))).toContain('诉求：QH-20261125-000123 还没处理');
    expect(await stateIn(session)).toBe('confirming');
  });

  it('intake: buttons are handled, and the question asked again', async () => {
    const session = 'machine-intake-0003';
    const chat = h.chat(session);
    await chat('转人工');
    expect((await chat({ action: 'handoff' })).map((m) => m.text)).toEqual(['正在为您登记转人工，请继续填写。', '请简要描述您的诉求或遇到的问题。']);
    const chosen = await chat({ action: 'choose', entryId: 'item-drug-retail' });
    expect(chosen.map((m) => m.type)).toEqual(['answer', 'text', 'text']);
    expect(chosen[2]!.text).toBe('请简要描述您的诉求或遇到的问题。');
    const turnId = chosen[0]!.turnId!;
    // 👍 answers, and does not repeat the question.
    expect(await chat({ action: 'feedback', turnId, helpful: true })).toEqual([{ type: 'text', text: '感谢您的反馈！' }]);
    expect(await stateIn(session)).toBe('intake');
  });

  it('amending: "没有" goes back to the summary', async () => {
    const session = 'machine-amend-00001';
    const chat = h.chat(session);
    await toSummary(chat);
    expect(textOf(await chat('不对'))).toContain('请问要修改哪一项？');
    expect(await stateIn(session)).toBe('amending');
    expect(textOf(await chat('好的'))).toContain('请核对以下信息');
    expect(await stateIn(session)).toBe('confirming');
  });

  it('confirming: anything but submit, change or cancel shows a hint and the summary again', async () => {
    const session = 'machine-confirm-001';
    const chat = h.chat(session);
    await toSummary(chat);
    const out = await chat('你好');
    expect(out[0]!.text).toBe('请选择“确认提交”、“修改”或“取消”。');
    expect(out[1]!.text).toContain('请核对以下信息');
    expect(await stateIn(session)).toBe('confirming');
  });

  it('answering: a session with nothing pending stays there through small talk', async () => {
    const session = 'machine-answer-0001';
    const chat = h.chat(session);
    for (const text of ['你好', '好的', '取消', '谢谢']) await chat(text);
    expect(await stateIn(session)).toBe('answering');
  });
});
