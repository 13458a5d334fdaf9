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
