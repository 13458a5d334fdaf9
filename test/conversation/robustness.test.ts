/** Whatever arrives and whatever fails, a channel gets messages, never an exception. */
import { MemoryStorage, type StoreItems } from 'botbuilder';
import { createKeyedQueue } from '../../src/conversation/keyed-queue';
import type { RecordStore } from '../../src/conversation/records';
import { readState, stateKey, type StateStorage } from '../../src/conversation/state';
import { BOT_TURN_KEPT } from '../../src/conversation/service';
import { OutMessage, type UserInput } from '../../src/conversation/types';
import { createHarness, sharedEngine, textOf, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const APOLOGY = '抱歉，系统暂时繁忙，请稍后再试；急事可拨打12345热线。';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('odd input', () => {
  it.each([
    ['an unknown shape', { foo: 1 }],
    ['a number as text', { text: 5 }],
    ['null', null],
    ['an unknown action', { action: 'dance' }],
    ['a rating out of range', { action: 'rate', ticketId: 'QH-20261125-000001', score: 9 }],
    ['extra fields', { text: '你好', admin: true }],
  ])('%s gets an explanation', async (_name, input) => {
    const out = await h.service.handle('odd-input-session', input as unknown as UserInput);
    expect(out).toEqual([{ type: 'text', text: expect.stringContaining('这条消息我没能看懂') }]);
  });

  it('more than 2,000 characters is too long; 1,500 is not a question but gets no intake', async () => {
    expect(textOf(await h.chat()('材'.repeat(2001)))).toContain('消息太长了');
    const out = await h.chat()('开药店'.repeat(500));
    expect(out).toHaveLength(1);
    expect(out[0]!.choices).toEqual([{ label: '转人工', input: { action: 'handoff' } }]);
  });

  it('empty text is answered with a hint', async () => {
    for (const text of ['', '   ', '？？？']) {
      const out = await h.chat()(text);
      expect(out).toHaveLength(1);
      expect(out[0]!.choices).toEqual([{ label: '转人工', input: { action: 'handoff' } }]);
    }
  });

  it('treats HTML and script as text: passed on verbatim, never interpreted', async () => {
    const chat = h.chat('html-session-000001');
    const html = '<script>alert("x")</script>开药店要什么材料';
    const out = await chat(html);
    for (const m of out) expect(OutMessage.safeParse(m).success).toBe(true);
    const last = h.records.records[h.records.records.length - 1] as { question?: string };
    expect(last.question).toBe(html);

    await chat('转人工');
    await chat('<img src=x onerror=alert(1)>');
    await chat('<b onmouseover="x()">示例</b>科技有限公司');
    await chat('东城区');
    await chat('李四');
    const summary = textOf(await chat('13800138000'));
    expect(summary).toContain('诉求：<img src=x onerror=alert(1)>');
    expect(summary).toContain('企业名称：<b onmouseover="x()">示例</b>科技有限公司');
  });

  it('an invalid session id gets an apology and stores nothing', async () => {
    expect(await h.service.handle('bad id!', { text: '你好' })).toEqual([{ type: 'text', text: APOLOGY }]);
    expect(await h.service.welcome('x')).toEqual([{ type: 'text', text: APOLOGY }]);
  });
});

/** MemoryStorage with faults and delays switched on from the test. */
class FlakyStorage implements StateStorage {
  readonly inner = new MemoryStorage();
  failRead?: Error;
  failWrite?: Error;
  readDelayMs = 0;
  async read(keys: string[]): Promise<StoreItems> {
    if (this.failRead) throw this.failRead;
    const items = await this.inner.read(keys);
    if (this.readDelayMs) await sleep(this.readDelayMs);
    return items;
  }
  async write(changes: StoreItems): Promise<void> {
    if (this.failWrite) throw this.failWrite;
    return this.inner.write(changes);
  }
  delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }
}

describe('failures around the turn', () => {
  let storage: FlakyStorage;
  let other: Harness;
  beforeEach(async () => {
    storage = new FlakyStorage();
    other = await createHarness({ state: storage });
  });
  afterEach(() => other.close());

  it('an unreadable state store: an apology, logged masked', async () => {
    storage.failRead = new Error('connection reset while reading session of 13800138000');
    expect(await other.chat('read-fail-session1')('开药店要什么材料')).toEqual([{ type: 'text', text: APOLOGY }]);
    expect(await other.service.welcome('read-fail-session1')).toEqual([{ type: 'text', text: APOLOGY }]);
    const logs = other.logs.join('\n');
    expect(logs).toContain('conversation state unavailable');
    expect(logs).toContain('138****8000');
    expect(logs).not.toContain('13800138000');
    expect(logs).not.toContain('read-fail-session1');
  });

  it('an unwritable state store: the answer still goes out, with a notice', async () => {
    storage.failWrite = new Error('READONLY');
    const out = await other.chat('write-fail-session')('开药店要什么材料');
    expect(out.map((m) => m.type)).toEqual(['answer', 'text']);
    expect(out[1]!.text).toContain('没能保存对话进度');
    expect(other.logs.join('\n')).toContain('conversation state not saved');
  });

  it('a failing record store does not disturb the user', async () => {
    const records: RecordStore = {
      append: () => Promise.reject(new Error('records down')),
      list: async () => [],
      close: async () => {},
    };
    const third = await createHarness({ records });
    try {
      const out = await third.chat()('开药店要什么材料');
      expect(out.map((m) => m.type)).toEqual(['answer']);
      expect(third.logs.join('\n')).toContain('conversation record not written');
    } finally {
      await third.close();
    }
  });

  it('a corrupted or older state starts afresh', async () => {
    for (const item of [{ version: 99 }, { version: 1, intake: { step: 'nonsense' } }, { version: 1, turns: 'x' }]) {
      await storage.write({ [stateKey('corrupt-session-01')]: item });
      const out = await other.chat('corrupt-session-01')('你好');
      expect(textOf(out)).toContain('请问有什么可以帮您');
      expect((await readState(storage, 'corrupt-session-01')).reset).toBe(false);
    }
    expect(other.logs.join('\n')).toContain('conversation state unreadable, starting afresh');
  });

  it('a bug half-way through: an apology, and the state is left as it was', async () => {
    const third = await createHarness({
      state: storage,
      engine: () => {
        throw new Error('engine exploded');
      },
    });
    try {
      await other.chat('bug-session-000001')('转人工');
      const before = (await readState(storage, 'bug-session-000001')).state;
      expect(await third.chat('bug-session-000001')('开药店要什么材料')).toEqual([{ type: 'text', text: APOLOGY }]);
      expect(third.logs.join('\n')).toContain('conversation turn failed');
      expect((await readState(storage, 'bug-session-000001')).state).toEqual(before);
    } finally {
      await third.close();
    }
  });

  it('turns of one session that arrive together are handled one after the other', async () => {
    storage.readDelayMs = 15;
    const chat = other.chat('concurrent-session');
    const texts = ['开药店要什么材料', '那要多久', '在哪办', '收费吗', '你好'];
    const replies = await Promise.all(texts.map((t) => chat(t)));
    expect(replies[1]![0]).toMatchObject({ type: 'answer', entryId: 'item-drug-retail', field: 'time_limit' });
    expect(replies[2]![0]).toMatchObject({ type: 'answer', entryId: 'item-drug-retail', field: 'location' });
    const { state } = await readState(storage, 'concurrent-session');
    expect(state.turns.filter((t) => t.role === 'user').map((t) => t.text)).toEqual(texts);
    expect(state.answerTurns).toHaveLength(4);
  });
});

describe('keyed queue', () => {
  it('runs one key in order, other keys alongside, and forgets idle keys', async () => {
    const q = createKeyedQueue();
    const log: string[] = [];
    const task = (name: string, ms: number, fail = false) => async () => {
      log.push(`start ${name}`);
      await sleep(ms);
      log.push(`end ${name}`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([q.run('a', task('a1', 20, true)), q.run('a', task('a2', 1)), q.run('b', task('b1', 5))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(log.indexOf('end a1')).toBeLessThan(log.indexOf('start a2'));
    expect(log.indexOf('start b1')).toBeLessThan(log.indexOf('end a1'));
    await sleep(0);
    expect(q.size).toBe(0);
  });
});

it('the engine is shared, not rebuilt per harness', () => {
  expect(sharedEngine()).toBe(sharedEngine());
});

describe('the stored transcript', () => {
  it("keeps the user's words whole and the opening of each long answer, so the state stays small", async () => {
    const sid = 'transcript-session-01';
    const say = h.chat(sid);
    for (let i = 0; i < 12; i++) await say(i % 2 ? '开药店要什么材料' : '药品零售企业许可要多久');
    const { state } = await readState(h.storage, sid);
    const bot = state.turns.filter((t) => t.role === 'bot');
    const user = state.turns.filter((t) => t.role === 'user');
    expect(user.map((t) => t.text)).toContain('开药店要什么材料');
    expect(bot.length).toBeGreaterThan(0);
    expect(bot.every((t) => t.text.length <= BOT_TURN_KEPT)).toBe(true);
    // The materials answer is longer than that: cut, and marked as cut.
    expect(bot.some((t) => t.text.endsWith('…') && t.text.startsWith('「药品零售企业许可'))).toBe(true);
    expect(JSON.stringify(state).length).toBeLessThan(20 * 1024);
  });
});
