import { createEngine } from '../../src/engine';
import { buildFamilies } from '../../src/engine/families';
import { KbIndex } from '../../src/engine/kb-index';
import { retrieval } from '../../src/engine/decision-features';
import { normalise } from '../../src/engine/text';
import { Entry, type KnowledgeBase } from '../../src/kb/schema';

const faq = (id: string, question: string, answer: string) => Entry.parse({ kind: 'faq', id, question, answer });
const item = (id: string, name: string) => Entry.parse({ kind: 'item', id, name, department: '市人社局', materials: [{ name: '申请表' }] });

// FAQ siblings: the same subject, different asks. Filler entries give the characters their rarity.
const entries = [
  faq('card-add', '如何添加住房公积金用卡提取收款卡？', '登录个人网上业务系统，在用卡提取页面添加收款卡。'),
  faq('card-remove', '如何删除住房公积金用卡提取收款卡？', '在用卡提取页面选择收款卡后点击删除。'),
  faq('expert-terms', '2021年度北京市评标专家增选申报条件？', '具有高级职称，从事相关专业工作满八年。'),
  faq('expert-people', '2021年度北京市评标专家增选人员范围有哪些？', '本市各类单位的专业技术人员均可申报。'),
  faq('haze', '雾霾天气如何防护？', '减少外出，佩戴口罩。'),
  faq('flood', '遇到洪水怎么办？', '迅速向高处转移。'),
  item('permit-new', '人力资源服务许可（新办）'),
  item('permit-change', '人力资源服务许可（变更）'),
];
const kb: KnowledgeBase = { manifest: { name: 'siblings', sample: true }, entries, synonyms: [] };

describe('FAQ siblings', () => {
  const index = new KbIndex(kb);
  const families = buildFamilies(entries);
  const first = (question: string) => index.entries[retrieval(index, families, normalise(question).text).folded[0]!.entry]!.id;

  it('puts first the sibling whose own characters the question holds', () => {
    expect(first('公积金提取绑的收款卡不想用了，怎么删掉')).toBe('card-remove');
    expect(first('评标专家增选哪些人能报')).toBe('expert-people');
  });

  it('leaves the leader when the question holds what sets it apart', () => {
    expect(first('公积金提取收款卡怎么添加')).toBe('card-add');
    expect(first('评标专家增选要什么条件')).toBe('expert-terms');
  });

  it('keeps the scores in order, the leader with the best', () => {
    const { folded, scored } = retrieval(index, families, normalise('收款卡不想用了，怎么删掉').text);
    for (const list of [folded, scored]) for (let i = 1; i < list.length; i++) expect(list[i]!.score).toBeLessThanOrEqual(list[i - 1]!.score);
  });

  it('answers with the sibling through the engine', () => {
    const engine = createEngine(kb);
    expect(engine.ask('评标专家增选哪些人能报').candidates[0]?.entryId).toBe('expert-people');
  });
});
