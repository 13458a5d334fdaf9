/** Eligibility trees: validation that names the field, three-valued evaluation, polarity under `not`, matching order. */
import { elapsed, elapsedText, elapsedYears, Eligibility, EnterpriseProfile, evaluate, explain, factsOf, matchPolicies, type EligibilityNode } from '../../src/policies';

const rules = (tree: unknown): EligibilityNode => Eligibility.parse(tree);

const HIGH_TECH = rules({
  all: [
    { id: 'district', fact: 'district', op: 'in', value: ['石岐街道', '东区街道'], text: '在本市石岐街道或东区街道注册' },
    { id: 'qualified', fact: 'qualifications', op: 'includes', value: '高新技术企业', text: '有效期内的高新技术企业' },
    { id: 'rd', fact: 'rdRatio', op: '>=', value: 3, text: '研发费用占营业收入比例不低于3%' },
    { not: { id: 'bad-credit', fact: 'taxCredit', op: 'in', value: ['C', 'D'], text: '纳税信用等级为C级或D级的不予支持' } },
    { id: 'clean', text: '近三年无重大违法记录', check: 'manual' },
  ],
});

describe('eligibility rules', () => {
  it('refuses unknown facts and operators, and values that do not fit, naming the field', () => {
    const fail = (tree: unknown) => {
      const r = Eligibility.safeParse(tree);
      expect(r.success).toBe(false);
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(fail({ id: 'a', fact: 'turnover', op: '>=', value: 1, text: 't' })[0]).toMatch(/^fact:/);
    expect(fail({ id: 'a', fact: 'revenue', op: 'approx', value: 1, text: 't' })[0]).toMatch(/^op:/);
    expect(fail({ id: 'a', fact: 'revenue', op: 'includes', value: 1, text: 't' })[0]).toMatch(/^op: revenue 不能用 includes/);
    expect(fail({ id: 'a', fact: 'revenue', op: '>=', value: '100', text: 't' })[0]).toMatch(/^value:/);
    expect(fail({ id: 'a', fact: 'size', op: 'in', value: ['小微'], text: 't' })[0]).toMatch(/^value: 企业规模/);
    expect(fail({ id: 'a', fact: 'qualifications', op: 'includes', value: '优秀企业', text: 't' })[0]).toMatch(/未知的资质/);
    expect(fail({ all: [{ id: 'a', text: 'x', check: 'manual' }, { any: [{ id: 'b', fact: 'district', op: 'in', value: 'x', text: 't' }] }] })[0]).toMatch(
      /^all\.1\.any\.0\.value: in 的 value 应为数组/,
    );
    expect(fail({ all: [{ id: 'a', text: 'x', check: 'manual' }, { id: 'a', text: 'y', check: 'manual' }] })[0]).toMatch(/条件编号重复：a/);
    expect(fail({ all: [] })[0]).toMatch(/^all:/);
    let deep: unknown = { id: 'x', text: 'x', check: 'manual' };
    for (let i = 0; i < 50; i++) deep = { not: deep };
    expect(fail(deep)[0]).toMatch(/嵌套不能超过/);
  });

  it('is three-valued: met, unmet, or unknown for a missing fact or a manual item, with each item’s own status', () => {
    const full = factsOf(
      EnterpriseProfile.parse({ district: '石岐街道', qualifications: ['高新技术企业'], rdRatio: 4.2, taxCredit: 'A' }),
      '2026-12-04',
    );
    const r = explain(HIGH_TECH, full);
    expect(r.verdict).toBe('unknown'); // the manual item
    expect(r.items.map((i) => [i.id, i.status])).toEqual([
      ['district', 'met'],
      ['qualified', 'met'],
      ['rd', 'met'],
      ['bad-credit', 'met'], // not C or D: the requirement is met
      ['clean', 'unknown'],
    ]);
    expect(r.items[2]).toMatchObject({ fact: 'rdRatio', value: 4.2, text: '研发费用占营业收入比例不低于3%' });
    // The fast path gives the same verdict and ids without the texts.
    expect(evaluate(HIGH_TECH, full)).toEqual({ verdict: 'unknown', met: ['district', 'qualified', 'rd', 'bad-credit'], unmet: [], unknown: ['clean'] });

    const badCredit = explain(HIGH_TECH, { ...full, taxCredit: 'D' });
    expect(badCredit.verdict).toBe('ineligible');
    expect(badCredit.items.find((i) => i.id === 'bad-credit')!.status).toBe('unmet');

    const missing = explain(HIGH_TECH, { ...full, rdRatio: undefined });
    expect(missing.verdict).toBe('unknown');
    expect(missing.items.find((i) => i.id === 'rd')).toEqual({ id: 'rd', text: '研发费用占营业收入比例不低于3%', fact: 'rdRatio', status: 'unknown' });

    // Kleene: an unmet item decides `all` even when others are unknown; a met one decides `any`.
    expect(evaluate(HIGH_TECH, { district: '南区街道' }).verdict).toBe('ineligible');
    const either = rules({
      any: [
        { id: 'hi', fact: 'qualifications', op: 'includes', value: '高新技术企业', text: '高企' },
        { id: 'big', fact: 'revenue', op: '>=', value: 5000, text: '营收5000万元以上' },
      ],
    });
    expect(evaluate(either, { revenue: 6000 }).verdict).toBe('eligible');
    expect(evaluate(either, { revenue: 100 }).verdict).toBe('unknown');
    expect(evaluate(either, { revenue: 100, qualifications: [] }).verdict).toBe('ineligible');
  });

  it('counts years established to the date asked, and sizes the enterprise', () => {
    // Exactly 3 years to the day is 3; a day short is below it: (35 months + 29 of the 36th's 30 days) / 12.
    expect(elapsedYears('2023-12-04', '2026-12-04')).toBe(3);
    expect(elapsedYears('2023-12-05', '2026-12-04')).toBe((35 + 29 / 30) / 12);
    expect(elapsedYears('2023-06-04', '2026-12-04')).toBe(3.5);
    expect(elapsedYears('2025-06-04', '2026-12-04')).toBe(1.5);
    expect(elapsedYears('2025-06-05', '2026-12-04')).toBeLessThan(1.5);
    expect(elapsedYears('2026-12-04', '2026-12-04')).toBe(0);
    expect(elapsedYears('2027-01-01', '2026-12-04')).toBeUndefined();
    // A month with no corresponding day ends on its last day (民法典 第二百零三条): founded 29 February,
    // a year on 28 February; founded 31 January, a month on 28 February, two on 31 March.
    expect(elapsedYears('2024-02-29', '2025-02-28')).toBe(1);
    expect(elapsedYears('2024-02-29', '2025-02-27')).toBeLessThan(1);
    expect(elapsedYears('2026-01-31', '2026-02-28')).toBe(1 / 12);
    expect(elapsedYears('2026-01-31', '2026-03-30')).toBe((1 + 30 / 31) / 12);
    expect(elapsedYears('2026-01-31', '2026-03-31')).toBe(2 / 12);
    // What a person reads.
    expect(elapsedText(elapsed('2023-06-04', '2026-12-04')!.parts)).toBe('3年6个月');
    expect(elapsedText(elapsed('2023-12-03', '2026-12-04')!.parts)).toBe('3年零1天');
    expect(elapsedText(elapsed('2023-12-05', '2026-12-04')!.parts)).toBe('2年11个月29天');
    expect(elapsedText(elapsed('2026-06-04', '2026-12-04')!.parts)).toBe('6个月');
    expect(elapsedText(elapsed('2026-12-04', '2026-12-04')!.parts)).toBe('0天');
    const young = rules({ id: 'age', fact: 'establishedYears', op: '<=', value: 3, text: '成立不超过3年' });
    const profile = EnterpriseProfile.parse({ establishedOn: '2023-06-01' });
    expect(evaluate(young, factsOf(profile, '2026-05-31')).verdict).toBe('eligible');
    expect(evaluate(young, factsOf(profile, '2026-06-01')).verdict).toBe('eligible');
    // 3 years and a day: whole years called it 3, and 不超过3年 held for a whole year more.
    expect(evaluate(young, factsOf(profile, '2026-06-02')).verdict).toBe('ineligible');
    expect(evaluate(young, factsOf(profile, '2026-12-01')).verdict).toBe('ineligible');
    const over = rules({ id: 'age', fact: 'establishedYears', op: '>', value: 3, text: '成立超过3年' });
    expect(evaluate(over, factsOf(profile, '2026-06-01')).verdict).toBe('ineligible');
    expect(evaluate(over, factsOf(profile, '2026-06-02')).verdict).toBe('eligible');
    expect(evaluate(over, factsOf(profile, '2026-12-01')).verdict).toBe('eligible');
    const months = rules({ id: 'age', fact: 'establishedYears', op: '>=', value: 1.5, text: '成立满18个月' });
    expect(evaluate(months, factsOf(profile, '2024-12-01')).verdict).toBe('eligible');
    expect(evaluate(months, factsOf(profile, '2024-11-30')).verdict).toBe('ineligible');
    // The explanation shows the span readably, and the number to two decimals, never rounded up onto a bound.
    expect(explain(over, factsOf(profile, '2026-12-01')).items[0]).toMatchObject({ value: 3.5, shown: '3年6个月', status: 'met' });
    expect(explain(young, factsOf(EnterpriseProfile.parse({ establishedOn: '2023-06-02' }), '2026-06-01')).items[0]).toMatchObject({ value: 2.99, shown: '2年11个月30天', status: 'met' });
    const small = rules({ id: 'sme', fact: 'size', op: 'in', value: ['小型', '微型'], text: '小微企业' });
    expect(evaluate(small, factsOf(EnterpriseProfile.parse({ industry: 'C3911', employees: 50, revenue: 1000 }), '2026-12-04')).verdict).toBe('eligible');
    expect(evaluate(small, factsOf(EnterpriseProfile.parse({ industry: 'C3911', employees: 50 }), '2026-12-04')).verdict).toBe('unknown');
  });

  it('profiles refuse wrong types and bad credit codes, naming the field', () => {
    const r = EnterpriseProfile.safeParse({ employees: '50', creditCode: '91350100M000100Y44', industry: 'X99', qualifications: ['优秀'] });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['creditCode', 'employees', 'industry', 'qualifications.0']);
    expect(EnterpriseProfile.parse({ creditCode: '91350100 m000100y43', industry: 'c3911' })).toEqual({ creditCode: '91350100M000100Y43', industry: 'C3911' });
    // A district written in traditional characters or full width is the same district.
    expect(EnterpriseProfile.parse({ district: ' 東城區 ' }).district).toBe('东城区');
    expect(EnterpriseProfile.parse({ district: '示例高新技術產業開發區' }).district).toBe('示例高新技术产业开发区');
    expect(EnterpriseProfile.safeParse({ district: '　' }).error?.issues[0]?.path).toEqual(['district']);
  });

  it('orders matches: eligible, then unknown by fewest open items, then ineligible', () => {
    const policies = [
      { id: 'no-rules', title: '未拆分条件的政策' },
      { id: 'two-open', title: 'B', rules: rules({ all: [{ id: 'a', text: 'a', check: 'manual' }, { id: 'b', fact: 'revenue', op: '>=', value: 1, text: 'b' }] }) },
      { id: 'out', title: 'C', rules: rules({ id: 'c', fact: 'employees', op: '>=', value: 100, text: 'c' }) },
      { id: 'one-open', title: 'D', rules: rules({ id: 'd', text: 'd', check: 'manual' }) },
      { id: 'in', title: 'E', rules: rules({ id: 'e', fact: 'employees', op: '<', value: 100, text: 'e' }) },
    ];
    const report = matchPolicies(EnterpriseProfile.parse({ employees: 12 }), policies, '2026-12-04');
    expect(report.results.map((r) => [r.policyId, r.verdict])).toEqual([
      ['in', 'eligible'],
      ['one-open', 'unknown'],
      ['two-open', 'unknown'],
      ['no-rules', 'unknown'],
      ['out', 'ineligible'],
    ]);
    expect(report.size).toBeNull();
  });
});
