/**
 * Telling "我们能享受哪些政策" (the policy dialog) from a question about one policy or matter (the
 * engine): the classifier learned from intents/policy-discovery/examples.json and the knowledge
 * base, measured on sentences it was not trained on.
 */
import { join } from 'node:path';
import { loadKnowledgeBase } from '../../src/kb';
import { entryTitle } from '../../src/kb/schema';
import { createDiscoveryClassifier, loadDiscoveryExamples } from '../../src/conversation/policy-request';

const kb = loadKnowledgeBase(join(__dirname, '../../knowledge-base'));
const entries = kb.entries.map((e) => ({ kind: e.kind, title: entryTitle(e), aliases: 'aliases' in e ? e.aliases : [] }));
const examples = loadDiscoveryExamples();
const classifier = createDiscoveryClassifier(examples, entries);

// Held out: none of these is a training example.
const DISCOVERY = [
  '我们能享受哪些政策',
  '有啥补贴',
  '符合哪些惠企政策',
  '咱们公司能申请点啥补助',
  '我们是小微企业，今年有啥补贴可以领吗',
  '能享受什么税收减免',
  '我公司能享受哪些扶持',
  '有没有什么奖励可以拿',
  '我們公司能享受哪些補貼',
  '我们能领什么补贴',
  '作为科技企业我们能申请哪些资金',
  '帮我们查查有什么优惠政策',
];
const OTHER = [
  '我们公司的补贴为什么还没到账',
  '公司搬家了，注册地址要去哪改',
  '营业执照',
  '补贴什么时候发',
  '那办这个有什么条件',
  '食品经营许可证有什么条件',
  '药店开办条件是什么',
  '开个诊所要准备哪些材料',
  '办理建筑施工许可要多久',
  '我要反映噪音扰民',
  '社保卡丢了怎么补',
  '怎么查询工单进度',
];

describe('the policy discovery classifier', () => {
  it('is trained on examples that are not the held-out sentences', () => {
    for (const s of [...DISCOVERY, ...OTHER]) {
      expect(examples.positive).not.toContain(s);
      expect(examples.negative).not.toContain(s);
    }
  });

  it('tells held-out discovery requests from other messages (at least 10 of 12 each)', () => {
    const hits = DISCOVERY.filter((s) => classifier.isDiscovery(s));
    const falseAlarms = OTHER.filter((s) => classifier.isDiscovery(s));
    expect(hits.length).toBeGreaterThanOrEqual(10);
    expect(falseAlarms.length).toBeLessThanOrEqual(2);
  });

  it('never takes a question naming a policy of the knowledge base', () => {
    for (const e of kb.entries)
      if (e.kind === 'policy')
        for (const q of [`${e.title}需要什么材料`, `请问${e.title}我们能享受吗`, `${e.title}有哪些补贴`]) expect(classifier.isDiscovery(q)).toBe(false);
  });
});
