/**
 * Small talk is not a demand: "今天天气怎么样", "你好呀", "讲个笑话", "你是谁" get a polite answer and
 * example questions, no intake. Decided by the `similar` intents' training utterances, checked
 * against the knowledge base's vocabulary, so real demands still reach the engine and the hand-off.
 */
import { createIntentMatcher, IntentDef, loadIntents } from '../../src/conversation/intents';
import { readState, stateOf } from '../../src/conversation/state';
import { EXAMPLE_QUESTIONS } from '../../src/conversation/messages';
import { createHarness, sharedEngine, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const EXAMPLE_LABELS = [...EXAMPLE_QUESTIONS];

describe('small talk', () => {
  it.each([
    ['今天天气怎么样', '帮不上忙'],
    ['讲个笑话', '帮不上忙'],
    ['你是谁', '我是企呼我应智能助手'],
    ['你好呀', '请问有什么可以帮您'],
    // Not among the training utterances as written.
    ['明天天气好吗', '帮不上忙'],
    ['给我唱首歌', '帮不上忙'],
    ['你是人工智能吧', '我是企呼我应智能助手'],
    ['你能帮我干什么', '我是企呼我应智能助手'],
  ])('"%s": a polite answer, what the assistant can do, no intake', async (text, expected) => {
    const session = `smalltalk-${Buffer.from(text).toString('hex').slice(0, 24)}`;
    const before = h.records.records.length;
    const out = await h.chat(session)(text);
    expect(out).toHaveLength(1);
    expect(out[0]!.type).toBe('text');
    expect(out[0]!.text).toContain(expected);
    expect(out[0]!.text).toContain('企业办事和惠企政策');
    expect(out[0]!.choices!.map((c) => c.label)).toEqual(EXAMPLE_LABELS);
    expect(h.records.records).toHaveLength(before);
    expect(stateOf((await readState(h.storage, session)).state)).toBe('answering');
  });

  it('answers in the script of the session', async () => {
    const [m] = await h.chat('smalltalk-traditional')('今天天氣怎麼樣？');
    expect(m!.text).toContain('幫不上忙');
    expect(m!.choices![0]!.label).toBe('開藥店要什麼材料');
  });

  it('offers example questions the knowledge base answers (or that open a report)', async () => {
    const chat = h.chat('smalltalk-examples-1');
    const [offer] = await chat('你能做什么');
    for (const choice of offer!.choices!.slice(0, 3)) expect((await chat(choice.input))[0]!.type).toBe('answer');
    expect((await chat(offer!.choices![3]!.input))[0]!.type).toBe('handoff');
  });
});

describe('real demands still reach the engine and the hand-off', () => {
  it.each([
    ['我要投诉', 'handoff'],
    ['转人工', 'handoff'],
    // Small talk's words, but a complaint's signal, or a matter the routing table knows.
    ['天气太热了工地还让加班，我要投诉', 'handoff'],
    ['工地晚上施工太吵了', 'handoff'],
    // A question the knowledge base cannot answer: handed off as before.
    ['在日本注册公司要什么材料', 'handoff'],
    // A word of the knowledge base: a question for it.
    ['今天能办营业执照吗', 'answer'],
  ])('"%s" → %s', async (text, type) => {
    const out = await h.chat(`demand-${Buffer.from(text).toString('hex').slice(0, 24)}`)(text);
    expect(out[0]!.type).toBe(type);
  });
});

describe('the similar match', () => {
  const intents = createIntentMatcher(loadIntents());
  const names = (text: string) => intents.match(text).map((m) => m.name);

  it('matches short messages whose character pairs occur in the training utterances, and marks the guess', () => {
    expect(intents.match('明天天气好不好')).toEqual([{ name: 'chitchat', similar: true }]);
    expect(names('你到底是谁呀')).toEqual([]);
    expect(names('今天天气很好，我们公司想申请高新技术企业认定需要什么材料')).toEqual([]);
    expect(names('开药店要什么材料')).toEqual([]);
  });

  it('knows small talk\'s own words, so they do not count as the knowledge base\'s', () => {
    expect(intents.learned('名字')).toBe(true);
    expect(intents.learned('营业执照')).toBe(false);
    // The knowledge base uses 名字 (公司名字): the word alone does not make "你叫什么名字" a service question.
    expect(sharedEngine().vocabulary('你叫什么名字')).toContain('名字');
  });

  it('needs enough training utterances to learn from', () => {
    const r = IntentDef.safeParse({ name: 'chitchat', match: 'similar', examples: ['讲个笑话', '天气'] });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toContain('at least 5');
  });
});

describe('a question outside the knowledge base naming no matter a department handles', () => {
  // Held out: written before the rule, none is a training utterance; the engine hands each off as
  // out of scope and the routing table matches none. Each used to start the intake (企业名称?) at once.
  it.each(['北京今天多少度', '股票明天会涨吗', '帮我订一张去上海的机票', '附近哪里有加油站', '地铁什么时候开通', '我想换个手机号', '你们能帮我写个简历吗', '哪家饭店好吃'])(
    '"%s": says it cannot answer, offers a person and the example questions, files nothing unasked',
    async (text) => {
      const session = `offer-${Buffer.from(text).toString('hex').slice(0, 24)}`;
      const out = await h.chat(session)(text);
      expect(out).toHaveLength(1);
      expect(out[0]!.type).toBe('handoff');
      expect(out[0]!.text).toContain('不在我能回答的范围内');
      expect(out[0]!.choices!.map((c) => c.label)).toEqual(['转人工', ...EXAMPLE_LABELS]);
      expect(stateOf((await readState(h.storage, session)).state)).toBe('answering');
    },
  );

  it('转人工 after it files that question: the intake goes on to who files it', async () => {
    const chat = h.chat('offer-then-handoff-0001');
    const [offer] = await chat('房东不退押金');
    const out = await chat(offer!.choices![0]!.input);
    expect(out.map((m) => m.type)).toEqual(['handoff', 'text']);
    expect(out[1]!.text).toContain('企业的名称');
    const { state } = await readState(h.storage, 'offer-then-handoff-0001');
    expect(state.intake?.values.summary).toBe('房东不退押金');
  });

  it('a matter the routing table knows still starts the intake at once', async () => {
    const out = await h.chat('offer-routing-known-0001')('老板拖欠了三个月工资');
    expect(out.map((m) => m.type)).toEqual(['handoff', 'text']);
    expect(stateOf((await readState(h.storage, 'offer-routing-known-0001')).state)).toBe('intake');
  });
});
