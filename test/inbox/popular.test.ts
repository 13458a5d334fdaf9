/**
 * The popular questions of the chat's welcome screen, from use: the entries answered most often,
 * each in the wording users asked it in most; an editor's 热门 FAQ first; masked questions, wordings
 * too short or too long for a button, and entries voted down more than up are left out. Real
 * records (toRecord) over the sample knowledge base.
 */
import { join } from 'node:path';
import { hashSessionId, toRecord } from '../../src/conversation/records';
import { loadKnowledgeBase } from '../../src/kb';
import { popularQuestions, POPULAR_TAG } from '../../src/inbox';

const kb = loadKnowledgeBase(join(__dirname, '../../knowledge-base'));
let n = 0;
const at = '2026-12-01T02:00:00.000Z';
const sessionId = hashSessionId('session-popular-0001');
const answer = (entryId: string, question: string) => {
  const turnId = `turn-${++n}`;
  return toRecord({ kind: 'answer', at, sessionId, channel: 'web', entryId, question, turnId });
};
const vote = (turnId: string, helpful: boolean) =>
  toRecord({ kind: 'feedback', at, sessionId, channel: 'web', turnId, feedback: { helpful, via: 'button' } });
const times = (k: number, make: () => ReturnType<typeof answer>) => Array.from({ length: k }, make);

describe('popularQuestions', () => {
  it('ranks entries by how often they were answered, each in its most asked wording', () => {
    const records = [
      ...times(2, () => answer('item-trademark-registration', '商标怎么注册')),
      ...times(3, () => answer('item-drug-retail', '开药店要什么材料')),
      answer('item-drug-retail', '药店许可证怎么办'),
      answer('item-patent-application', '专利申请要多久'),
    ];
    expect(popularQuestions(kb, records)).toEqual([
      { text: '开药店要什么材料', entryId: 'item-drug-retail' },
      { text: '商标怎么注册', entryId: 'item-trademark-registration' },
      { text: '专利申请要多久', entryId: 'item-patent-application' },
    ]);
  });

  it('leaves out questions masked when recorded (a phone), wordings that do not fit a button, unknown entries and entries voted down', () => {
    const downvoted = times(4, () => answer('item-patent-application', '专利申请要多久'));
    const records = [
      answer('item-drug-retail', '材料'),
      answer('item-drug-retail', '电话13800135678，开药店要什么材料'),
      answer('item-drug-retail', '开药店需要准备哪些材料呢，我们是连锁企业的一家分店，想在社区里开，需要多久'),
      answer('item-no-such-entry', '这条不在知识库里'),
      ...downvoted,
      vote(downvoted[0]!.turnId!, false),
      vote(downvoted[1]!.turnId!, false),
      vote(downvoted[2]!.turnId!, true),
      answer('item-trademark-registration', '商标怎么注册'),
    ];
    expect(popularQuestions(kb, records)).toEqual([{ text: '商标怎么注册', entryId: 'item-trademark-registration' }]);
  });

  it("puts an editor's 热门 FAQ first, and keeps to the maximum", () => {
    const faq = kb.entries.find((e) => e.kind === 'faq')!;
    const tagged = { ...kb, entries: kb.entries.map((e) => (e === faq ? { ...e, tags: [...e.tags, POPULAR_TAG] } : e)) };
    const records = [...times(2, () => answer('item-drug-retail', '开药店要什么材料')), answer(faq.id, '这个问题也被问过')];
    const got = popularQuestions(tagged, records, 2);
    expect(got).toEqual([
      { text: faq.kind === 'faq' ? faq.question : '', entryId: faq.id },
      { text: '开药店要什么材料', entryId: 'item-drug-retail' },
    ]);
    expect(popularQuestions(tagged, records, 1)).toHaveLength(1);
  });
});
