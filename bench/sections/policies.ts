/**
 * Policy matching (src/policies): one enterprise profile against 2,000 policies, and a 免申即享 scan
 * of 100,000 enterprises against one policy, each beside the same rules evaluated with
 * json-rules-engine in the same run (the baseline: two-valued, a missing fact counts as false).
 * Policies and enterprises are generated from a fixed seed over every fact and operator.
 */
import { Engine as RulesEngine, type NestedCondition, type TopLevelCondition } from 'json-rules-engine';
import {
  createNoticeService,
  Eligibility,
  factsOf,
  itemsOf,
  matchPolicies,
  matchPolicy,
  memoryNoticeSink,
  memoryNoticeStore,
  memoryRegistry,
  QUALIFICATIONS,
  SIZES,
  type EligibilityNode,
  type EnterpriseProfile,
  type Facts,
  type MatchablePolicy,
} from '../../src/policies';
import { seededRandom } from '../../src/util/random';
import { gc } from '../lib/gc';
import { check, type Section } from '../lib/section';
import { median, ms, percentile } from '../lib/stats';

export const TARGETS = { matchP99Ms: 5, scanMs: 2000 };
const POLICIES = 2000;
const ENTERPRISES = 100_000;
const PROFILES = 300;
const ON = '2026-12-04';

const DISTRICTS = ['石岐街道', '东区街道', '西区街道', '南区街道', '火炬开发区', '小榄镇', '古镇镇', '坦洲镇'];
const INDUSTRIES = ['C3911', 'C3311', 'C2710', 'I6510', 'I6420', 'F5123', 'F5212', 'E4710', 'H6210', 'L7211', 'M7320', 'G5411', 'A0111', 'K7010'];

export function generatePolicy(rand: () => number, i: number): MatchablePolicy {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  let n = 0;
  const item = (): unknown => {
    const id = `c${n++}`;
    switch (Math.floor(rand() * 9)) {
      case 0:
        return { id, fact: 'district', op: 'in', value: [pick(DISTRICTS), pick(DISTRICTS)], text: '注册地' };
      case 1:
        return { id, fact: 'industry', op: 'prefix', value: [pick(INDUSTRIES).slice(0, pick([1, 3, 4]))], text: '行业' };
      case 2:
        return { id, fact: 'size', op: 'in', value: [pick(SIZES), pick(SIZES)], text: '规模' };
      case 3:
        return { id, fact: 'establishedYears', op: pick(['>=', '<=']), value: 1 + Math.floor(rand() * 8), text: '成立年限' };
      case 4:
        return { id, fact: 'revenue', op: pick(['>=', '<']), value: Math.round(rand() * 20000), text: '营业收入' };
      case 5:
        return { id, fact: 'employees', op: pick(['>=', '<=']), value: Math.round(rand() * 300), text: '从业人员' };
      case 6:
        return { id, fact: 'qualifications', op: 'includes', value: pick(QUALIFICATIONS), text: '资质' };
      case 7:
        return { id, fact: 'rdRatio', op: '>=', value: Math.round(rand() * 8), text: '研发投入占比' };
      default:
        return rand() < 0.5 ? { id, text: '近三年无重大违法记录', check: 'manual' } : { not: { id, fact: 'taxCredit', op: 'in', value: ['C', 'D'], text: '纳税信用' } };
    }
  };
  const tree = { all: [item(), item(), { any: [item(), item()] }, ...(rand() < 0.5 ? [item()] : [])] };
  return { id: `policy-${i}`, title: `政策 ${i}`, rules: Eligibility.parse(tree) };
}

function generateProfile(rand: () => number, i: number): EnterpriseProfile {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const maybe = <T>(value: T): T | undefined => (rand() < 0.85 ? value : undefined);
  const profile: Record<string, unknown> = {
    id: `E${i}`,
    district: maybe(pick(DISTRICTS)),
    industry: maybe(pick(INDUSTRIES)),
    establishedOn: maybe(`${2010 + Math.floor(rand() * 16)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`),
    employees: maybe(Math.floor(rand() * 800)),
    revenue: maybe(Math.round(rand() * 50000)),
    assets: maybe(Math.round(rand() * 50000)),
    qualifications: maybe(QUALIFICATIONS.filter(() => rand() < 0.1)),
    rdRatio: maybe(Math.round(rand() * 100) / 10),
    taxCredit: maybe(pick(['A', 'B', 'M', 'C', 'D'] as const)),
  };
  return Object.fromEntries(Object.entries(profile).filter(([, v]) => v !== undefined)) as EnterpriseProfile;
}

// ---------------------------------------------------------------- the baseline

const OPERATOR: Record<string, string> = { in: 'in', notIn: 'notIn', '>=': 'greaterThanInclusive', '>': 'greaterThan', '<=': 'lessThanInclusive', '<': 'lessThan', '==': 'equal', includes: 'contains', prefix: 'prefix' };

function toRulesCondition(node: EligibilityNode): NestedCondition {
  if ('check' in node) return { fact: 'manual', operator: 'equal', value: true }; // never known: false
  if ('fact' in node) return { fact: node.fact, operator: OPERATOR[node.op]!, value: node.value };
  if ('all' in node) return { all: node.all.map(toRulesCondition) };
  if ('any' in node) return { any: node.any.map(toRulesCondition) };
  return { not: toRulesCondition(node.not) };
}

function rulesEngine(policies: readonly MatchablePolicy[]): RulesEngine {
  const engine = new RulesEngine([], { allowUndefinedFacts: true });
  engine.addOperator('prefix', (actual: unknown, prefixes: string[]) => typeof actual === 'string' && prefixes.some((p) => actual.startsWith(p)));
  for (const p of policies) engine.addRule({ conditions: toRulesCondition(p.rules!) as TopLevelCondition, event: { type: p.id } });
  return engine;
}

const factRecord = (facts: Facts): Record<string, unknown> => ({ ...facts, qualifications: facts.qualifications ?? [] });

async function time(fn: () => unknown): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

export const policiesSection: Section = {
  name: 'policies',
  async run() {
    const rand = seededRandom(20261204);
    const policies = Array.from({ length: POLICIES }, (_, i) => generatePolicy(rand, i));
    const profiles = Array.from({ length: PROFILES }, (_, i) => generateProfile(rand, i));
    // 免申即享 policies are granted from data alone: one without manual items.
    const exempt = policies.find((p) => !itemsOf(p.rules!).some((item) => 'check' in item))!;

    // One profile against every policy.
    for (const p of profiles.slice(0, 30)) matchPolicies(p, policies, ON);
    gc();
    const matchTimes: number[] = [];
    let eligible = 0;
    for (const p of profiles) {
      const t0 = performance.now();
      eligible += matchPolicies(p, policies, ON).results.filter((r) => r.verdict === 'eligible').length;
      matchTimes.push(performance.now() - t0);
    }
    const all = rulesEngine(policies);
    for (const p of profiles.slice(0, 10)) await all.run(factRecord(factsOf(p, ON)));
    const baselineMatch: number[] = [];
    for (const p of profiles) {
      const facts = factRecord(factsOf(p, ON));
      baselineMatch.push(await time(() => all.run(facts)));
    }

    // A 免申即享 scan: one policy, every enterprise in the registry (made only now: a large heap
    // would slow the collections during the match timings above).
    const enterprises = Array.from({ length: ENTERPRISES }, (_, i) => generateProfile(rand, i));
    gc();
    let scanEligible = 0;
    let scanUnknown = 0;
    const scanMs = await time(() => {
      for (const e of enterprises) {
        const verdict = matchPolicy(exempt, factsOf(e, ON)).verdict;
        if (verdict === 'eligible') scanEligible++;
        else if (verdict === 'unknown') scanUnknown++;
      }
    });
    // The same scan as the server runs it: the registry walked, each eligible enterprise's notice
    // kept (deduplicated) and handed to a sink, the unknown ones listed for verification (stores in memory).
    const registry = memoryRegistry(enterprises.map((e, i) => ({ ...e, id: `E${i}`, name: `企业${i}` })));
    const sink = memoryNoticeSink();
    const service = createNoticeService({ registry, store: memoryNoticeStore(), sink });
    gc();
    let serviceScan = { ms: 0, eligible: 0 };
    const serviceScanMs = await time(async () => {
      const s = await service.scan([{ ...exempt, noApplication: true }], ON);
      serviceScan = { ms: s.ms, eligible: s.policies[0]!.eligible };
    });
    const one = rulesEngine([exempt]);
    gc();
    const baselineScanMs = await time(async () => {
      for (const e of enterprises) await one.run(factRecord(factsOf(e, ON)));
    });

    const p50 = median(matchTimes);
    const p99 = percentile(matchTimes, 99);
    const b50 = median(baselineMatch);
    const b99 = percentile(baselineMatch, 99);
    return {
      name: 'policies',
      rows: [
        ['', 'qihu | json-rules-engine | ratio'],
        [`one profile × ${POLICIES} policies, p50`, `${ms(p50)} | ${ms(b50)} | ${(b50 / p50).toFixed(1)}×`],
        [`one profile × ${POLICIES} policies, p99`, `${ms(p99)} | ${ms(b99)} | ${(b99 / p99).toFixed(1)}×`],
        [`免申即享 scan, ${ENTERPRISES.toLocaleString('en')} enterprises × 1 policy`, `${ms(scanMs)} | ${ms(baselineScanMs)} | ${(baselineScanMs / scanMs).toFixed(1)}×`],
        [`the same scan through the notice service (registry, notices, verification list)`, `${ms(serviceScanMs)} (${sink.sent.length} notices)`],
        ['eligible per profile (mean) / in the scan', `${(eligible / PROFILES).toFixed(1)} / ${scanEligible} (unknown ${scanUnknown})`],
      ],
      checks: [check('policy match p99 (2,000 policies)', p99, 'ms', TARGETS.matchP99Ms), check('免申即享 scan (100,000 enterprises)', scanMs, 'ms', TARGETS.scanMs), check('免申即享 scan through the notice service', serviceScanMs, 'ms', TARGETS.scanMs)],
      data: { policies: POLICIES, enterprises: ENTERPRISES, profiles: PROFILES, matchP50Ms: p50, matchP99Ms: p99, baselineMatchP50Ms: b50, baselineMatchP99Ms: b99, scanMs, baselineScanMs, scanEligible, scanUnknown, serviceScanMs, serviceScanEligible: serviceScan.eligible },
    };
  },
};
