/**
 * Verdicts and explanations on a hand-written fixture set: 47 policies × 84 profiles
 * (test/policies/fixtures/). expected.jsonl is produced by an independent oracle
 * (fixtures/oracle.py, written from issue 13's rules and the 2017 size classification, not from
 * this code): `python3 test/policies/fixtures/oracle.py > test/policies/fixtures/expected.jsonl`.
 * Every pair must agree exactly; below, pairs checked by hand with the reasoning written out.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Eligibility, EnterpriseProfile, FACTS, itemsOf, matchPolicies, OPERATORS, type EligibilityNode, type MatchablePolicy } from '../../src/policies';

const ON = '2026-12-04';
const dir = path.join(__dirname, 'fixtures');
const readJsonl = (file: string): Record<string, unknown>[] =>
  readFileSync(path.join(dir, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Record<string, unknown>);

interface Expected {
  id: string;
  size: string | null;
  results: {
    policyId: string;
    verdict: string;
    met: string[];
    unmet: string[];
    unknown: string[];
  }[];
}

const rawPolicies = readJsonl('policies.jsonl');
const policies: MatchablePolicy[] = rawPolicies.map((p) => ({
  id: p.id as string,
  title: p.title as string,
  rules: Eligibility.parse(p.eligibility),
}));
const rawProfiles = readJsonl('profiles.jsonl');
const profiles = new Map(rawProfiles.map((p) => [p.id as string, EnterpriseProfile.parse(p)]));
const expected = readJsonl('expected.jsonl') as unknown as Expected[];

const report = (profileId: string) => {
  const profile = profiles.get(profileId);
  if (!profile) throw new Error(`no profile ${profileId}`);
  const r = matchPolicies(profile, policies, ON);
  return {
    size: r.size,
    results: r.results.map(({ policyId, verdict, met, unmet, unknown }) => ({
      policyId,
      verdict,
      met,
      unmet,
      unknown,
    })),
  };
};
const pair = (profileId: string, policyId: string) => {
  const { results } = report(profileId);
  const { verdict, met, unmet, unknown } = results.find((r) => r.policyId === policyId)!;
  return { verdict, met, unmet, unknown };
};

describe('policy fixtures against the oracle', () => {
  it('has at least 40 policies and 60 profiles, using every fact and operator, nested any/not and manual items', () => {
    expect(policies.length).toBeGreaterThanOrEqual(40);
    expect(profiles.size).toBeGreaterThanOrEqual(60);
    expect(expected.map((e) => e.id)).toEqual(rawProfiles.map((p) => p.id));
    const items = policies.flatMap((p) => itemsOf(p.rules!));
    const conditions = items.filter((i) => 'fact' in i);
    expect(new Set(conditions.map((i) => i.fact))).toEqual(new Set(Object.keys(FACTS)));
    expect(new Set(conditions.map((i) => i.op))).toEqual(new Set(OPERATORS));
    expect(items.some((i) => 'check' in i)).toBe(true);
    const shapes = (n: EligibilityNode): string[] =>
      'all' in n
        ? ['all', ...n.all.flatMap(shapes)]
        : 'any' in n
          ? ['any', ...n.any.flatMap(shapes)]
          : 'not' in n
            ? ['not', ...shapes(n.not).map((s) => `not>${s}`)]
            : [];
    const seen = new Set(policies.flatMap((p) => shapes(p.rules!)));
    for (const shape of ['all', 'any', 'not', 'not>any', 'not>not']) expect(seen).toContain(shape);
  });

  it.each(expected.map((e) => [e.id, e] as const))('%s: size, verdicts, explanations and order exactly as the oracle', (id, want) => {
    expect(report(id)).toEqual({ size: want.size, results: want.results });
  });
});

describe('sizes checked by hand (统计上大中小微型企业划分办法 2017, at and one below each bound)', () => {
  it.each([
    // 工业 X 1000/300/20, Y 40000/2000/300: every indicator must reach a size's bound.
    ['p-ind-large', '大型'], // 1000 people, 40000 万元: both at 大型's bound
    ['p-ind-mid-x', '中型'], // 999 people: one short of 大型
    ['p-ind-mid-y', '中型'], // 39999 万元: one short of 大型
    ['p-ind-mid-floor', '中型'], // 300 and 2000: exactly 中型's bounds
    ['p-ind-small-x', '小型'], // 299 people
    ['p-ind-small-y', '小型'], // 1999 万元
    ['p-ind-small-floor', '小型'], // 20 and 300: exactly 小型's bounds
    ['p-ind-micro-x', '微型'], // 19 people
    ['p-ind-micro-y', '微型'], // 299 万元
    ['p-ind-many-staff', '小型'], // 5000 people but 350 万元: revenue only reaches 小型
    ['p-mining-micro', '微型'], // 采矿 is 工业: 19 people is below 小型 whatever the missing revenue
    ['p-power-unknown', null], // 500 people, revenue missing: 中型 or 小型 or 微型
    // 批发 X 200/20/5, Y 40000/5000/1000
    ['p-wholesale-large', '大型'],
    ['p-wholesale-mid', '中型'],
    ['p-wholesale-small', '小型'], // 4999 万元
    ['p-wholesale-small-floor', '小型'],
    ['p-wholesale-micro', '微型'], // 4 people
    // 零售 X 300/50/10, Y 20000/500/100
    ['p-retail-mid', '中型'],
    ['p-retail-small', '小型'], // 49 people
    ['p-retail-small-floor', '小型'],
    ['p-retail-micro', '微型'], // 99 万元
    ['p-retail-solo', '微型'], // no employees
    // 软件和信息技术服务 X 300/100/10, Y 10000/1000/50
    ['p-soft-large', '大型'],
    ['p-soft-mid', '中型'],
    ['p-soft-small', '小型'], // 999 万元
    ['p-soft-small-floor', '小型'],
    ['p-soft-micro', '微型'], // 9 people
    ['p-soft-unknown', null], // 50 people, no revenue
    // 住宿 / 餐饮 X 300/100/10, Y 10000/2000/100
    ['p-catering-mid', '中型'],
    ['p-catering-small', '小型'], // 99 people
    ['p-hotel-small', '小型'],
    ['p-hotel-micro', '微型'], // 99 万元
    // 建筑 Y 80000/6000/300, Z 80000/5000/300 (no employee indicator)
    ['p-build-mid', '中型'],
    ['p-build-small', '小型'], // assets 4999
    ['p-build-small-floor', '小型'],
    ['p-build-micro', '微型'], // assets 299
    ['p-build-unknown', null], // revenue 80000, assets missing
    ['p-build-micro-partial', '微型'], // assets 200 < 300, revenue missing
    // 交通运输 X 1000/300/20, Y 30000/3000/200
    ['p-transport-large', '大型'],
    ['p-transport-small', '小型'], // 2999 万元
    ['p-transport-small-floor', '小型'],
    ['p-transport-micro', '微型'],
    // 租赁和商务服务 X 300/100/10, Z 120000/8000/100
    ['p-lease-mid', '中型'],
    ['p-lease-small', '小型'], // assets 7999
    ['p-lease-small-floor', '小型'],
    ['p-lease-micro', '微型'], // assets 99
    // 其他未列明 (科技推广 M7320, 家庭服务 O8010, 广播电视 R8710): X 300/100/10 only
    ['p-other-large', '大型'],
    ['p-other-mid', '中型'],
    ['p-other-small', '小型'],
    ['p-other-small-floor', '小型'],
    ['p-other-micro', '微型'],
    ['p-housekeeping', '小型'],
    ['p-culture', '小型'],
    // 农林牧渔 Y 20000/500/50
    ['p-agri-mid', '中型'],
    ['p-agri-small', '小型'],
    ['p-agri-micro', '微型'],
    ['p-traditional-county', '中型'], // 800 万元
    // 房地产开发经营 Y 200000/1000/100, Z 10000/5000/2000; 物业管理 X 1000/300/100, Y 5000/1000/500
    ['p-realty-mid', '中型'],
    ['p-realty-small', '小型'], // assets 4999
    ['p-property-small', '小型'],
    ['p-property-micro', '微型'], // 99 people < 100
    // 仓储 X 200/100/20, Y 30000/1000/100; 信息传输 X 2000/100/10, Y 100000/1000/100
    ['p-warehouse-mid', '中型'],
    ['p-warehouse-small', '小型'],
    ['p-telecom-mid', '中型'],
    ['p-telecom-large', '大型'],
    // No industry, or a section letter that does not tell 批发 from 零售 (100 people, 600 万元: 批发 微型, 零售 中型)
    ['p-empty', null],
    ['p-no-industry', null],
    ['p-section-only', null],
    ['p-section-c', '小型'], // C alone is 工业
    ['p-lowercase-code', '小型'], // c3914 is C3914
  ] as const)('%s is %s', (id, size) => {
    expect(report(id).size).toBe(size);
  });
});

describe('pairs checked by hand', () => {
  it('高企奖励 for a large 高企 in 东城区 with credit A: all checkable items met, the safety record left to check', () => {
    // reg: 东城区 is in the city list → met. hte: has 高新技术企业 → met. credit-cd sits under `not`:
    // A is not in [C, D], so the exclusion does not apply → met. safety: manual → unknown. all → unknown.
    expect(pair('p-ind-large', 'fx-hightech-award')).toEqual({
      verdict: 'unknown',
      met: ['reg', 'hte', 'credit-cd'],
      unmet: [],
      unknown: ['safety'],
    });
  });

  it('高企奖励 for a credit-C enterprise without the qualification: ineligible, and the exclusion shows as unmet', () => {
    // hte: only 科技型中小企业 → unmet. credit-cd: C is in [C, D] → the condition holds, under `not` → unmet.
    expect(pair('p-ind-micro-x', 'fx-hightech-award')).toEqual({
      verdict: 'ineligible',
      met: ['reg'],
      unmet: ['hte', 'credit-cd'],
      unknown: ['safety'],
    });
  });

  it('高企奖励 for a district written in traditional characters: 東城區 is 东城区', () => {
    expect(pair('p-traditional', 'fx-hightech-award')).toEqual({
      verdict: 'unknown',
      met: ['reg', 'hte', 'credit-cd'],
      unmet: [],
      unknown: ['safety'],
    });
  });

  it('总部企业 for 999 people: 中型, so not 大型; revenue far short; the district fits', () => {
    expect(pair('p-ind-mid-x', 'fx-hq-enterprise')).toEqual({
      verdict: 'ineligible',
      met: ['core-district'],
      unmet: ['large', 'revenue'],
      unknown: [],
    });
  });

  it('总部企业 for a 大型 manufacturer with 4亿 revenue: 大型 but short of 10亿', () => {
    expect(pair('p-ind-large', 'fx-hq-enterprise')).toEqual({
      verdict: 'ineligible',
      met: ['large', 'core-district'],
      unmet: ['revenue'],
      unknown: [],
    });
  });

  it('总部企业 for a telecom operator at exactly 2000 people and 10亿: 大型 (信息传输业 bounds), revenue at the bound, 东城区', () => {
    expect(pair('p-telecom-large', 'fx-hq-enterprise')).toEqual({
      verdict: 'eligible',
      met: ['large', 'revenue', 'core-district'],
      unmet: [],
      unknown: [],
    });
  });

  it('小巨人研发加码 at rdRatio exactly 3: "超过3%" (>) is not met', () => {
    expect(pair('p-ind-mid-x', 'fx-little-giant-bonus')).toEqual({
      verdict: 'ineligible',
      met: ['giant', 'revenue'],
      unmet: ['rd-ratio'],
      unknown: [],
    });
  });

  it('专精特新奖励 for a 小型 provincial 专精特新: the any is met by the provincial title', () => {
    // 299 people → 小型 → sme met; giant unmet, provincial met → any met; clean manual → unknown.
    expect(pair('p-ind-small-x', 'fx-specialized-award')).toEqual({
      verdict: 'unknown',
      met: ['reg', 'sme', 'provincial'],
      unmet: ['giant'],
      unknown: ['clean'],
    });
  });

  it('专精特新奖励 for a 大型 enterprise: not a 中小企业, and neither title', () => {
    expect(pair('p-ind-large', 'fx-specialized-award')).toEqual({
      verdict: 'ineligible',
      met: ['reg'],
      unmet: ['sme', 'giant', 'provincial'],
      unknown: ['clean'],
    });
  });

  it('首次升规 one 万元 short of 2000 is unmet, however 规上 the list says it is', () => {
    expect(pair('p-ind-small-y', 'fx-first-above-scale')).toEqual({
      verdict: 'ineligible',
      met: ['industrial', 'above-scale'],
      unmet: ['revenue'],
      unknown: ['first-time'],
    });
  });

  it('首次升规 at exactly 2000 万元: met; only "first time" is left to check', () => {
    expect(pair('p-ind-mid-floor', 'fx-first-above-scale')).toEqual({
      verdict: 'unknown',
      met: ['industrial', 'revenue', 'above-scale'],
      unmet: [],
      unknown: ['first-time'],
    });
  });

  it('首次升规 for a power company (D is 工业) with no revenue given: revenue unknown', () => {
    expect(pair('p-power-unknown', 'fx-first-above-scale')).toEqual({
      verdict: 'unknown',
      met: ['industrial', 'above-scale'],
      unmet: [],
      unknown: ['revenue', 'first-time'],
    });
  });

  it('稳岗返还 for 20 people: the ≤30 branch is open (layoff rate to check), the >30 branch is unmet; every item is reported', () => {
    // any[ all[small-unit met, layoff-20 unknown] = unknown, all[big-unit unmet, layoff-5 unknown] = unmet ] = unknown.
    // dishonest is manual under `not`: unknown either way.
    expect(pair('p-ind-small-floor', 'fx-job-retention')).toEqual({
      verdict: 'unknown',
      met: ['small-unit'],
      unmet: ['big-unit'],
      unknown: ['insured', 'layoff-20', 'layoff-5', 'dishonest'],
    });
  });

  it('稳岗返还 for an empty profile: every item unknown', () => {
    expect(pair('p-empty', 'fx-job-retention')).toEqual({
      verdict: 'unknown',
      met: [],
      unmet: [],
      unknown: ['insured', 'small-unit', 'layoff-20', 'big-unit', 'layoff-5', 'dishonest'],
    });
  });

  it('研发补助 founded exactly one year before the date: 满1年 is met on the anniversary', () => {
    // Founded 2025-12-04, date 2026-12-04 → 1 full year. 科技型中小企业 meets the any; rd 20% ≥ 3.
    expect(pair('p-soft-small-floor', 'fx-rd-subsidy')).toEqual({
      verdict: 'eligible',
      met: ['reg', 'tech-sme', 'rd-ratio', 'age'],
      unmet: ['hte'],
      unknown: [],
    });
  });

  it('研发补助 for a company founded this year with no R&D: everything but the district fails', () => {
    expect(pair('p-soft-micro', 'fx-rd-subsidy')).toEqual({
      verdict: 'ineligible',
      met: ['reg'],
      unmet: ['hte', 'tech-sme', 'rd-ratio', 'age'],
      unknown: [],
    });
  });

  it('研发补助 with qualifications missing: both titles unknown, so the any and the verdict are unknown', () => {
    expect(pair('p-quals-missing', 'fx-rd-subsidy')).toEqual({
      verdict: 'unknown',
      met: ['reg', 'rd-ratio', 'age'],
      unmet: [],
      unknown: ['hte', 'tech-sme'],
    });
  });

  it('研发补助 with qualifications given as none: both titles unmet, so ineligible', () => {
    expect(pair('p-quals-empty', 'fx-rd-subsidy')).toEqual({
      verdict: 'ineligible',
      met: ['reg', 'rd-ratio', 'age'],
      unmet: ['hte', 'tech-sme'],
      unknown: [],
    });
  });

  it('研发补助 for an enterprise registered outside the city: only the district fails', () => {
    expect(pair('p-outside-city', 'fx-rd-subsidy')).toEqual({
      verdict: 'ineligible',
      met: ['hte', 'tech-sme', 'rd-ratio', 'age'],
      unmet: ['reg'],
      unknown: [],
    });
  });

  it('招商落户 for a county enterprise in traditional characters (臨江縣): the county exclusion applies; founded 5 years ago', () => {
    // county is under `not`: 临江县 is in [青溪县, 临江县] → holds → unmet. new: 5 years, not < 1 → unmet.
    expect(pair('p-traditional-county', 'fx-investment-attraction')).toEqual({
      verdict: 'ineligible',
      met: [],
      unmet: ['county', 'new'],
      unknown: ['capital'],
    });
  });

  it('招商落户 founded one day less than a year ago with exactly 1000 万元 capital: eligible', () => {
    // Founded 2025-12-05 → 0 full years on 2026-12-04 → < 1 met; capital 1000 ≥ 1000; 示例区 not a county → met.
    expect(pair('p-wholesale-small', 'fx-investment-attraction')).toEqual({
      verdict: 'eligible',
      met: ['capital', 'county', 'new'],
      unmet: [],
      unknown: [],
    });
  });

  it('招商落户 founded exactly a year ago: 1 year is not < 1', () => {
    expect(pair('p-wholesale-small-floor', 'fx-investment-attraction')).toEqual({
      verdict: 'ineligible',
      met: ['county'],
      unmet: ['new'],
      unknown: ['capital'],
    });
  });

  it('外资增资 with capital 5001 (> 5000) in 南湖区 (notIn the counties): eligible', () => {
    expect(pair('p-wholesale-mid', 'fx-foreign-investment')).toEqual({
      verdict: 'eligible',
      met: ['foreign', 'capital', 'district'],
      unmet: [],
      unknown: [],
    });
  });

  it('无雇工个体户 with employees 0 (== 0 met, and 0 is a value, not a missing fact)', () => {
    expect(pair('p-retail-solo', 'fx-solo-individual')).toEqual({
      verdict: 'unknown',
      met: ['individual', 'no-staff'],
      unmet: [],
      unknown: ['flexible'],
    });
  });

  it('微型企业创业扶持 for a shop founded on 29 February 2024: 2 years 9 months on 2026-12-04 is more than 成立2年以内 allows', () => {
    // 2024-02-29 → 2026-11-29 is 33 months, then 5 of November's 30 days: (33 + 5/30) / 12 ≈ 2.76 > 2.
    expect(pair('p-retail-solo', 'fx-micro-startup')).toEqual({
      verdict: 'ineligible',
      met: ['micro', 'revenue'],
      unmet: ['young'],
      unknown: [],
    });
  });

  it('微型企业创业扶持 for a builder with assets only: 微型 (assets below 小型), revenue unknown', () => {
    expect(pair('p-build-micro-partial', 'fx-micro-startup')).toEqual({
      verdict: 'unknown',
      met: ['micro', 'young'],
      unmet: [],
      unknown: ['revenue'],
    });
  });

  it('个体户房租补贴 for a 示例区 retail 个体户: only the lease left to check', () => {
    expect(pair('p-retail-micro', 'fx-individual-rent')).toEqual({
      verdict: 'unknown',
      met: ['individual', 'trade', 'district'],
      unmet: [],
      unknown: ['lease'],
    });
  });

  it('住宿餐饮纾困: credit C passes notIn [D]; credit D does not; a 中型 restaurant is not 小微', () => {
    expect(pair('p-hotel-micro', 'fx-catering-relief')).toEqual({
      verdict: 'unknown',
      met: ['hospitality', 'small-micro', 'credit'],
      unmet: [],
      unknown: ['premises'],
    });
    expect(pair('p-catering-small', 'fx-catering-relief')).toEqual({
      verdict: 'ineligible',
      met: ['hospitality', 'small-micro'],
      unmet: ['credit'],
      unknown: ['premises'],
    });
    expect(pair('p-catering-mid', 'fx-catering-relief')).toEqual({
      verdict: 'ineligible',
      met: ['hospitality', 'credit'],
      unmet: ['small-micro'],
      unknown: ['premises'],
    });
  });

  it('小微贷款贴息 with the size unknown (builder without assets): size unknown, the 房地产/金融 exclusion does not apply', () => {
    expect(pair('p-build-unknown', 'fx-micro-loan-interest')).toEqual({
      verdict: 'unknown',
      met: ['credit', 'finance-realty'],
      unmet: [],
      unknown: ['small-micro', 'loan'],
    });
  });

  it('小微贷款贴息 for a 小型 real-estate developer: excluded by prefix K70 under not', () => {
    expect(pair('p-realty-small', 'fx-micro-loan-interest')).toEqual({
      verdict: 'ineligible',
      met: ['small-micro', 'credit'],
      unmet: ['finance-realty'],
      unknown: ['loan'],
    });
  });

  it('重点企业服务 (any): 5000 people is enough although revenue and assets fall short', () => {
    expect(pair('p-ind-many-staff', 'fx-key-enterprise')).toEqual({
      verdict: 'eligible',
      met: ['staff'],
      unmet: ['revenue', 'assets'],
      unknown: [],
    });
  });

  it('两化融合 (not over any with a nested not): credit C fails, the district (two nots deep) is met', () => {
    // not(any[bad-credit, not(reg)]): bad-credit holds (C) → under one not → unmet; reg holds → under two nots → met.
    expect(pair('p-ind-micro-x', 'fx-integration-cert')).toEqual({
      verdict: 'ineligible',
      met: ['reg'],
      unmet: ['bad-credit'],
      unknown: ['cert'],
    });
    // Outside the city with credit A: bad-credit does not hold → met; reg does not hold → unmet.
    expect(pair('p-outside-city', 'fx-integration-cert')).toEqual({
      verdict: 'ineligible',
      met: ['bad-credit'],
      unmet: ['reg'],
      unknown: ['cert'],
    });
    expect(pair('p-ind-large', 'fx-integration-cert')).toEqual({
      verdict: 'unknown',
      met: ['bad-credit', 'reg'],
      unmet: [],
      unknown: ['cert'],
    });
  });

  it('批发零售入限 for a bare section letter F: neither F51 nor F52 by prefix, so ineligible though 600 万元 ≥ 500', () => {
    expect(pair('p-section-only', 'fx-trade-above-quota')).toEqual({
      verdict: 'ineligible',
      met: ['retail-revenue'],
      unmet: ['wholesale', 'wholesale-revenue', 'retail'],
      unknown: [],
    });
  });

  it('批发零售入限 for a retailer at exactly 500 万元: the retail branch is met', () => {
    expect(pair('p-retail-mid', 'fx-trade-above-quota')).toEqual({
      verdict: 'eligible',
      met: ['retail', 'retail-revenue'],
      unmet: ['wholesale', 'wholesale-revenue'],
      unknown: [],
    });
  });

  it('计算机扩产 (industry in a list) with a lower-case code c3914', () => {
    expect(pair('p-lowercase-code', 'fx-computer-expansion')).toEqual({
      verdict: 'eligible',
      met: ['computer', 'revenue'],
      unmet: [],
      unknown: [],
    });
  });

  it('家政奖励 (industry == and district ==): 西城区 with 10 people is eligible, 东城区 is not', () => {
    expect(pair('p-housekeeping', 'fx-housekeeping')).toEqual({
      verdict: 'eligible',
      met: ['housekeeping', 'district', 'staff'],
      unmet: [],
      unknown: [],
    });
    expect(pair('p-housekeeping-east', 'fx-housekeeping')).toEqual({
      verdict: 'ineligible',
      met: ['housekeeping', 'staff'],
      unmet: ['district'],
      unknown: [],
    });
  });

  it('农业龙头: 500 万元 and 2 years on the anniversary are met; 499 万元 and one day short of 2 years are not', () => {
    expect(pair('p-agri-mid', 'fx-agri-leader')).toEqual({
      verdict: 'eligible',
      met: ['agriculture', 'revenue', 'age'],
      unmet: [],
      unknown: [],
    });
    expect(pair('p-agri-small', 'fx-agri-leader')).toEqual({
      verdict: 'ineligible',
      met: ['agriculture'],
      unmet: ['revenue', 'age'],
      unknown: [],
    });
  });

  it('场租补贴 (≤ 3 years): 3 years on the anniversary is in, 4 years is out', () => {
    expect(pair('p-ind-small-y', 'fx-incubator-rent')).toEqual({
      verdict: 'unknown',
      met: ['young', 'small-micro'],
      unmet: [],
      unknown: ['base'],
    });
    expect(pair('p-wholesale-mid', 'fx-incubator-rent')).toEqual({
      verdict: 'ineligible',
      met: [],
      unmet: ['young', 'small-micro'],
      unknown: ['base'],
    });
  });

  it('软件企业扶持 does not need the size: eligible with size unknown; 5.9% R&D is short of 6%', () => {
    expect(pair('p-soft-unknown', 'fx-software-enterprise')).toEqual({
      verdict: 'eligible',
      met: ['software', 'staff', 'rd-ratio'],
      unmet: [],
      unknown: [],
    });
    expect(pair('p-soft-small', 'fx-software-enterprise')).toEqual({
      verdict: 'ineligible',
      met: ['software', 'staff'],
      unmet: ['rd-ratio'],
      unknown: [],
    });
  });

  it('a single item as the whole rule (残保金免征 ≤ 30 people) and a single manual item (绿色工厂)', () => {
    expect(pair('p-ind-small-floor', 'fx-disabled-fund-exempt')).toEqual({
      verdict: 'eligible',
      met: ['small-staff'],
      unmet: [],
      unknown: [],
    });
    expect(pair('p-build-mid', 'fx-disabled-fund-exempt')).toEqual({
      verdict: 'unknown',
      met: [],
      unmet: [],
      unknown: ['small-staff'],
    });
    expect(pair('p-ind-large', 'fx-green-factory')).toEqual({
      verdict: 'unknown',
      met: [],
      unmet: [],
      unknown: ['green'],
    });
  });

  it('六税两费 (any with a manual item): a 大型 company stays unknown on the manual item; a micro 个体户 is eligible', () => {
    expect(pair('p-ind-large', 'fx-six-taxes')).toEqual({
      verdict: 'unknown',
      met: [],
      unmet: ['small-micro', 'individual'],
      unknown: ['small-vat'],
    });
    expect(pair('p-retail-solo', 'fx-six-taxes')).toEqual({
      verdict: 'eligible',
      met: ['small-micro', 'individual'],
      unmet: [],
      unknown: ['small-vat'],
    });
  });

  it('纳税信用: M级 and under 2 years fits 新办首贷; A级 founded one day short of 2 years does not fit 纳税信用贷', () => {
    expect(pair('p-soft-micro', 'fx-new-taxpayer')).toEqual({
      verdict: 'eligible',
      met: ['credit-m', 'young'],
      unmet: [],
      unknown: [],
    });
    expect(pair('p-agri-small', 'fx-credit-loan')).toEqual({
      verdict: 'ineligible',
      met: ['credit-a'],
      unmet: ['age'],
      unknown: [],
    });
  });

  it('持续经营奖励 (> 5 years): exactly 5 years is not more than 5; 6 years is', () => {
    expect(pair('p-ind-mid-floor', 'fx-veteran-enterprise')).toEqual({
      verdict: 'ineligible',
      met: ['revenue'],
      unmet: ['age'],
      unknown: [],
    });
    expect(pair('p-ind-small-x', 'fx-veteran-enterprise')).toEqual({
      verdict: 'eligible',
      met: ['age', 'revenue'],
      unmet: [],
      unknown: [],
    });
  });

  it('years established are exact: 3 years to the day is not 超过3年, 3 years 6 months is (on 2026-12-04)', () => {
    // fx-months-startup: 南湖区, any[满18个月 (>= 1.5), 不足6个月 (< 0.5)], not[超过3年 (> 3)].
    // 2023-12-04: exactly 3 → not > 3 → the exclusion does not apply; 不超过3年 (<= 3, fx-incubator-rent) met.
    expect(pair('p-age-3y', 'fx-months-startup')).toEqual({ verdict: 'eligible', met: ['reg', '18m', 'over3'], unmet: ['new6'], unknown: [] });
    expect(pair('p-age-3y', 'fx-incubator-rent').met).toEqual(['young']);
    // 2023-12-05: a day short of 3 → 成立不满2年 (< 2) still unmet, 不超过3年 met.
    expect(pair('p-age-3y-short', 'fx-incubator-rent').met).toEqual(['young']);
    // 2023-06-04: 3.5 years → 超过3年 holds (whole years said 3, which is not > 3), 不超过3年 is unmet.
    expect(pair('p-age-3y6m', 'fx-months-startup')).toEqual({ verdict: 'ineligible', met: ['reg', '18m'], unmet: ['new6', 'over3'], unknown: [] });
    expect(pair('p-age-3y6m', 'fx-incubator-rent').unmet).toEqual(['young']);
    // 2021-06-04: 5.5 years is 超过5年 (> 5): whole years said 5.
    expect(pair('p-age-5y6m', 'fx-veteran-enterprise')).toEqual({ verdict: 'unknown', met: ['age'], unmet: [], unknown: ['revenue'] });
  });

  it('a bound in months is as fine as a day: 满18个月 (>= 1.5) and 不足6个月 (< 0.5)', () => {
    // 2025-06-04: 18 months to the day = 1.5 → met; 2025-06-05: a day short → unmet (whole years said 1 for both).
    expect(pair('p-age-18m', 'fx-months-startup').verdict).toBe('eligible');
    expect(pair('p-age-18m-short', 'fx-months-startup')).toEqual({ verdict: 'ineligible', met: ['reg', 'over3'], unmet: ['18m', 'new6'], unknown: [] });
    // 2026-06-04: 6 months to the day is not < 0.5; 2026-06-05: a day short is (whole years said 0 for both).
    expect(pair('p-age-6m', 'fx-months-startup').unmet).toEqual(['18m', 'new6']);
    expect(pair('p-age-6m-short', 'fx-months-startup')).toEqual({ verdict: 'eligible', met: ['reg', 'new6', 'over3'], unmet: ['18m'], unknown: [] });
    // 2024-08-31: months run to the last day when the month has no 31st (2026-11-30 is 27 months); 2.26 years.
    expect(pair('p-age-month-end', 'fx-months-startup').met).toEqual(['reg', '18m', 'over3']);
  });

  it('orders one report by hand: eligible in file order, unknown by fewest open items, then ineligible', () => {
    // p-empty: every policy is unknown; the order is by the number of items, ties in file order:
    // the two one-item rules (残保金 #29, 绿色工厂 #34), then the two-item ones from #16 on.
    const counts = report('p-empty').results.map((r) => r.unknown.length);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(
      report('p-empty')
        .results.slice(0, 6)
        .map((r) => r.policyId),
    ).toEqual(['fx-disabled-fund-exempt', 'fx-green-factory', 'fx-innovative-sme', 'fx-tech-center', 'fx-culture', 'fx-credit-loan']);
    // p-retail-solo (微型 个体户 in 示例区, 0 people, 30 万元, 2 years 9 months): eligible 残保金 (#29,
    // 0 ≤ 30), 六税两费 (#30, 微型) in file order (微型创业 #39 wants 2 years at most); then the
    // one-open-item ones in file order: 房租 (#8 lease), 场租 (#11 base), 纳税信用贷 (#27 no credit
    // grade; 2 years met), 绿色工厂 (#34), 数字化 (#35 invest), 重点企业 (#37: revenue and staff unmet,
    // assets unknown), 无雇工 (#41 flexible).
    expect(
      report('p-retail-solo')
        .results.slice(0, 9)
        .map((r) => [r.policyId, r.verdict, r.unknown.length]),
    ).toEqual([
      ['fx-disabled-fund-exempt', 'eligible', 0],
      ['fx-six-taxes', 'eligible', 1],
      ['fx-individual-rent', 'unknown', 1],
      ['fx-incubator-rent', 'unknown', 1],
      ['fx-credit-loan', 'unknown', 1],
      ['fx-green-factory', 'unknown', 1],
      ['fx-digital-transform', 'unknown', 1],
      ['fx-key-enterprise', 'unknown', 1],
      ['fx-solo-individual', 'unknown', 1],
    ]);
  });
});
