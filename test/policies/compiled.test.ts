/**
 * Matching runs each policy's rules compiled into a flat program (src/policies/evaluate.ts) and orders
 * the results by a counting sort (match.ts). Here both are checked against the plainest reading of
 * the rules, a recursive walk and a comparison sort, on generated policies with nested any / not and
 * manual items and on generated profiles with facts missing.
 */
import { generatePolicy } from '../../bench/sections/policies';
import { seededRandom } from '../../src/util/random';
import {
  Eligibility,
  evaluate,
  factsOf,
  matchPolicies,
  QUALIFICATIONS,
  type EligibilityNode,
  type EnterpriseProfile,
  type Facts,
  type MatchablePolicy,
} from '../../src/policies';

type Truth = 'met' | 'unmet' | 'unknown';
const FLIP: Record<Truth, Truth> = { met: 'unmet', unmet: 'met', unknown: 'unknown' };

/** Kleene logic read straight from the tree; every item reported as eligibility reads it. */
function walk(node: EligibilityNode, facts: Facts, flipped: boolean, out: [string, Truth][]): Truth {
  if ('all' in node || 'any' in node) {
    const kids = ('all' in node ? node.all : node.any).map((k) => walk(k, facts, flipped, out));
    if ('all' in node) return kids.includes('unmet') ? 'unmet' : kids.includes('unknown') ? 'unknown' : 'met';
    return kids.includes('met') ? 'met' : kids.includes('unknown') ? 'unknown' : 'unmet';
  }
  if ('not' in node) return FLIP[walk(node.not, facts, !flipped, out)];
  let truth: Truth = 'unknown';
  if (!('check' in node)) {
    const actual = facts[node.fact] as unknown;
    const v = node.value as unknown;
    if (actual !== undefined) {
      const ok = {
        in: () => (v as unknown[]).includes(actual),
        notIn: () => !(v as unknown[]).includes(actual),
        prefix: () => (Array.isArray(v) ? v : [v]).some((p) => String(actual).startsWith(String(p))),
        '==': () => actual === v,
        '>=': () => (actual as number) >= (v as number),
        '>': () => (actual as number) > (v as number),
        '<=': () => (actual as number) <= (v as number),
        '<': () => (actual as number) < (v as number),
        includes: () => (actual as unknown[]).includes(v),
      }[node.op]();
      truth = ok ? 'met' : 'unmet';
    }
  }
  out.push([node.id, flipped ? FLIP[truth] : truth]);
  return truth;
}

const rand = seededRandom(1306);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
// Generated policies, each wrapped at random in a not, a not of a not, or an any beside a manual item.
const policies: MatchablePolicy[] = Array.from({ length: 400 }, (_, i) => {
  const p = generatePolicy(rand, i);
  const tree = JSON.parse(JSON.stringify(p.rules)) as unknown;
  const wrapped = pick([tree, { not: tree }, { not: { not: tree } }, { any: [tree, { id: 'm', text: '人工核验', check: 'manual' }] }]);
  return { ...p, rules: i % 50 === 7 ? undefined : Eligibility.parse(wrapped) };
});
const profiles: EnterpriseProfile[] = Array.from({ length: 60 }, () => {
  const maybe = <T>(v: T): T | undefined => (rand() < 0.8 ? v : undefined);
  const profile = {
    district: maybe(pick(['石岐街道', '东区街道', '西区街道', '小榄镇'])),
    industry: maybe(pick(['C3911', 'I6510', 'F5123', 'H6210', 'A0111'])),
    establishedOn: maybe(`${2012 + Math.floor(rand() * 15)}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`),
    employees: maybe(Math.floor(rand() * 600)),
    revenue: maybe(Math.round(rand() * 30000)),
    assets: maybe(Math.round(rand() * 30000)),
    qualifications: maybe(QUALIFICATIONS.filter(() => rand() < 0.15)),
    rdRatio: maybe(Math.round(rand() * 100) / 10),
    taxCredit: maybe(pick(['A', 'B', 'M', 'C', 'D'] as const)),
  };
  return Object.fromEntries(Object.entries(profile).filter(([, v]) => v !== undefined)) as EnterpriseProfile;
});
const ON = '2026-12-04';

describe('compiled rules against a plain walk of the tree', () => {
  it('gives every policy the same verdict and the same items met, unmet and unknown', () => {
    let compared = 0;
    for (const profile of profiles) {
      const facts = factsOf(profile, ON);
      for (const policy of policies) {
        if (!policy.rules) continue;
        const out: [string, Truth][] = [];
        const truth = walk(policy.rules, facts, false, out);
        const ids = (t: Truth) => out.filter(([, s]) => s === t).map(([id]) => id);
        const verdict = { met: 'eligible', unmet: 'ineligible', unknown: 'unknown' }[truth];
        expect(evaluate(policy.rules, facts)).toEqual({ verdict, met: ids('met'), unmet: ids('unmet'), unknown: ids('unknown') });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(20_000);
  });

  it('orders a report as a stable sort would: eligible, unknown by open items (no rules last), ineligible', () => {
    const rank = { eligible: 0, unknown: 1, ineligible: 2 };
    for (const profile of profiles.slice(0, 20)) {
      const { results } = matchPolicies(profile, policies, ON);
      const byId = new Map(policies.map((p, i) => [p.id, i]));
      const key = (r: (typeof results)[number]) => rank[r.verdict] * 1e6 + (r.verdict !== 'unknown' ? 0 : policies[byId.get(r.policyId)!]!.rules ? r.unknown.length : 999_999);
      const sorted = [...results].sort((a, b) => key(a) - key(b) || byId.get(a.policyId)! - byId.get(b.policyId)!);
      expect(results.map((r) => r.policyId)).toEqual(sorted.map((r) => r.policyId));
      expect(new Set(results.map((r) => r.policyId)).size).toBe(policies.length);
    }
  });
});
