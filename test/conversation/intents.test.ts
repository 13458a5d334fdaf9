/** intents/*.json: validated with file and field named, matched over simplified and traditional text. */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_INTENTS_DIR, INTENT_NAMES, IntentLoadError, createIntentMatcher, loadIntents } from '../../src/conversation/intents';
import { pickOption } from '../../src/conversation/clarify';

const matcher = createIntentMatcher(loadIntents());
const names = (text: string) => matcher.match(text).map((m) => m.name);

describe('loadIntents', () => {
  it('loads every intent from intents/', () => {
    expect(new Set(loadIntents().map((d) => d.name))).toEqual(new Set(INTENT_NAMES));
  });

  function withDir(edit: (dir: string) => void): string {
    const dir = mkdtempSync(join(tmpdir(), 'qihu-intents-'));
    try {
      cpSync(DEFAULT_INTENTS_DIR, dir, { recursive: true });
      edit(dir);
      loadIntents(dir);
      return '';
    } catch (err) {
      expect(err).toBeInstanceOf(IntentLoadError);
      return (err as Error).message;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('names the file and the field of a problem', () => {
    const bad = { name: 'greeting', match: 'whole', patterns: ['你好', '(unclosed'], examples: [] };
    const msg = withDir((d) => writeFileSync(join(d, 'greeting.json'), JSON.stringify(bad)));
    expect(msg).toMatch(/greeting\.json: patterns\.1: invalid regular expression/);
  });

  it('rejects unknown slots, unknown fields, duplicates, bad JSON and missing intents', () => {
    expect(
      withDir((d) =>
        writeFileSync(join(d, 'correct.json'), JSON.stringify({ name: 'correct', match: 'contains', patterns: ['改'], slots: { colour: ['颜色'] } })),
      ),
    ).toMatch(/correct\.json: slots\.colour: unknown slot/);
    expect(withDir((d) => writeFileSync(join(d, 'thanks.json'), JSON.stringify({ name: 'thanks', match: 'whole', examples: ['谢谢'], extra: 1 })))).toMatch(
      /thanks\.json: .*extra/,
    );
    expect(withDir((d) => writeFileSync(join(d, 'zz-more.json'), JSON.stringify({ intents: [{ name: 'thanks', match: 'whole', examples: ['谢'] }] })))).toMatch(
      /zz-more\.json: name: intent thanks is already defined in .*thanks\.json/,
    );
    expect(withDir((d) => writeFileSync(join(d, 'deny.json'), '{ nope'))).toMatch(/deny\.json: not valid JSON/);
    expect(withDir((d) => rmSync(join(d, 'goodbye.json')))).toMatch(/intent goodbye is not defined/);
  });
});

describe('matching', () => {
  it.each([
    ['你好', 'greeting'],
    ['您好！', 'greeting'],
    ['谢谢', 'thanks'],
    ['謝謝您', 'thanks'],
    ['好的，谢谢', 'thanks'],
    ['拜拜', 'goodbye'],
    ['转人工', 'ask_person'],
    ['轉人工', 'ask_person'],
    ['我要找人工客服', 'ask_person'],
    ['我的工单到哪一步了', 'ticket_status'],
    ['我要投诉', 'complaint'],
    ['我要投訴', 'complaint'],
    ['答非所问', 'feedback'],
    ['算了', 'cancel'],
    ['确认提交', 'confirm'],
    ['確認提交', 'confirm'],
    ['不是', 'deny'],
    ['电话填错了', 'correct'],
    ['要什么材料？', 'materials'],
    ['那要多久？', 'time_limit'],
    ['那要多久呢', 'time_limit'],
    ['在哪辦', 'location'],
    ['电话多少', 'phone'],
    ['能网上办吗', 'online'],
    ['收費嗎', 'fees'],
    ['有什么条件', 'conditions'],
  ])('%s → %s', (text, intent) => {
    expect(names(text)).toContain(intent);
  });

  it.each(['你好，开药店要什么材料', '开药店要多久', '我要投诉，路灯坏了半年没修好', '谢谢你们，营业执照怎么补办'])(
    'a whole-message intent does not swallow a question: %s',
    (text) => {
      expect(names(text).filter((n) => n !== 'ticket_status' && n !== 'correct')).toEqual([]);
    },
  );

  it('finds the slot: the longest word wins', () => {
    expect(matcher.match('改一下企业名称')).toEqual([{ name: 'correct', slot: 'name' }]);
    expect(matcher.match('联系人名字写错了')).toEqual([{ name: 'correct', slot: 'contactName' }]);
    expect(matcher.match('不满意')).toEqual([{ name: 'feedback', slot: 'negative' }]);
    expect(matcher.match('很满意')).toEqual([{ name: 'feedback', slot: 'positive' }]);
    expect(matcher.slot('correct', '统一社会信用代码')).toBe('creditCode');
  });
});

describe('clarify choices', () => {
  const options = [
    { entryId: 'a', title: '企业设立登记', score: 0.9 },
    { entryId: 'b', title: '营业执照遗失补领、换发', score: 0.8 },
    { entryId: 'c', title: '电子营业执照怎么下载和使用？', score: 0.7 },
  ];
  const aliases: Record<string, string[]> = { a: ['开公司'], b: [], c: ['电子执照'] };
  const pick = (text: string) => pickOption(text, options, (id) => aliases[id] ?? [])?.entryId;

  it.each([
    ['2', 'b'],
    ['第二个', 'b'],
    ['第2个', 'b'],
    ['第二項', 'b'],
    ['选3', 'c'],
    ['最后一个', 'c'],
    ['一', 'a'],
    ['补领', 'b'],
    ['企业设立登记', 'a'],
    ['开公司', 'a'],
    ['电子执照', 'c'],
  ])('%s → %s', (text, id) => {
    expect(pick(text)).toBe(id);
  });

  it.each(['4', '第五个', '营业执照', '不知道', ''])('%s picks nothing', (text) => {
    expect(pick(text)).toBeUndefined();
  });
});
