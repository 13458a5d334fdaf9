/** Condition extraction from 申报条件 text: patterns per fact, numbers and units, and the dev-set figure. */
import { f1, loadDevSet, score } from '../../bench/lib/extract-score';
import { Eligibility, extractConditions, parseNumber } from '../../src/policies';

const pick = (text: string) => extractConditions(text).map(({ fact, op, value }) => ({ fact, op, value }));

describe('condition extraction', () => {
  it('reads Arabic, full-width and Chinese numbers, and converts 亿元 to 万元', () => {
    expect([parseNumber('1500'), parseNumber('3.5'), parseNumber('十'), parseNumber('五十'), parseNumber('一百五十'), parseNumber('两千')]).toEqual([
      1500, 3.5, 10, 50, 150, 2000,
    ]);
    expect(pick('上年度主营业务收入１５００万元以上')).toEqual([{ fact: 'revenue', op: '>=', value: 1500 }]);
    expect(pick('年营业收入不低于一亿元')).toEqual([{ fact: 'revenue', op: '>=', value: 10000 }]);
    expect(pick('注册资本1.5亿元以上')).toEqual([{ fact: 'registeredCapital', op: '>=', value: 15000 }]);
    expect(pick('员工不超过三十人')).toEqual([{ fact: 'employees', op: '<=', value: 30 }]);
    expect(pick('成立满两年')).toEqual([{ fact: 'establishedYears', op: '>=', value: 2 }]);
  });

  it('maps the wording of comparisons: 以上/以下/以内 include the bound, 超过/低于/不足 do not', () => {
    expect(pick('营业收入超过1亿元')).toEqual([{ fact: 'revenue', op: '>', value: 10000 }]);
    expect(pick('营业收入低于100万元')).toEqual([{ fact: 'revenue', op: '<', value: 100 }]);
    expect(pick('职工人数不足10人')).toEqual([{ fact: 'employees', op: '<', value: 10 }]);
    expect(pick('登记注册时间在1年以内')).toEqual([{ fact: 'establishedYears', op: '<=', value: 1 }]);
    expect(pick('营业收入在5000万元至10亿元之间')).toEqual([
      { fact: 'revenue', op: '>=', value: 5000 },
      { fact: 'revenue', op: '<=', value: 100000 },
    ]);
  });

  it('finds districts, qualifications, sizes, credit grades and industries, and keeps the fragment', () => {
    const items = extractConditions('1. 在东城区、高新区注册登记的高新技术企业；2. 纳税信用等级B级及以上的中小微企业；3. 研发费用占营业收入比例不低于3%。');
    expect(items).toEqual([
      { fact: 'district', op: 'in', value: ['东城区', '示例高新技术产业开发区'], text: '在东城区、高新区注册登记的高新技术企业' },
      { fact: 'qualifications', op: 'includes', value: '高新技术企业', text: '在东城区、高新区注册登记的高新技术企业' },
      { fact: 'taxCredit', op: 'in', value: ['A', 'B'], text: '纳税信用等级B级及以上的中小微企业' },
      { fact: 'size', op: 'in', value: ['中型', '小型', '微型'], text: '纳税信用等级B级及以上的中小微企业' },
      { fact: 'rdRatio', op: '>=', value: 3, text: '研发费用占营业收入比例不低于3%' },
    ]);
    expect(pick('专精特新“小巨人”企业')).toEqual([{ fact: 'qualifications', op: 'includes', value: '专精特新"小巨人"企业' }]);
    expect(pick('制造业或软件和信息技术服务业企业')).toEqual([{ fact: 'industry', op: 'prefix', value: ['C', 'I65'] }]);
    // A district in a given list of districts, and nothing for the city alone.
    expect(pick('在临江县注册')).toEqual([{ fact: 'district', op: 'in', value: ['临江县'] }]);
    expect(extractConditions('在本市依法注册、具有独立法人资格的企业', { districts: [{ name: '临江县' }] })).toEqual([]);
  });

  it('does not turn exclusions or alternatives into requirements', () => {
    expect(pick('已认定为高新技术企业的，不再享受本项补助。')).toEqual([]);
    expect(pick('企业为大型企业的，不予支持。')).toEqual([{ fact: 'size', op: 'notIn', value: ['大型'] }]);
    expect(pick('示例市登记注册的小型微利企业或个体工商户')).toEqual([]);
    expect(pick('签订1年以上劳动合同')).toEqual([]);
    expect(pick('营业收入增长率不低于15%')).toEqual([]);
  });

  it('reads the usual synonyms and wordings of each fact', () => {
    // Revenue under its other names, and R&D spending by its statistical name.
    expect(pick('年销售额不低于800万元')).toEqual([{ fact: 'revenue', op: '>=', value: 800 }]);
    expect(pick('上年度营收达到2亿元')).toEqual([{ fact: 'revenue', op: '>=', value: 20000 }]);
    expect(pick('R&D经费投入占主营业务收入比重达2%以上')).toEqual([{ fact: 'rdRatio', op: '>=', value: 2 }]);
    // Comparatives: 突破 is strictly above, 至少 includes the bound, 不到 / 未达到 are below it.
    expect(pick('营业收入首次突破5000万元')).toEqual([{ fact: 'revenue', op: '>', value: 5000 }]);
    expect(pick('职工至少30人')).toEqual([{ fact: 'employees', op: '>=', value: 30 }]);
    expect(pick('营业收入不到300万元')).toEqual([{ fact: 'revenue', op: '<', value: 300 }]);
    expect(pick('营业收入未达到300万元')).toEqual([{ fact: 'revenue', op: '<', value: 300 }]);
    expect(pick('资产总额1亿元以上(含)')).toEqual([{ fact: 'assets', op: '>=', value: 10000 }]);
    // Months are read as years.
    expect(pick('成立满30个月')).toEqual([{ fact: 'establishedYears', op: '>=', value: 2.5 }]);
    expect(pick('注册时间不足6个月')).toEqual([{ fact: 'establishedYears', op: '<', value: 0.5 }]);
  });

  it('reads lists of grades, sizes and industries that share one noun', () => {
    expect(pick('纳税信用评级结果为A级或者B级')).toEqual([{ fact: 'taxCredit', op: 'in', value: ['A', 'B'] }]);
    expect(pick('纳税信用级别A级、B级、M级')).toEqual([{ fact: 'taxCredit', op: 'in', value: ['A', 'B', 'M'] }]);
    expect(pick('中型、小型企业')).toEqual([{ fact: 'size', op: 'in', value: ['中型', '小型'] }]);
    expect(pick('中、小、微型企业')).toEqual([{ fact: 'size', op: 'in', value: ['中型', '小型', '微型'] }]);
    expect(pick('属于批发业、零售业的企业')).toEqual([{ fact: 'industry', op: 'prefix', value: ['F51', 'F52'] }]);
  });

  it('turns what a sentence excludes into the opposite condition, and skips preferences', () => {
    expect(pick('纳税信用等级为M级、D级的，不得申报。')).toEqual([{ fact: 'taxCredit', op: 'notIn', value: ['M', 'D'] }]);
    expect(pick('从业人员超过300人的企业除外。')).toEqual([{ fact: 'employees', op: '<=', value: 300 }]);
    expect(pick('成立不满1年的企业不予支持。')).toEqual([{ fact: 'establishedYears', op: '>=', value: 1 }]);
    expect(pick('中型企业不在支持范围。')).toEqual([{ fact: 'size', op: 'notIn', value: ['中型'] }]);
    expect(pick('申报企业须为制造业企业，营业收入超过1亿元的优先。')).toEqual([{ fact: 'industry', op: 'prefix', value: ['C'] }]);
  });

  it('suggests only items that the eligibility schema accepts', () => {
    for (const c of loadDevSet()) {
      extractConditions(c.text).forEach((item, i) => expect(() => Eligibility.parse({ id: `i${i}`, ...item })).not.toThrow());
    }
  });

  it('keeps its F1 on the dev set (npm run eval:extract)', () => {
    const all = score(loadDevSet());
    // Measured 0.970 over the 143 clauses (blind2 0.909, run once; held-out 0.989; tune and blind 1.000): a regression fails.
    expect(f1(all.overall)).toBeGreaterThanOrEqual(0.95);
  });
});
