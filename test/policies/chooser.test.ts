/**
 * The policy dialog's question chooser: at most five questions, each the one whose answer settles
 * the most open policies (checked against every other fact by brute force), and ranges that never
 * claim more than a value inside them would; answers read from free text.
 */
import { join } from 'node:path';
import { generatePolicy } from '../../bench/sections/policies';
import { seededRandom } from '../../src/util/random';
import { rangeLabel } from '../../src/conversation/policy-dialog';
import { loadKnowledgeBase } from '../../src/kb';
import { districtNames, loadDistricts } from '../../src/tickets/districts';
import {
  ASKABLE_FACTS,
  assess,
  chooseQuestion,
  evaluate,
  factsOf,
  knowledgeOf,
  MAX_QUESTIONS,
  optionsFor,
  rangesFor,
  readAnswer,
  scoreFact,
  settled,
  withAnswer,
  elapsedYears,
  EnterpriseProfile,
  YEARS_DAY,
  type AskableFact,
  type AssessablePolicy,
  type EligibilityNode,
  type Knowledge,
} from '../../src/policies';

const kb = loadKnowledgeBase(join(__dirname, '../../knowledge-base'));
const policies: AssessablePolicy[] = kb.entries.flatMap((e) => (e.kind === 'policy' ? [{ id: e.id, rules: e.rules }] : []));
const table = loadDistricts(join(__dirname, '../../knowledge-base/districts.json'));
const DISTRICTS = districtNames(table);
const ctx = { districts: table.districts, on: '2026-12-05' };

const item = (id: string, fact: string, op: string, value: unknown) => ({ id, fact, op, value, text: id }) as unknown as EligibilityNode;

/** Runs a whole dialog: answers from a table (a fact without one is skipped). */
function run(all: readonly AssessablePolicy[], answers: Partial<Record<AskableFact, string>>) {
  let k: Knowledge = {};
  const asked: AskableFact[] = [];
  for (;;) {
    const q = chooseQuestion(all, k, { asked, districts: DISTRICTS });
    if (!q) break;
    asked.push(q.fact);
    const a = answers[q.fact] ? readAnswer(q.fact, answers[q.fact]!, ctx) : undefined;
    if (a) k = withAnswer(k, a);
  }
  return { asked, k };
}

describe('choosing questions', () => {
  it('asks no more than five questions, whatever the answers', () => {
    const runs = [
      {},
      { district: '东城区', qualifications: '高新技术企业', industry: '软件', employees: '20–99人', revenue: '800万', establishedYears: '2019年', rdRatio: '5%', taxCredit: 'A级' },
      { district: '其他地区', qualifications: '都没有', industry: '餐饮业', employees: '不到10人', revenue: '90万' },
      { district: '示例区', qualifications: '个体工商户', industry: 'H62', employees: '6人', revenue: '50万元' },
    ];
    for (const answers of runs) {
      const { asked } = run(policies, answers as Partial<Record<AskableFact, string>>);
      expect(asked.length).toBeGreaterThan(0);
      expect(asked.length).toBeLessThanOrEqual(MAX_QUESTIONS);
      expect(new Set(asked).size).toBe(asked.length);
    }
  });

  it('asks each time the fact whose answer settles the most open policies (brute force over every fact)', () => {
    let k: Knowledge = {};
    const asked: AskableFact[] = [];
    const answers: Partial<Record<AskableFact, string>> = { district: '南湖区', qualifications: '科技型中小企业', industry: 'I65', employees: '35人', revenue: '800万' };
    for (let step = 0; step < MAX_QUESTIONS; step++) {
      const q = chooseQuestion(policies, k, { asked, districts: DISTRICTS });
      if (!q) break;
      const now = assess(policies, k);
      const open = policies.filter((_, i) => !settled(now[i]!));
      const openNow = now.filter((a) => !settled(a));
      for (const other of ASKABLE_FACTS) {
        if (asked.includes(other) || k[other] !== undefined) continue;
        const s = scoreFact(other, open, openNow, k, optionsFor(other, open, k, DISTRICTS));
        expect(s.settles).toBeLessThanOrEqual(q.score.settles + 1e-9);
      }
      asked.push(q.fact);
      const a = readAnswer(q.fact, answers[q.fact] ?? '', ctx);
      if (a) k = withAnswer(k, a);
    }
    // Most policies are for enterprises registered in the city: the district comes first.
    expect(asked[0]).toBe('district');
  });

  it('prefers the fact that decides more policies, and stops when nothing is open', () => {
    const rules: AssessablePolicy[] = [
      { id: 'a', rules: { all: [item('a1', 'district', 'in', ['东城区']), item('a2', 'rdRatio', '>=', 3)] } as EligibilityNode },
      { id: 'b', rules: item('b1', 'district', 'in', ['东城区']) },
      { id: 'c', rules: item('c1', 'district', 'in', ['西城区']) },
      { id: 'd', rules: item('d1', 'taxCredit', 'in', ['A']) },
    ];
    const first = chooseQuestion(rules, {}, { asked: [], districts: DISTRICTS })!;
    expect(first.fact).toBe('district');
    expect(first.score.needed).toBe(3);
    // Outside 东城区, policy a is settled too (unmet): only taxCredit is left to ask.
    const k = withAnswer({}, { fact: 'district', value: '西城区' });
    expect(chooseQuestion(rules, k, { asked: ['district'], districts: DISTRICTS })!.fact).toBe('taxCredit');
    const done = withAnswer(k, { fact: 'taxCredit', value: 'B' });
    expect(chooseQuestion(rules, done, { asked: ['district', 'taxCredit'], districts: DISTRICTS })).toBeUndefined();
  });

  it('asks nothing an enterprise from the registry has already told', () => {
    const profile = EnterpriseProfile.parse({ district: '东城区', industry: 'C3412', employees: 320, revenue: 2600, assets: 9000, establishedOn: '2012-01-01', qualifications: ['高新技术企业'], rdRatio: 3.2, taxCredit: 'A' });
    const q = chooseQuestion(policies, knowledgeOf(profile, '2026-12-05'), { asked: [], districts: DISTRICTS });
    expect(q === undefined || !['district', 'industry', 'employees', 'revenue', 'qualifications', 'rdRatio', 'taxCredit', 'establishedYears', 'assets'].includes(q.fact)).toBe(true);
  });
});

describe('ranges', () => {
  it('decide an item only where every value inside agrees', () => {
    const p: AssessablePolicy = { id: 'p', rules: item('e', 'employees', '<=', 30) };
    const at = (min: number, max?: number) => assess([p], { employees: max === undefined ? { min } : { min, max } })[0]!.verdict;
    expect(at(20, 29)).toBe('eligible');
    expect(at(20, 30)).toBe('eligible');
    expect(at(20, 31)).toBe('unknown');
    expect(at(31)).toBe('ineligible');
  });

  it('agree with evaluating the exact profile when the numbers are exact', () => {
    const profile = EnterpriseProfile.parse({ district: '南湖区', industry: 'I6510', employees: 35, revenue: 800, establishedOn: '2021-03-01', qualifications: ['科技型中小企业'], rdRatio: 6, taxCredit: 'B' });
    const facts = factsOf(profile, '2026-12-05');
    const assessed = assess(policies, knowledgeOf(profile, '2026-12-05'));
    policies.forEach((p, i) => expect(assessed[i]!.verdict).toBe(evaluate(p.rules!, facts).verdict));
  });

  it('decide a size only when the lowest and the highest values give the same', () => {
    const p: AssessablePolicy = { id: 'p', rules: item('s', 'size', 'in', ['小型', '微型']) };
    const at = (employees: { min: number; max?: number }, revenue?: { min: number; max?: number }) =>
      assess([p], { industry: 'C', employees, ...(revenue ? { revenue } : {}) })[0]!.verdict;
    expect(at({ min: 0, max: 19 })).toBe('eligible'); // one indicator below 小型's bound: 微型
    expect(at({ min: 20, max: 299 }, { min: 300, max: 1999 })).toBe('eligible'); // 小型 throughout
    expect(at({ min: 20, max: 299 })).toBe('unknown'); // revenue unknown
    expect(at({ min: 1000 }, { min: 40000 })).toBe('ineligible'); // 大型
    expect(at({ min: 200, max: 400 }, { min: 3000, max: 3000 })).toBe('unknown'); // 小型 or 中型
  });

  it('leave a rule on a finer industry code open when only the section is known', () => {
    const p: AssessablePolicy = { id: 'p', rules: item('i', 'industry', 'prefix', ['H61', 'H62']) };
    expect(assess([p], { industry: 'H' })[0]!.verdict).toBe('unknown');
    expect(assess([p], { industry: 'H62' })[0]!.verdict).toBe('eligible');
    expect(assess([p], { industry: 'C' })[0]!.verdict).toBe('ineligible');
  });
});

describe('reading answers', () => {
  const read = (fact: AskableFact, text: string) => readAnswer(fact, text, ctx)?.value;
  it.each([
    ['employees', '大概50人', { min: 50, max: 50 }],
    ['employees', '20–99人', { min: 20, max: 99 }],
    ['employees', '不到10人', { min: 0, max: 9 }],
    ['employees', '1000人及以上', { min: 1000 }],
    ['revenue', '1.2亿', { min: 12000, max: 12000 }],
    ['revenue', '100–500万元', { min: 100, max: 499.99 }],
    ['revenue', '500万元及以上', { min: 500 }],
    ['rdRatio', '4.5%', { min: 4.5, max: 4.5 }],
    // Years are exact (src/policies/elapsed.ts), counted to 2026-12-05; a day is 1/372 at the finest.
    ['establishedYears', '成立3年了', { min: 3, max: 4 - YEARS_DAY }],
    ['establishedYears', '2019年成立', { min: elapsedYears('2019-12-31', ctx.on), max: elapsedYears('2019-01-01', ctx.on) }],
    ['establishedYears', '2019年5月', { min: elapsedYears('2019-05-31', ctx.on), max: elapsedYears('2019-05-01', ctx.on) }],
    ['establishedYears', '2020年3月15日', { min: (80 + 20 / 30) / 12, max: (80 + 20 / 30) / 12 }],
    ['establishedYears', '3–5年', { min: 3, max: 5 - YEARS_DAY }],
    ['establishedYears', '不到3年', { min: 0, max: 3 - YEARS_DAY }],
    ['establishedYears', '不满1年', { min: 0, max: 1 - YEARS_DAY }],
    ['establishedYears', '3年及以上', { min: 3 }],
    ['establishedYears', '超过3年', { min: 3 + YEARS_DAY }],
    ['establishedYears', '不超过3年', { min: 0, max: 3 }],
    ['establishedYears', '满1.5年、不超过3年', { min: 1.5, max: 3 }],
    ['establishedYears', '超过1年、不满3年', { min: 1 + YEARS_DAY, max: 3 - YEARS_DAY }],
    ['district', '我们在东城', '东城区'],
    ['district', '在外地', '其他地区'],
    ['industry', '做软件开发的', 'I65'],
    ['industry', '餐饮业', 'H62'],
    ['industry', 'c3911', 'C3911'],
    ['qualifications', '高企和专精特新', ['专精特新中小企业', '高新技术企业']],
    ['qualifications', '没有', []],
    ['taxCredit', 'B级', 'B'],
  ] as const)('%s: "%s"', (fact, text, value) => {
    const got = read(fact, text);
    if (Array.isArray(value)) expect([...(got as string[])].sort()).toEqual([...value].sort());
    else expect(got).toEqual(value);
  });

  it.each([
    ['employees', '不清楚'],
    ['district', '火星'],
    ['taxCredit', '挺好的'],
    ['revenue', '-'],
  ] as const)('%s: "%s" is no answer', (fact, text) => {
    expect(read(fact, text)).toBeUndefined();
  });
});

describe('years established on the buttons', () => {
  // 超过3年 and 不超过5年 split a day past their bound, 满18个月 and 不足6个月 at it: every button
  // reads back as the range it stands for, and 3 years to the day falls on 不超过3年's side.
  const rules = [
    item('over3', 'establishedYears', '>', 3),
    item('upto5', 'establishedYears', '<=', 5),
    item('18m', 'establishedYears', '>=', 1.5),
    item('new', 'establishedYears', '<', 0.5),
  ];
  const turn = { state: { script: 'simplified' } } as unknown as Parameters<typeof rangeLabel>[0];

  it('offers readable ranges that read back as themselves', () => {
    const ranges = rangesFor('establishedYears', rules, {});
    const labels = ranges.map((r) => rangeLabel(turn, 'establishedYears', r));
    expect(labels).toEqual(['不到0.5年', '0.5–1.5年', '满1.5年、不超过3年', '超过3年、不超过5年', '超过5年']);
    for (const [i, label] of labels.entries()) expect(readAnswer('establishedYears', label, ctx)?.value).toEqual(ranges[i]);
  });

  it('decides 超过3年 from the buttons, and leaves 3 years to the day on the 不超过 side', () => {
    const policy = { id: 'p', rules: rules[0]! };
    const ranges = rangesFor('establishedYears', [policy.rules], {});
    expect(ranges).toEqual([{ min: 0, max: 3 }, { min: 3 + YEARS_DAY }]);
    expect(ranges.map((r) => assess([policy], { establishedYears: r })[0]!.verdict)).toEqual(['ineligible', 'eligible']);
  });
});

describe('many policies: a sample weighs the answers', () => {
  // Above MAX_WEIGHED policies a fact could change, an evenly spaced sample stands for them. The
  // choice must stay nearly as good as weighing every policy: what it settles, weighed exactly.
  const rand = seededRandom(20261204);
  const many = Array.from({ length: 900 }, (_, i) => generatePolicy(rand, i));
  const districts = ['石岐街道', '东区街道', '西区街道', '南区街道', '火炬开发区', '小榄镇', '古镇镇', '坦洲镇'];

  it('chooses a question settling within 5 % of the best, and usually the best itself', () => {
    const answers = seededRandom(7);
    let turns = 0;
    let same = 0;
    for (let d = 0; d < 3; d++) {
      let k: Knowledge = {};
      const asked: AskableFact[] = [];
      for (;;) {
        const sampled = chooseQuestion(many, k, { asked, districts });
        const exact = chooseQuestion(many, k, { asked, districts, maxWeighed: Infinity });
        expect(sampled === undefined).toBe(exact === undefined);
        if (!sampled || !exact) break;
        turns++;
        if (sampled.fact === exact.fact) same++;
        else {
          const now = assess(many, k);
          const openIdx = now.flatMap((a, i) => (settled(a) ? [] : [i]));
          const open = openIdx.map((i) => many[i]!);
          const weighedExactly = scoreFact(sampled.fact, open, openIdx.map((i) => now[i]!), k, optionsFor(sampled.fact, open, k, districts), Infinity);
          expect(weighedExactly.settles).toBeGreaterThanOrEqual(0.95 * exact.score.settles);
        }
        asked.push(exact.fact);
        if (answers() >= 0.2) k = withAnswer(k, exact.options[Math.floor(answers() * exact.options.length)]!);
      }
    }
    expect(turns).toBeGreaterThanOrEqual(9);
    expect(same / turns).toBeGreaterThanOrEqual(0.6);
  });
});
