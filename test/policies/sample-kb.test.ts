/** The sample knowledge base's policies carry eligibility rules, and matching shows every verdict for typical small enterprises. */
import { join } from 'node:path';
import { loadKnowledgeBase } from '../../src/kb';
import { EnterpriseProfile, matchPolicies, type MatchablePolicy } from '../../src/policies';

const kb = loadKnowledgeBase(join(__dirname, '../../knowledge-base'));
const policies = kb.entries.filter((e) => e.kind === 'policy') as MatchablePolicy[];

describe('sample knowledge base policies', () => {
  it('every policy has rules', () => {
    expect(policies.length).toBeGreaterThanOrEqual(30);
    expect(policies.filter((p) => !p.rules).map((p) => p.id)).toEqual([]);
  });

  it.each([
    ['a small software company', { industry: 'I6510', employees: 35, revenue: 800, district: '南湖区', establishedOn: '2021-03-01', qualifications: ['科技型中小企业'], rdRatio: 6, taxCredit: 'B' }],
    ['a micro restaurant run as 个体工商户', { industry: 'H6210', employees: 6, revenue: 90, district: '示例区', establishedOn: '2024-06-01', qualifications: ['个体工商户'] }],
    ['a medium manufacturer', { industry: 'C3412', employees: 320, revenue: 2600, assets: 9000, district: '东城区', establishedOn: '2012-01-01', qualifications: ['规模以上工业企业', '高新技术企业'], rdRatio: 3.2, taxCredit: 'A' }],
  ])('%s sees eligible, unknown and ineligible policies', (_name, raw) => {
    const { results } = matchPolicies(EnterpriseProfile.parse(raw), policies, '2026-12-04');
    expect(new Set(results.map((r) => r.verdict))).toEqual(new Set(['eligible', 'unknown', 'ineligible']));
  });
});
